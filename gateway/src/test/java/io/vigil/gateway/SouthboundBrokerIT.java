package io.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.gateway.support.Api;
import io.vigil.gateway.support.Await;
import io.vigil.gateway.support.Mosquitto;
import io.vigil.gateway.support.Publisher;
import io.vigil.gateway.support.TestGateways;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The external-broker path against a real mosquitto: the gateway subscribes with a persistent
 * session; the broker is restarted in the middle of the stream; every reading the broker
 * acknowledged to the device ends up in the store, none twice. And a shared subscription delivers
 * (Paho v5 drops shared-subscription messages that reach a per-subscription listener).
 */
class SouthboundBrokerIT {
    private static final int MESSAGES = 300;
    private static final long BASE_TS = 1_763_856_000_000L;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void noAcknowledgedReadingIsLostAcrossABrokerRestart() throws Exception {
        int port = TestGateways.freePort();
        Mosquitto broker = new Mosquitto(port, dir.resolve("mosquitto")).start();
        String brokers = "southbound.brokers=[{url: \"tcp://127.0.0.1:" + port + "\", clientId: vigil-it}]";
        try (Gateway gateway = TestGateways.start(dir.resolve("gw"), brokers)) {
            Api api = new Api(gateway.httpPort());
            TestGateways.registerDustMonitor(api, "dust-9", "unused-here", "ug/m3");
            Await.until(WAIT, "gateway subscribed at the broker", () -> brokerState(api).equals("connected"));

            try (Publisher device = new Publisher(broker.url(), "dust-9", null, 20)) {
                for (int i = 0; i < MESSAGES; i++) {
                    if (i == MESSAGES / 2) {
                        broker.stop();
                        Await.until(WAIT, "gateway noticed the broker is gone", () -> brokerState(api).equals("reconnecting"));
                        broker.start();
                    }
                    long ts = BASE_TS + i * 1000L;
                    double value = i;
                    Await.until(WAIT, "broker acknowledged message " + i, () -> device.client().isConnected() && device.publish(ts, value));
                }
                assertThat(device.acknowledged()).hasSize(MESSAGES);
                Await.poll(WAIT, () -> stored(api).size() == MESSAGES);
                assertThat(stored(api)).isEqualTo(new TreeSet<>(device.acknowledged()));
                assertThat(brokerState(api)).isEqualTo("connected");
                JsonObject south = gateway.status().getJsonObject("southbound");
                assertThat(south.getLong("acceptedMessages")).isGreaterThanOrEqualTo(MESSAGES);
            }
        } finally {
            broker.stop();
        }
    }

    @Test
    void sharedSubscriptionDeliversEveryMessage() throws Exception {
        int port = TestGateways.freePort();
        try (Mosquitto broker = new Mosquitto(port, dir.resolve("mosquitto")).start();
             Gateway gateway = TestGateways.start(dir.resolve("gw"),
                     "southbound.brokers=[{url: \"tcp://127.0.0.1:" + port + "\", clientId: vigil-share, shareGroup: vigil}]")) {
            Api api = new Api(gateway.httpPort());
            TestGateways.registerDustMonitor(api, "dust-9", "unused-here", "ug/m3");
            Await.until(WAIT, "gateway subscribed at the broker", () -> brokerState(api).equals("connected"));
            assertThat(api.get("/api/v1/status").json().getJsonObject("southbound").getJsonArray("brokers").getJsonObject(0)
                    .getString("filter")).isEqualTo("$share/vigil/devices/+/telemetry");
            try (Publisher device = new Publisher(broker.url(), "dust-9", null, 20)) {
                for (int i = 0; i < 100; i++) {
                    assertThat(device.publish(BASE_TS + i * 1000L, i)).isTrue();
                }
                Await.poll(WAIT, () -> stored(api).size() == 100);
                assertThat(stored(api)).isEqualTo(new TreeSet<>(device.acknowledged()));
            }
        }
    }

    private static String brokerState(Api api) {
        return api.get("/api/v1/status").json().getJsonObject("southbound").getJsonArray("brokers").getJsonObject(0).getString("state");
    }

    private static Set<Long> stored(Api api) {
        return api.get("/api/v1/devices/dust-9/readings?metric=pm10&from=0&limit=10000").json().getJsonArray("readings").stream()
                .map(o -> java.time.Instant.parse(((JsonObject) o).getString("ts")).toEpochMilli())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
