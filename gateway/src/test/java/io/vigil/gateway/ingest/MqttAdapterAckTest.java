package io.vigil.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.gateway.journal.Journal;
import io.vigil.gateway.journal.JournalEntry;
import io.vigil.gateway.journal.SqliteJournal;
import io.vigil.gateway.registry.PasswordHasher;
import io.vigil.gateway.registry.Registry;
import io.vigil.gateway.support.Await;
import io.vigil.model.Channel;
import io.vigil.model.Device;
import io.vigil.model.Reading;
import io.vigil.model.Unit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter's acknowledgement discipline over a real MQTT connection and a real journal file:
 * while the journal has not confirmed the write, the device gets no PUBACK; PUBACKs come in the
 * order the device published, even when a later message is refused at once.
 */
class MqttAdapterAckTest {
    @TempDir
    Path dir;

    /** Holds every append until the test releases it, then appends for real. */
    static final class GatedJournal implements Journal {
        final SqliteJournal real;
        final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();

        GatedJournal(SqliteJournal real) {
            this.real = real;
        }

        @Override
        public CompletableFuture<Void> append(List<Reading> readings) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            held.add(() -> real.append(readings).whenComplete((v, e) -> {
                if (e != null) {
                    done.completeExceptionally(e);
                } else {
                    done.complete(null);
                }
            }));
            return done;
        }

        void releaseAll() {
            for (Runnable r; (r = held.poll()) != null; ) {
                r.run();
            }
        }

        @Override public void registerDestination(String d) { real.registerDestination(d); }
        @Override public List<JournalEntry> read(String d, int max) { return real.read(d, max); }
        @Override public void acknowledge(String d, long seq) { real.acknowledge(d, seq); }
        @Override public void deadLetter(String d, List<JournalEntry> e, String reason) { real.deadLetter(d, e, reason); }
        @Override public long deadLetterCount(String d) { return real.deadLetterCount(d); }
        @Override public long depth(String d) { return real.depth(d); }
        @Override public long lastSeq() { return real.lastSeq(); }
        @Override public long usedBytes() { return real.usedBytes(); }
        @Override public boolean isFull() { return real.isFull(); }
        @Override public void awaitNewer(long after, long timeout) throws InterruptedException { real.awaitNewer(after, timeout); }
        @Override public void close() { real.close(); }
    }

    @Test
    void acknowledgesOnlyAfterJournalWriteAndInPublishOrder() throws Exception {
        Vertx vertx = Vertx.vertx();
        GatedJournal journal = new GatedJournal(SqliteJournal.open(dir.resolve("journal.db"), 1L << 30));
        journal.registerDestination("check");
        Registry registry = Registry.open(dir.resolve("registry.db"), new PasswordHasher(4));
        registry.putDevice(new Device("d1", "D1", "t", null, List.of(new Channel("pm10", Unit.UG_PER_M3, Duration.ofMinutes(1)))),
                "password-1", null);
        VigilConfig config = new ConfigLoader().load(null, Map.of(), List.of("mqtt.host=127.0.0.1", "mqtt.port=0"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        IngestMetrics metrics = new IngestMetrics(meters, "mqtt");
        MqttAdapter adapter = new MqttAdapter(config.mqtt(), registry, new IngestPipeline(registry, journal, Clock.systemUTC(), meters), metrics);
        vertx.deployVerticle(adapter).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + adapter.actualPort(), "d1", new MemoryPersistence());
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName("d1");
            o.setPassword("password-1".getBytes(StandardCharsets.UTF_8));
            c.connect(o).waitForCompletion(10_000);

            IMqttToken good = c.publish("devices/d1/telemetry", qos1("{\"values\":{\"pm10\":1}}"));
            IMqttToken bad = c.publish("devices/d1/telemetry", qos1("{\"values\":{\"pm10\":\"x\"}}"));
            Await.until(Duration.ofSeconds(10), "the good message waiting for the journal", () -> journal.held.size() == 1);
            // the refused message is decided at once, but its PUBACK must wait behind the pending one
            assertThat(bad.isComplete()).isFalse();
            assertThat(good.isComplete()).as("PUBACK before the journal write").isFalse();
            assertThat(journal.real.lastSeq()).isZero();

            journal.releaseAll();
            good.waitForCompletion(10_000);
            bad.waitForCompletion(10_000);
            assertThat(journal.real.lastSeq()).isEqualTo(1);
            assertThat(journal.real.read("check", 10)).hasSize(1);
            assertThat(bad.getReasonCodes()[0]).isEqualTo(0x99);
        } finally {
            c.disconnect().waitForCompletion(5000);
            c.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            journal.close();
            registry.close();
        }
    }

    private static MqttMessage qos1(String payload) {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return m;
    }
}
