package io.vigil.driver.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.driver.DecodeResult;
import io.vigil.driver.RawReading;
import io.vigil.driver.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryCodecTest {
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private final TelemetryCodec codec = new TelemetryCodec();

    private DecodeResult decode(String json) {
        return codec.decode("ws-001", json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    private RawReading single(String json) {
        DecodeResult r = decode(json);
        assertThat(r).isInstanceOf(DecodeResult.Valid.class);
        return ((DecodeResult.Valid) r).readings().get(0);
    }

    private void assertRejected(String json, RejectReason reason, String detailPart) {
        DecodeResult r = decode(json);
        assertThat(r).isInstanceOf(DecodeResult.Invalid.class);
        DecodeResult.Invalid inv = (DecodeResult.Invalid) r;
        assertThat(inv.reason()).isEqualTo(reason);
        assertThat(inv.detail()).contains(detailPart);
    }

    @Test
    void decodesEpochMillisAndValues() {
        RawReading r = single("{\"ts\":1763884800000,\"values\":{\"nh3n\":0.42,\"ph\":7}}");
        assertThat(r.deviceId()).isEqualTo("ws-001");
        assertThat(r.timestamp()).isEqualTo(Instant.ofEpochMilli(1763884800000L));
        assertThat(r.values()).containsOnlyKeys("nh3n", "ph");
        assertThat(r.values().get("nh3n").value()).isEqualTo(0.42);
        assertThat(r.values().get("ph").value()).isEqualTo(7.0);
    }

    @Test
    void decodesIsoTimestampWithOffset() {
        RawReading r = single("{\"ts\":\"2026-11-23T15:30:00+08:00\",\"values\":{\"pm10\":80}}");
        assertThat(r.timestamp()).isEqualTo(Instant.parse("2026-11-23T07:30:00Z"));
    }

    @Test
    void missingTimestampMeansReceiveTime() {
        assertThat(single("{\"values\":{\"pm10\":80}}").timestamp()).isEqualTo(NOW);
    }

    @Test
    void ignoresUnknownTopLevelFields() {
        assertThat(single("{\"fw\":{\"v\":[1,2]},\"values\":{\"pm10\":80}}").values()).containsOnlyKeys("pm10");
    }

    @Test
    void rejectsMalformedJson() {
        assertRejected("{\"values\":{\"pm10\":80}", RejectReason.MALFORMED, "invalid JSON");
        assertRejected("[1,2]", RejectReason.MALFORMED, "must be a JSON object");
        assertRejected("", RejectReason.MALFORMED, "");
        assertRejected("{\"values\":{\"pm10\":1}} x", RejectReason.MALFORMED, "");
    }

    @Test
    void rejectsDuplicateMetric() {
        assertRejected("{\"values\":{\"pm10\":1,\"pm10\":2}}", RejectReason.MALFORMED, "pm10");
    }

    @Test
    void rejectsNonNumericValuesNamingTheMetric() {
        assertRejected("{\"values\":{\"pm10\":\"80\"}}", RejectReason.NOT_A_NUMBER, "'pm10'");
        assertRejected("{\"values\":{\"pm10\":\"NaN\"}}", RejectReason.NOT_A_NUMBER, "NaN");
        assertRejected("{\"values\":{\"pm10\":null}}", RejectReason.NOT_A_NUMBER, "null");
        assertRejected("{\"values\":{\"pm10\":true}}", RejectReason.NOT_A_NUMBER, "boolean");
        assertRejected("{\"values\":{\"pm10\":NaN}}", RejectReason.MALFORMED, "");
        assertRejected("{\"values\":{\"pm10\":1e999}}", RejectReason.NOT_A_NUMBER, "range");
    }

    @Test
    void rejectsMissingOrEmptyValues() {
        assertRejected("{\"ts\":1}", RejectReason.MALFORMED, "'values' is missing");
        assertRejected("{\"values\":{}}", RejectReason.MALFORMED, "'values' is empty");
        assertRejected("{\"values\":[1]}", RejectReason.MALFORMED, "must be an object");
    }

    @Test
    void rejectsBadTimestamp() {
        assertRejected("{\"ts\":\"yesterday\",\"values\":{\"pm10\":1}}", RejectReason.MALFORMED, "'ts'");
        assertRejected("{\"ts\":-5,\"values\":{\"pm10\":1}}", RejectReason.MALFORMED, "'ts'");
    }

    @Test
    void rejectsTimestampMoreThanOneDayAhead() {
        long ahead = NOW.plusSeconds(86_400 + 60).toEpochMilli();
        assertRejected("{\"ts\":" + ahead + ",\"values\":{\"pm10\":1}}", RejectReason.FUTURE_TIMESTAMP, "ahead");
        long justInside = NOW.plusSeconds(86_400 - 60).toEpochMilli();
        assertThat(decode("{\"ts\":" + justInside + ",\"values\":{\"pm10\":1}}")).isInstanceOf(DecodeResult.Valid.class);
    }

    @Test
    void rejectsPayloadOver64KiB() {
        byte[] big = new byte[TelemetryCodec.MAX_PAYLOAD_BYTES + 1];
        DecodeResult r = codec.decode("d", big, NOW);
        assertThat(((DecodeResult.Invalid) r).reason()).isEqualTo(RejectReason.TOO_LARGE);
    }

    @Test
    void encodeRoundTrips() {
        String json = TelemetryCodec.encode(NOW, Map.of("do_", 7.5));
        RawReading r = single(json);
        assertThat(r.timestamp()).isEqualTo(NOW);
        assertThat(r.values().get("do_").value()).isEqualTo(7.5);
    }
}
