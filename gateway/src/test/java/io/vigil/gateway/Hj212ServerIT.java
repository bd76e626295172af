package io.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.driver.hj212.Hj212Encoder;
import io.vigil.driver.hj212.Hj212Frame;
import io.vigil.driver.hj212.Hj212ParseResult;
import io.vigil.driver.hj212.Hj212Parser;
import io.vigil.gateway.support.Api;
import io.vigil.gateway.support.Await;
import io.vigil.gateway.support.TestGateways;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HJ 212-2017 end to end over real sockets: a data logger connects to the gateway's TCP server,
 * sends fragmented frames after garbage, gets its 9014 answer once the readings are durable, and
 * the readings are read back through the API; wrong passwords and unknown MNs are refused and the
 * connection closed; the same frames wrapped in MQTT take the same path.
 */
class Hj212ServerIT {
    // DataTimes: the first test's are the latest (pm10 at 15:00, pm10_avg at 14:00 local), so "latest" stays its own
    private static final String MN = "SYNAIR0001";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;
    static Gateway gateway;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateways.start(dataDir);
        api = new Api(gateway.httpPort());
        api.post("/api/v1/regions", "{\"id\":\"city\",\"name\":\"City\",\"level\":\"city\"}");
        api.post("/api/v1/sites", "{\"id\":\"aq-1\",\"name\":\"Air 1\",\"kind\":\"air_station\",\"regionId\":\"city\"}");
        Api.Response r = api.post("/api/v1/devices", """
                {"id":"air-1","name":"Air station 1","type":"air-station","siteId":"aq-1","password":"mqtt-password-1",
                 "hj212":{"mn":"%s","password":"123456","timezone":"Asia/Shanghai"},
                 "channels":[{"metric":"pm10","unit":"ug/m3","expectedInterval":"1m"},
                             {"metric":"pm10_avg","unit":"ug/m3","expectedInterval":"1h"}]}""".formatted(MN));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static String frame(String cn, String pw, String mn, String flag, String cp) {
        return Hj212Encoder.frame("20261123150000" + cn.substring(1), "22", cn, pw, mn, flag, cp);
    }

    /** The logger's side of a command exchange: same QN as the command, no answer requested. */
    private static String reply(Hj212Frame command, String cn, String cp) {
        return Hj212Encoder.frame(command.qn(), "22", cn, "123456", MN, "4", cp);
    }

    private static Hj212Frame parse(String line) {
        Hj212ParseResult r = Hj212Parser.parse(line);
        assertThat(r).as(line).isInstanceOf(Hj212ParseResult.Valid.class);
        return ((Hj212ParseResult.Valid) r).frame();
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", gateway.hj212Port());
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void dataLoggerGetsItsAnswerAfterTheReadingsAreStored() throws Exception {
        String f = frame("2011", "123456", MN, "5", "DataTime=20261123150000;a34002-Rtd=85.2,a34002-Flag=N;a01001-Rtd=12.5,a01001-Flag=N");
        byte[] bytes = f.getBytes(StandardCharsets.US_ASCII);
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write("noise before the frame\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 0, 30);
            out.flush();
            out.write(bytes, 30, bytes.length - 30);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            Hj212Frame answer = parse(in.readLine());
            assertThat(answer.cn()).isEqualTo("9014");
            assertThat(answer.st()).isEqualTo("91");
            assertThat(answer.qn()).isEqualTo("20261123150000011");
            assertThat(answer.mn()).isEqualTo(MN);

            // the answer came after the journal write: the reading is already in the store or on its way
            Await.until(WAIT, "pm10 from the data logger", () -> latest("air-1").containsKey("pm10"));
            JsonObject pm10 = latest("air-1").getJsonObject("pm10");
            assertThat(pm10.getDouble("value")).isEqualTo(85.2);
            assertThat(pm10.getString("ts")).as("DataTime in Asia/Shanghai").isEqualTo("2026-11-23T07:00:00Z");
            assertThat(latest("air-1").getJsonObject("air_temp").getDouble("value")).as("undeclared factor kept").isEqualTo(12.5);

            // after the first frame the gateway asks for the logger's clock (CN 1011); ours is 10 minutes slow
            Hj212Frame query = parse(in.readLine());
            assertThat(query.cn()).isEqualTo("1011");
            assertThat(query.mn()).isEqualTo(MN);
            java.time.format.DateTimeFormatter dt = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
            java.time.ZonedDateTime slow = java.time.ZonedDateTime.now(java.time.ZoneId.of("Asia/Shanghai")).minusMinutes(10);
            out.write(reply(query, "9011", "QnRtn=1").getBytes(StandardCharsets.US_ASCII));
            out.write(reply(query, "1011", "SystemTime=" + slow.format(dt)).getBytes(StandardCharsets.US_ASCII));
            out.write(reply(query, "9012", "ExeRtn=1").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Hj212Frame set = parse(in.readLine());
            assertThat(set.cn()).as("the gateway sets the logger's clock").isEqualTo("1012");
            java.time.ZonedDateTime setTo = java.time.LocalDateTime.parse(set.cpValue("SystemTime"), dt).atZone(java.time.ZoneId.of("Asia/Shanghai"));
            assertThat(java.time.Duration.between(setTo, java.time.ZonedDateTime.now()).abs()).isLessThan(Duration.ofSeconds(30));
            JsonObject clockState = api.get("/api/v1/devices/air-1").json().getJsonObject("hj212").getJsonObject("connection");
            assertThat(clockState.getLong("clockOffsetSeconds")).isBetween(-660L, -540L);

            out.write(frame("2061", "123456", MN, "5", "DataTime=20261123140000;a34002-Avg=80.0,a34002-Min=60.0,a34002-Max=99.0,a34002-Flag=N")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(parse(in.readLine()).cn()).isEqualTo("9014");
            Await.until(WAIT, "hourly average kept apart from real-time pm10", () -> latest("air-1").containsKey("pm10_avg")
                    && latest("air-1").getJsonObject("pm10_avg").getDouble("value") == 80.0);
            assertThat(latest("air-1").getJsonObject("pm10").getDouble("value")).isEqualTo(85.2);

            JsonObject conn = api.get("/api/v1/devices/air-1").json().getJsonObject("hj212").getJsonObject("connection");
            assertThat(conn.getBoolean("connected")).isTrue();
            assertThat(conn.getString("lastFrameCn")).isEqualTo("2061");
            assertThat(conn.getString("clockSetAt")).isNotNull();
        }
        JsonObject device = api.get("/api/v1/devices/air-1").json();
        assertThat(device.getString("status")).isEqualTo("online");
        assertThat(device.encode()).doesNotContain("123456");
    }

    @Test
    void minuteDataIsAnsweredByteForByte() throws Exception {
        String data = frame("2051", "123456", MN, "5", "DataTime=20261123132000;a34002-Avg=70.5,a34002-Min=66.0,a34002-Max=75.0,a34002-Flag=N");
        // 9014 echoes QN, PW and MN, ST=91, the protocol version of the request's Flag without the A and D bits, an empty CP
        String expected = Hj212Encoder.frame("20261123150000051", "91", "9014", "123456", MN, "4", "").stripTrailing();
        try (Socket s = connect()) {
            s.getOutputStream().write(data.getBytes(StandardCharsets.US_ASCII));
            byte[] answer = s.getInputStream().readNBytes(expected.length() + 2);
            assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo(expected + "\r\n");
        }
        Await.until(WAIT, "minute average stored", () -> api.get("/api/v1/devices/air-1/readings?metric=pm10_avg&from=0").json()
                .getJsonArray("readings").stream().anyMatch(v -> ((JsonObject) v).getDouble("value") == 70.5));
    }

    @Test
    void connectionDroppedMidFrameLosesOnlyThatFrameAndTheLoggerCanReconnect() throws Exception {
        String whole = frame("2011", "123456", MN, "5", "DataTime=20261123080000;a34002-Rtd=11.0,a34002-Flag=N");
        String cut = frame("2011", "123456", MN, "5", "DataTime=20261123080100;a34002-Rtd=22.0,a34002-Flag=N");
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(whole.getBytes(StandardCharsets.US_ASCII));
            out.write(cut.substring(0, cut.length() / 2).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(parse(in.readLine()).cn()).isEqualTo("9014");
        }
        String again = frame("2011", "123456", MN, "5", "DataTime=20261123080100;a34002-Rtd=22.0,a34002-Flag=N");
        try (Socket s = connect()) {
            s.getOutputStream().write(again.getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(parse(in.readLine()).cn()).isEqualTo("9014");
        }
        Await.until(WAIT, "both readings, the cut one from the resend", () -> {
            var values = api.get("/api/v1/devices/air-1/readings?metric=pm10&from=0").json().getJsonArray("readings").stream()
                    .map(v -> ((JsonObject) v).getDouble("value")).toList();
            return values.contains(11.0) && values.contains(22.0);
        });
    }

    @Test
    void wrongPasswordIsAnsweredAndTheConnectionClosedAfterRepeatedFailures() throws Exception {
        long before = gateway.status().getJsonObject("hj212").getLong("authFailures");
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            for (int i = 0; i < 3; i++) {
                out.write(frame("2011", "999999", MN, "5", "DataTime=20261123150000;a34002-Rtd=1.0").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Hj212Frame answer = parse(in.readLine());
                assertThat(answer.cn()).isEqualTo("9011");
                assertThat(answer.cpValue("QnRtn")).isEqualTo("3");
            }
            assertThat(in.read()).as("server closed the connection").isEqualTo(-1);
        }
        try (Socket s = connect()) {
            s.getOutputStream().write(frame("2011", "123456", "NOSUCHMN", "5", "DataTime=20261123150000;a34002-Rtd=1.0")
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(parse(in.readLine()).cpValue("QnRtn")).isEqualTo("4");
        }
        assertThat(gateway.status().getJsonObject("hj212").getLong("authFailures")).isEqualTo(before + 4);
        assertThat(latest("air-1").getJsonObject("pm10") == null || latest("air-1").getJsonObject("pm10").getDouble("value") != 1.0)
                .as("refused data was not stored").isTrue();
    }

    @Test
    void framesWrappedInMqttTakeTheSamePath() throws Exception {
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + gateway.mqttPort(), "air-1-mqtt", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("air-1");
        o.setPassword("mqtt-password-1".getBytes(StandardCharsets.UTF_8));
        c.connect(o).waitForCompletion(10_000);
        try {
            assertThat(publish(c, frame("2011", "123456", MN, "4", "DataTime=20261123090000;a34002-Rtd=42.0,a34002-Flag=N"))).isZero();
            Await.until(WAIT, "the MQTT-wrapped reading", () -> api.get("/api/v1/devices/air-1/readings?metric=pm10&from=0").json()
                    .getJsonArray("readings").stream().anyMatch(v -> ((JsonObject) v).getDouble("value") == 42.0));
            assertThat(publish(c, frame("2011", "123456", "OTHERMN", "4", "DataTime=20261123160000;a34002-Rtd=1.0"))).isEqualTo(0x87);
            assertThat(publish(c, "##0010broken")).isEqualTo(0x99);
        } finally {
            c.disconnect().waitForCompletion(5000);
            c.close();
        }
    }

    private static int publish(MqttAsyncClient c, String payload) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.US_ASCII));
        m.setQos(1);
        IMqttToken t = c.publish("devices/air-1/hj212", m);
        t.waitForCompletion(10_000);
        return t.getReasonCodes()[0];
    }

    private static JsonObject latest(String device) {
        return api.get("/api/v1/devices/" + device + "/latest").json().getJsonObject("values");
    }
}
