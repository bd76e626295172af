package io.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.gateway.support.Api;
import io.vigil.gateway.support.Await;
import io.vigil.gateway.support.GatewayProcess;
import io.vigil.gateway.support.Publisher;
import io.vigil.gateway.support.TestGateways;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise: a QoS 1 PUBACK means the reading survives. The gateway process is killed
 * with SIGKILL while a device is publishing; after a restart every acknowledged reading is in the store.
 */
class CrashRecoveryIT {
    private static final int DEVICES = 4;
    private static final int MESSAGES = 5000;
    private static final long BASE_TS = 1_763_870_000_000L;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedReadingSurvivesKillDashNine() throws Exception {
        Path data = dir.resolve("data");
        Path registry = dir.resolve("registry.yaml");
        StringBuilder devices = new StringBuilder();
        for (int d = 0; d < DEVICES; d++) {
            devices.append("  - {id: dust-").append(d).append(", name: Dust, type: dust-monitor, siteId: s1, password: kill-test-pw,")
                    .append(" channels: [{metric: pm10, unit: ug/m3, expectedInterval: 1m}]}\n");
        }
        Files.writeString(registry, "regions: [{id: city, name: City, level: city}]\n"
                + "sites: [{id: s1, name: S1, kind: construction_site, regionId: city}]\ndevices:\n" + devices);
        Path log = dir.resolve("gateway.log");
        List<Publisher> publishers = new ArrayList<>();
        try (GatewayProcess first = GatewayProcess.start(data, log, "registry.file=" + registry)) {
            for (int d = 0; d < DEVICES; d++) {
                publishers.add(new Publisher(first.mqttUrl(), "dust-" + d, "kill-test-pw", 100));
            }
            List<Thread> threads = new ArrayList<>();
            for (Publisher p : publishers) {
                Thread t = new Thread(() -> publishUntilTheConnectionDies(p));
                t.start();
                threads.add(t);
            }
            // kill in the middle of a steady stream, when plenty of PUBACKs went out
            Await.until(Duration.ofSeconds(60), "PUBACKs under load", () -> acknowledged(publishers) > MESSAGES * DEVICES / 3);
            first.kill();
            for (Thread t : threads) {
                t.join(30_000);
            }
        } finally {
            publishers.forEach(Publisher::close);
        }
        int acked = acknowledged(publishers);
        assertThat(acked).as("the kill came in the middle of the stream").isBetween(MESSAGES * DEVICES / 3, MESSAGES * DEVICES - 1);

        try (GatewayProcess second = GatewayProcess.start(data, log, "registry.file=" + registry)) {
            Api api = new Api(second.httpPort());
            for (int d = 0; d < DEVICES; d++) {
                String device = "dust-" + d;
                Set<Long> expected = new TreeSet<>(publishers.get(d).acknowledged());
                Await.poll(Duration.ofSeconds(60), () -> stored(api, device).containsAll(expected));
                Set<Long> missing = new TreeSet<>(expected);
                missing.removeAll(stored(api, device));
                assertThat(missing).as("acknowledged readings of " + device + " missing after kill -9 and restart").isEmpty();
            }
            JsonObject tsdb = api.get("/api/v1/status").json().getJsonObject("tsdb");
            assertThat(tsdb.getLong("deadLetters")).isZero();
        }
    }

    /** Publishes as fast as the in-flight window allows until all are sent or the gateway is gone. */
    private static void publishUntilTheConnectionDies(Publisher p) {
        for (int i = 0; i < MESSAGES; i++) {
            while (true) {
                try {
                    p.publishAsync(BASE_TS + i, i);
                    break;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || !p.client().isConnected()) {
                        return;
                    }
                    Thread.onSpinWait();
                }
            }
        }
    }

    private static int acknowledged(List<Publisher> publishers) {
        return publishers.stream().mapToInt(p -> p.acknowledged().size()).sum();
    }

    private static Set<Long> stored(Api api, String device) {
        return api.get("/api/v1/devices/" + device + "/readings?metric=pm10&from=0&limit=10000").json().getJsonArray("readings").stream()
                .map(o -> Instant.parse(((JsonObject) o).getString("ts")).toEpochMilli())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
