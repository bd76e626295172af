package io.vigil.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * M MQTT 3.1.1 publishers (Paho async clients), one per device, each keeping at most K QoS 1
 * messages in flight. The same generator drives mosquitto and the gateway, so the floor and the
 * gateway's figures differ only in the server. Each client stamps its messages with strictly
 * increasing milliseconds, because the gateway's store deduplicates on (timestamp, device, metric)
 * and a duplicate stamp would look like a lost reading.
 */
final class LoadGenerator implements AutoCloseable {
    private static final int QOS_AT_LEAST_ONCE = 1;

    private final List<Publisher> publishers;
    private final ExecutorService threads;

    private LoadGenerator(List<Publisher> publishers) {
        this.publishers = publishers;
        this.threads = Executors.newFixedThreadPool(publishers.size(), r -> {
            Thread t = new Thread(r, "bench-publisher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects one client per device (user name = device id) and waits until all are connected. */
    static LoadGenerator connect(String serverUri, List<DeviceFleet.Device> devices, int inflight, Duration timeout)
            throws MqttException {
        // stamps start an hour back so that no run, however long, reaches the gateway's future-timestamp limit
        long firstStampMillis = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
        List<Publisher> publishers = new ArrayList<>();
        List<IMqttToken> connecting = new ArrayList<>();
        try {
            for (DeviceFleet.Device d : devices) {
                Publisher p = new Publisher(serverUri, d, inflight, firstStampMillis);
                publishers.add(p);
                connecting.add(p.connect(timeout));
            }
            for (IMqttToken t : connecting) {
                t.waitForCompletion(timeout.toMillis());
            }
        } catch (MqttException e) {
            publishers.forEach(Publisher::close);
            throw e;
        }
        return new LoadGenerator(publishers);
    }

    /** Publishes {@code messages} as fast as the in-flight windows allow; returns once all are acknowledged (or time is up). */
    LoadResult saturate(long messages, Duration timeout) throws InterruptedException {
        return run(messages, 0, timeout);
    }

    /** Publishes at {@code perSecond} messages/s in total for {@code duration}, evenly spread over clients and time. */
    LoadResult paced(int perSecond, Duration duration, Duration timeout) throws InterruptedException {
        return run((long) perSecond * duration.toSeconds(), perSecond, timeout);
    }

    private LoadResult run(long messages, double perSecond, Duration timeout) throws InterruptedException {
        int m = publishers.size();
        Run run = new Run(messages);
        // paced: client c sends every m/perSecond seconds, offset by c/m of that so sends interleave
        long intervalNanos = perSecond == 0 ? 0 : (long) (1e9 * m / perSecond);
        long start = System.nanoTime();
        List<Future<?>> sending = new ArrayList<>();
        for (int c = 0; c < m; c++) {
            Publisher p = publishers.get(c);
            long share = messages / m + (c < messages % m ? 1 : 0);
            long firstDue = start + c * intervalNanos / m;
            sending.add(threads.submit(() -> p.publish(share, firstDue, intervalNanos, run)));
        }
        boolean complete = run.acks.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        long end = System.nanoTime();
        if (!complete) {
            sending.forEach(f -> f.cancel(true)); // its senders may still wait for a window that never opens
        }
        for (Future<?> f : sending) {
            try {
                f.get();
            } catch (ExecutionException | CancellationException e) {
                // a send failure was already counted by the publisher
            }
        }
        return new LoadResult(messages, run.acked.get(), run.failed.get(),
                complete ? null : "timed out after " + timeout.toSeconds() + " s", run.firstFailure.get(),
                start, end, run.latencies.summarize());
    }

    @Override
    public void close() {
        threads.shutdownNow();
        publishers.forEach(Publisher::close);
    }

    /** Outcome of one run. {@code startNanos}/{@code endNanos}: first publish and last acknowledgement. */
    record LoadResult(long messages, long acked, long failed, String incomplete, String firstFailure, long startNanos,
                      long endNanos, Latencies.Summary latency) {
        boolean allAcked() {
            return acked == messages;
        }

        double ackedPerSecond() {
            return acked / ((endNanos - startNanos) / 1e9);
        }

        /** Why not every message was acknowledged, or null. */
        String problem() {
            if (allAcked()) {
                return null;
            }
            return (messages - acked) + " of " + messages + " messages not acknowledged"
                    + (incomplete != null ? " (" + incomplete + ")" : "")
                    + (firstFailure != null ? "; first failure: " + firstFailure : "");
        }
    }

    /** The shared state of one run; also the completion listener of every publish in it. */
    private static final class Run implements IMqttActionListener {
        final CountDownLatch acks;
        final Latencies latencies;
        final AtomicLong acked = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<String> firstFailure = new AtomicReference<>();

        Run(long messages) {
            this.acks = new CountDownLatch((int) messages);
            this.latencies = new Latencies(messages);
        }

        @Override
        public void onSuccess(IMqttToken token) {
            // for QoS 1 Paho calls this when the PUBACK arrived (its deliveryComplete)
            Sent s = (Sent) token.getUserContext();
            latencies.record(System.nanoTime() - s.publishedAtNanos);
            s.publisher.window.release();
            acked.incrementAndGet();
            acks.countDown();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable failure) {
            ((Sent) token.getUserContext()).publisher.window.release();
            notSent(1, failure);
        }

        void notSent(long count, Throwable failure) {
            firstFailure.compareAndSet(null, String.valueOf(failure));
            failed.addAndGet(count);
            for (long i = 0; i < count; i++) {
                acks.countDown();
            }
        }
    }

    private record Sent(Publisher publisher, long publishedAtNanos) {
    }

    /** One client: its connection, its in-flight window and its timestamp sequence. Publishes from one thread at a time. */
    private static final class Publisher {
        private final MqttAsyncClient client;
        private final DeviceFleet.Device device;
        private final String topic;
        private final int inflight;
        // Paho refuses a publish beyond its in-flight limit instead of waiting; this window waits
        final Semaphore window;
        private long nextStampMillis;

        Publisher(String serverUri, DeviceFleet.Device device, int inflight, long firstStampMillis) throws MqttException {
            this.client = new MqttAsyncClient(serverUri, device.id(), new MemoryPersistence());
            this.device = device;
            this.topic = device.telemetryTopic();
            this.inflight = inflight;
            this.window = new Semaphore(inflight);
            this.nextStampMillis = firstStampMillis;
        }

        IMqttToken connect(Duration timeout) throws MqttException {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            o.setCleanSession(true);
            o.setAutomaticReconnect(false);
            o.setMaxInflight(inflight);
            o.setUserName(device.id());
            o.setPassword(device.password().toCharArray());
            o.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
            o.setKeepAliveInterval(60);
            return client.connect(o);
        }

        /** Sends {@code count} messages, the k-th not before {@code firstDue + k * interval} (interval 0: no pacing). */
        void publish(long count, long firstDueNanos, long intervalNanos, Run run) {
            for (long k = 0; k < count; k++) {
                try {
                    if (intervalNanos > 0) {
                        awaitNanoTime(firstDueNanos + k * intervalNanos);
                    }
                    window.acquire();
                    byte[] payload = payload(nextStampMillis++, k);
                    client.publish(topic, payload, QOS_AT_LEAST_ONCE, false, new Sent(this, System.nanoTime()), run);
                } catch (MqttException e) {
                    window.release();
                    run.notSent(count - k, e);
                    return;
                } catch (InterruptedException e) {
                    run.notSent(count - k, e);
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private static void awaitNanoTime(long due) throws InterruptedException {
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }

        private static byte[] payload(long stampMillis, long k) {
            // a plausible pm10 value that varies, so nothing downstream can special-case a constant
            double pm10 = 10 + (k % 900) / 10.0;
            return ("{\"ts\":" + stampMillis + ",\"values\":{\"pm10\":" + pm10 + "}}").getBytes(StandardCharsets.US_ASCII);
        }

        void close() {
            try {
                if (client.isConnected()) {
                    client.disconnect(2_000).waitForCompletion(5_000);
                }
            } catch (MqttException e) {
                // closing anyway
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                // nothing left to release
            }
        }
    }
}
