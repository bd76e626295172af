package io.vigil.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: a private mosquitto on a free loopback port with every limit that could slow it
 * down lifted (no persistence, unlimited in-flight and queued messages), so that publishing to it
 * and draining it with {@code mosquitto_sub} measures how fast messages can move through this
 * machine at all.
 */
final class Mosquitto implements AutoCloseable {
    private static final String TOPIC_FILTER = "devices/+/telemetry";
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final Path dir;
    private final int port;
    private final ChildProcess broker;

    private Mosquitto(Path dir, int port, ChildProcess broker) {
        this.dir = dir;
        this.port = port;
        this.broker = broker;
    }

    static Mosquitto start(Path dir, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = LoopbackPorts.free();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " " + LoopbackPorts.HOST,
                "allow_anonymous true",
                "persistence false",
                "max_inflight_messages 0",
                "set_tcp_nodelay true",
                "max_queued_messages 0",
                // to stderr (our log file), not to a file of its own: as root mosquitto drops to its own user
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "log_type notice",
                // subscriptions are logged so drain() can tell when mosquitto_sub is ready
                "log_type subscribe",
                ""), StandardCharsets.UTF_8);
        ChildProcess broker = ChildProcess.start("mosquitto", List.of("mosquitto", "-c", conf.toString()), dir.resolve("mosquitto.log"),
                STOP_GRACE);
        try {
            LoopbackPorts.awaitListening(port, broker, timeout);
        } catch (RuntimeException | InterruptedException e) {
            broker.close();
            throw e;
        }
        return new Mosquitto(dir, port, broker);
    }

    String uri() {
        return "tcp://" + LoopbackPorts.HOST + ":" + port;
    }

    /** Starts a {@code mosquitto_sub} that takes {@code messages} telemetry messages at QoS 1 and exits; returns once it is subscribed. */
    Drain drain(long messages, Duration timeout) throws IOException, InterruptedException {
        ChildProcess sub = ChildProcess.start("mosquitto_sub", List.of("sh", "-c",
                        // only its exit matters: the messages themselves go to /dev/null, its errors to the log
                        "exec mosquitto_sub -h " + LoopbackPorts.HOST + " -p " + port + " -q 1 --nodelay -i bench-drain -t '" + TOPIC_FILTER
                                + "' -C " + messages + " > /dev/null"),
                dir.resolve("mosquitto_sub.log"), STOP_GRACE);
        Drain drain = new Drain(sub);
        try {
            awaitSubscription(sub, timeout);
        } catch (RuntimeException | IOException | InterruptedException e) {
            drain.close();
            throw e;
        }
        return drain;
    }

    private void awaitSubscription(ChildProcess sub, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(broker.log(), StandardCharsets.UTF_8).contains("bench-drain 1 " + TOPIC_FILTER)) {
            sub.requireAlive();
            broker.requireAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("mosquitto_sub did not subscribe within " + timeout.toSeconds() + " s; see " + broker.log());
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        broker.close();
    }

    /** A running {@code mosquitto_sub}; it is done when it exits. */
    static final class Drain implements AutoCloseable {
        private final ChildProcess sub;

        private Drain(ChildProcess sub) {
            this.sub = sub;
        }

        /** Waits until it has received all its messages and exited; returns {@link System#nanoTime()} of the exit. */
        long awaitExit(Duration timeout) throws InterruptedException {
            try {
                long at = sub.exitedAtNanos().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                if (sub.exitCode() != 0) {
                    throw new IllegalStateException("mosquitto_sub exited with code " + sub.exitCode() + ": " + sub.logTail(5));
                }
                return at;
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("mosquitto_sub had not received all messages after " + timeout.toSeconds() + " s");
            } catch (ExecutionException e) {
                throw new IllegalStateException("waiting for mosquitto_sub failed: " + e.getCause(), e.getCause());
            }
        }

        @Override
        public void close() {
            sub.close();
        }
    }
}
