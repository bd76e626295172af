package io.vigil.bench;

import io.vigil.driver.hj212.Hj212Encoder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The benchmark's HJ 212 data loggers: device {@code hj-00001} has MN {@code VB000000000001}, one
 * shared access password, and sends minute data (CN 2051, Flag=5: answer requested) of an air
 * station: PM10, PM2.5 and SO2, each with Avg/Min/Max and a data flag, so {@value #VALUES_PER_FRAME}
 * stored values per frame. Frame {@code k} of a logger is stamped {@code k} minutes after a start
 * 30 days back, so no two frames of a logger share a DataTime (the store deduplicates on it) and no
 * run reaches the present.
 */
final class LoggerFleet {
    static final int VALUES_PER_FRAME = 9;
    /** Not a secret: these loggers exist only in the benchmark's temporary registry. */
    private static final String ACCESS_PASSWORD = "bench-pw-212";
    private static final String DEVICE_PASSWORD = "bench-device-password";
    /** Cheap on purpose: the MQTT password of these devices is never checked, nobody connects over MQTT. */
    private static final int DEVICE_BCRYPT_COST = 4;
    private static final String REGION = "bench-city";
    private static final String SITE = "bench-air";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DATA_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);
    private static final List<String> POLLUTANTS = List.of("a34002", "a34004", "a21026");
    private static final List<String> METRICS = List.of("pm10", "pm25", "so2");

    private final int size;
    private final LocalDateTime firstDataTime = LocalDateTime.now(ZONE).minusDays(30).truncatedTo(ChronoUnit.MINUTES);

    LoggerFleet(int size) {
        this.size = size;
    }

    int size() {
        return size;
    }

    static String deviceId(int index) {
        return String.format(Locale.ROOT, "hj-%05d", index + 1);
    }

    static String mn(int index) {
        return String.format(Locale.ROOT, "VB%012d", index + 1);
    }

    /**
     * Writes the registry YAML: one device per logger with its MN and access password (the gateway
     * hashes each at {@code registry.bcryptCost}) and a channel for each value it sends, so nothing
     * is counted as undeclared.
     */
    void writeRegistry(Path file) throws IOException {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String deviceHash = OpenBSDBCrypt.generate("2y", DEVICE_PASSWORD.toCharArray(), salt, DEVICE_BCRYPT_COST);
        StringBuilder channels = new StringBuilder();
        for (String metric : METRICS) {
            for (String stat : List.of("avg", "min", "max")) {
                channels.append(channels.length() == 0 ? "" : ", ").append("{metric: ").append(metric).append('_').append(stat)
                        .append(", unit: ").append(metric.equals("so2") ? "mg/m3" : "ug/m3").append(", expectedInterval: 1m}");
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("regions:\n  - {id: " + REGION + ", name: Bench City, level: city}\n");
            w.write("sites:\n  - {id: " + SITE + ", name: Bench air stations, kind: air-station, regionId: " + REGION + "}\n");
            w.write("devices:\n");
            for (int i = 0; i < size; i++) {
                w.write("  - {id: " + deviceId(i) + ", name: " + deviceId(i) + ", type: air-station, siteId: " + SITE
                        + ", channels: [" + channels + "], passwordHash: '" + deviceHash + "'"
                        + ", hj212: {mn: " + mn(i) + ", password: " + ACCESS_PASSWORD + ", timezone: Asia/Shanghai}}\n");
            }
        }
    }

    /** The QN of frame {@code k} of a logger: its DataTime with milliseconds 000, unique per logger. */
    String qn(long k) {
        return dataTime(k) + "000";
    }

    private String dataTime(long k) {
        return firstDataTime.plusMinutes(k).format(DATA_TIME);
    }

    /** Frame {@code k} of logger {@code index}, CRLF-terminated, as the logger puts it on the wire. */
    byte[] frame(int index, long k) {
        StringBuilder cp = new StringBuilder(160).append("DataTime=").append(dataTime(k));
        for (int p = 0; p < POLLUTANTS.size(); p++) {
            // plausible values that vary per logger and minute, so nothing downstream sees a constant
            long avgTenths = 100 + (k * 7 + index + p * 13) % 900;
            String code = POLLUTANTS.get(p);
            cp.append(';').append(code).append("-Avg=").append(tenths(avgTenths))
                    .append(',').append(code).append("-Min=").append(tenths(avgTenths - 42))
                    .append(',').append(code).append("-Max=").append(tenths(avgTenths + 39))
                    .append(',').append(code).append("-Flag=N");
        }
        String data = "QN=" + qn(k) + ";ST=22;CN=2051;PW=" + ACCESS_PASSWORD + ";MN=" + mn(index) + ";Flag=5;CP=&&" + cp + "&&";
        return Hj212Encoder.frame(data).getBytes(StandardCharsets.US_ASCII);
    }

    /** Logger {@code index}'s answer to the clock query with QN {@code qn}: a correct clock, no answer requested (Flag=4). */
    byte[] clockReport(int index, String qn) {
        String data = "QN=" + qn + ";ST=22;CN=1011;PW=" + ACCESS_PASSWORD + ";MN=" + mn(index) + ";Flag=4;CP=&&SystemTime="
                + LocalDateTime.now(ZONE).format(DATA_TIME) + "&&";
        return Hj212Encoder.frame(data).getBytes(StandardCharsets.US_ASCII);
    }

    private static String tenths(long t) {
        return t / 10 + "." + t % 10;
    }
}
