package io.vigil.gateway.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real mosquitto broker on a loopback port, with persistence so sessions survive a restart. */
public final class Mosquitto implements AutoCloseable {
    private final int port;
    private final Path dir;
    private Process process;

    public Mosquitto(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public Mosquitto start() throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence true",
                "persistence_location " + dir.toAbsolutePath() + "/",
                "max_queued_messages 100000",
                "max_inflight_messages 100",
                "log_dest file " + dir.toAbsolutePath().resolve("mosquitto.log"),
                // as root, mosquitto drops to its own user and then cannot save its sessions in our directory
                "root".equals(System.getProperty("user.name")) ? "user root" : "",
                ""));
        process = new ProcessBuilder(mosquittoBinary(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Await.until(Duration.ofSeconds(10), "mosquitto listening on " + port, this::accepting);
        return this;
    }

    private static String mosquittoBinary() {
        for (String p : new String[] {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new IllegalStateException("mosquitto is not installed; the README test command installs it (apt-get install mosquitto)");
    }

    private boolean accepting() {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited with " + process.exitValue() + "; see " + dir.resolve("mosquitto.log"));
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the broker gracefully (SIGTERM), so it saves its persistent sessions. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
