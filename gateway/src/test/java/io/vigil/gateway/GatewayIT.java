package io.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.gateway.support.Api;
import io.vigil.gateway.support.Await;
import io.vigil.gateway.support.TestGateways;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a gateway with the embedded store on free loopback ports, devices registered through
 * the HTTP API, real Paho v3 and v5 clients publishing, readings read back through the API.
 */
class GatewayIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;
    static Gateway gateway;
    static Api api;
    static String mqttUrl;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateways.start(dataDir);
        api = new Api(gateway.httpPort());
        mqttUrl = "tcp://127.0.0.1:" + gateway.mqttPort();
        TestGateways.registerDustMonitor(api, "dust-1", "dust-1-secret", "mg/m3");
        TestGateways.registerDustMonitor(api, "dust-2", "dust-2-secret", "ug/m3");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static MqttAsyncClient v5(String user, String password) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(mqttUrl, "c-" + user + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    /** Publishes with QoS 1 and returns the PUBACK reason code. */
    private static int puback(MqttAsyncClient c, String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        IMqttToken t = c.publish(topic, m);
        try {
            t.waitForCompletion(10_000);
        } catch (MqttException e) {
            return e.getReasonCode();
        }
        int[] codes = t.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    private static int puback(MqttAsyncClient c, String topic, String payload) throws MqttException {
        return puback(c, topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonArray readings(String device, String metric) {
        Api.Response r = api.get("/api/v1/devices/" + device + "/readings?metric=" + metric + "&from=0");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonArray("readings");
    }

    @Test
    void mqtt5PublishIsAcknowledgedStoredInCanonicalUnitsAndReadable() throws Exception {
        MqttAsyncClient c = v5("dust-1", "dust-1-secret");
        try {
            long ts = Instant.parse("2026-11-23T02:00:00Z").toEpochMilli();
            assertThat(puback(c, "devices/dust-1/telemetry", "{\"ts\":" + ts + ",\"values\":{\"pm10\":0.085,\"wind_speed\":2.5}}")).isZero();
            Await.until(WAIT, "pm10 of dust-1 in the store", () -> readings("dust-1", "pm10").size() == 1);
            JsonObject v = readings("dust-1", "pm10").getJsonObject(0);
            assertThat(v.getDouble("value")).isEqualTo(85.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(v.getString("unit")).isEqualTo("ug/m3");
            assertThat(v.getString("ts")).isEqualTo("2026-11-23T02:00:00Z");
            JsonObject latest = api.get("/api/v1/devices/dust-1/latest").json().getJsonObject("values");
            assertThat(latest.getJsonObject("wind_speed").getDouble("value")).isEqualTo(2.5);
            JsonObject device = api.get("/api/v1/devices/dust-1").json();
            assertThat(device.getString("status")).isEqualTo("online");
            assertThat(device.containsKey("password")).isFalse();
            assertThat(device.encode()).doesNotContain("dust-1-secret").doesNotContain("$2y$");
        } finally {
            c.disconnect().waitForCompletion(5000);
            c.close();
        }
    }

    @Test
    void mqtt311PublishWithQos0AndQos1IsStored() throws Exception {
        org.eclipse.paho.client.mqttv3.MqttClient c = new org.eclipse.paho.client.mqttv3.MqttClient(mqttUrl, "v3-dust-2",
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        org.eclipse.paho.client.mqttv3.MqttConnectOptions o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName("dust-2");
        o.setPassword("dust-2-secret".toCharArray());
        c.connect(o);
        try {
            c.publish("devices/dust-2/telemetry", "{\"ts\":\"2026-11-23T10:00:00+08:00\",\"values\":{\"pm10\":120}}".getBytes(StandardCharsets.UTF_8), 0, false);
            c.publish("devices/dust-2/telemetry", "{\"ts\":\"2026-11-23T10:01:00+08:00\",\"values\":{\"pm10\":130}}".getBytes(StandardCharsets.UTF_8), 1, false);
            Await.until(WAIT, "both dust-2 readings in the store", () -> readings("dust-2", "pm10").size() == 2);
            assertThat(readings("dust-2", "pm10")).extracting(o2 -> ((JsonObject) o2).getDouble("value")).containsExactly(120.0, 130.0);
        } finally {
            c.disconnect();
            c.close();
        }
    }

    @Test
    void wrongPasswordAndUnknownDeviceAreRefusedAtConnect() {
        long before = gateway.status().getJsonObject("mqtt").getLong("authFailures");
        assertThatThrownBy(() -> v5("dust-1", "not-the-password")).isInstanceOf(MqttException.class)
                .extracting(e -> ((MqttException) e).getReasonCode()).isEqualTo(0x87);
        assertThat(gateway.status().getJsonObject("mqtt").getLong("authFailures")).isEqualTo(before + 1);
        assertThatThrownBy(() -> v5("ghost", "whatever-pw")).isInstanceOf(MqttException.class)
                .extracting(e -> ((MqttException) e).getReasonCode()).isEqualTo(0x87);
        org.eclipse.paho.client.mqttv3.MqttConnectOptions o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName("dust-2");
        o.setPassword("wrong".toCharArray());
        assertThatThrownBy(() -> {
            try (var c = new org.eclipse.paho.client.mqttv3.MqttClient(mqttUrl, "v3-bad", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence())) {
                c.connect(o);
            }
        }).isInstanceOf(org.eclipse.paho.client.mqttv3.MqttException.class)
                .extracting(e -> ((org.eclipse.paho.client.mqttv3.MqttException) e).getReasonCode())
                .isEqualTo((int) org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_NOT_AUTHORIZED);
        assertThat(gateway.status().getJsonObject("mqtt").getLong("authFailures")).isEqualTo(before + 3);
    }

    @Test
    void badPayloadsGetMqtt5ReasonCodesAndOtherDataIsUndisturbed() throws Exception {
        MqttAsyncClient c = v5("dust-2", "dust-2-secret");
        try {
            String t = "devices/dust-2/telemetry";
            assertThat(puback(c, t, "{\"values\":{\"pm10\":")).isEqualTo(0x99);
            assertThat(puback(c, t, "{\"values\":{\"pm10\":\"high\"}}")).isEqualTo(0x99);
            assertThat(puback(c, t, "{\"values\":{\"pm10\":\"NaN\"}}")).isEqualTo(0x99);
            assertThat(puback(c, t, "{\"values\":{\"so2\":3}}")).isEqualTo(0x83);
            long future = Instant.now().plus(Duration.ofDays(2)).toEpochMilli();
            assertThat(puback(c, t, "{\"ts\":" + future + ",\"values\":{\"pm10\":3}}")).isEqualTo(0x83);
            byte[] big = new byte[70 * 1024];
            Arrays.fill(big, (byte) ' ');
            assertThat(puback(c, t, big)).isEqualTo(0x83);
            assertThat(puback(c, "devices/dust-1/telemetry", "{\"values\":{\"pm10\":1}}")).as("another device's topic").isEqualTo(0x87);
            assertThat(puback(c, "devices/dust-2/commands", "{\"values\":{\"pm10\":1}}")).isEqualTo(0x90);
            long ts = Instant.parse("2026-11-23T03:00:00Z").toEpochMilli();
            assertThat(puback(c, t, "{\"ts\":" + ts + ",\"values\":{\"pm10\":77}}")).as("still accepted after bad ones").isZero();
            Await.until(WAIT, "the good reading", () -> readings("dust-2", "pm10").stream()
                    .anyMatch(o -> ((JsonObject) o).getDouble("value") == 77.0));
            assertThat(readings("dust-1", "pm10")).as("nothing from dust-2 landed on dust-1")
                    .noneMatch(o -> ((JsonObject) o).getDouble("value") == 1000.0 || ((JsonObject) o).getDouble("value") == 1.0);
            JsonObject rejected = gateway.status().getJsonObject("mqtt").getJsonObject("rejected");
            assertThat(rejected.getLong("malformed")).isGreaterThanOrEqualTo(1);
            assertThat(rejected.getLong("not_a_number")).isGreaterThanOrEqualTo(2);
            assertThat(rejected.getLong("unknown_metric")).isGreaterThanOrEqualTo(1);
            assertThat(rejected.getLong("future_timestamp")).isGreaterThanOrEqualTo(1);
            assertThat(rejected.getLong("too_large")).isGreaterThanOrEqualTo(1);
            assertThat(rejected.getLong("not_authorized")).isGreaterThanOrEqualTo(1);
            assertThat(rejected.getLong("topic_invalid")).isGreaterThanOrEqualTo(1);
            assertThat(api.get("/metrics").body()).contains("vigil_ingest_rejected_total{reason=\"malformed\",transport=\"mqtt\"}");
        } finally {
            c.disconnect().waitForCompletion(5000);
            c.close();
        }
    }

    @Test
    void apiValidatesAndNamesTheFieldAndGuardsReferences() {
        Api.Response bad = api.post("/api/v1/devices", "{\"id\":\"x-1\",\"name\":\"X\",\"type\":\"t\",\"password\":\"long-enough\","
                + "\"channels\":[{\"metric\":\"pm10\",\"unit\":\"ug/m3\",\"expectedInterval\":\"soon\"}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().getString("field")).isEqualTo("channels[0].expectedInterval");
        assertThat(api.post("/api/v1/devices", "not json").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/devices", "{\"id\":\"dust-1\",\"name\":\"D\",\"type\":\"t\",\"password\":\"long-enough\","
                + "\"channels\":[{\"metric\":\"pm10\",\"unit\":\"ug/m3\",\"expectedInterval\":\"1m\"}]}").status()).isEqualTo(409);
        assertThat(api.post("/api/v1/devices", "{\"id\":\"x-2\",\"name\":\"D\",\"type\":\"t\",\"siteId\":\"nowhere\",\"password\":\"long-enough\","
                + "\"channels\":[{\"metric\":\"pm10\",\"unit\":\"ug/m3\",\"expectedInterval\":\"1m\"}]}").json().getString("field")).isEqualTo("siteId");
        assertThat(api.delete("/api/v1/sites/site-1").status()).isEqualTo(409);
        assertThat(api.get("/api/v1/devices/nope").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/devices/dust-1/readings?limit=0").json().getString("field")).isEqualTo("limit");
        assertThat(api.get("/api/v1/devices/dust-1/readings?metric=so2").json().getString("field")).isEqualTo("metric");
        assertThat(api.get("/api/v1/regions").array()).extracting(o -> ((JsonObject) o).getString("id")).contains("city");

        Api.Response created = api.post("/api/v1/devices", "{\"id\":\"temp-1\",\"name\":\"T\",\"type\":\"t\",\"password\":\"long-enough\","
                + "\"channels\":[{\"metric\":\"pm10\",\"unit\":\"ug/m3\",\"expectedInterval\":\"1m\"}]}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().getString("status")).isEqualTo("never-seen");
        Api.Response updated = api.put("/api/v1/devices/temp-1", "{\"name\":\"Renamed\",\"type\":\"t\","
                + "\"channels\":[{\"metric\":\"pm10\",\"unit\":\"ug/m3\",\"expectedInterval\":\"5m\"}]}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().getString("expectedInterval")).isEqualTo("PT5M");
        assertThat(api.delete("/api/v1/devices/temp-1").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/devices/temp-1").status()).isEqualTo(404);
    }

    @Test
    void healthStatusAndOpenApiAreServed() {
        assertThat(api.get("/health").status()).isEqualTo(200);
        JsonObject status = api.get("/api/v1/status").json();
        assertThat(status.getJsonObject("devices").getInteger("registered")).isGreaterThanOrEqualTo(2);
        assertThat(status.getJsonObject("tsdb").getString("store")).isEqualTo("embedded QuestDB");
        assertThat(api.get("/api/v1/openapi.yaml").body()).contains("openapi:");
        assertThat(api.get("/api/v1/nothing").status()).isEqualTo(404);
    }
}
