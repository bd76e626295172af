package io.vigil.driver.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vigil.driver.DecodeResult;
import io.vigil.driver.RawReading;
import io.vigil.driver.RawValue;
import io.vigil.driver.RejectReason;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the JSON telemetry payload {@code {"ts": <epoch ms | ISO-8601>, "values": {"<metric>": <number>}}}.
 * Pure: no I/O, thread-safe, never throws on bad input.
 */
public final class TelemetryCodec {

    /** Largest accepted payload. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    /** How far ahead of the gateway clock a timestamp may be. */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofDays(1);

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * Decodes one payload from {@code deviceId}. A missing {@code ts} means "now".
     *
     * @param now the gateway clock, for the missing-timestamp default and the future check
     */
    public DecodeResult decode(String deviceId, byte[] payload, Instant now) {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return DecodeResult.invalid(RejectReason.TOO_LARGE,
                    "payload is " + payload.length + " bytes, at most " + MAX_PAYLOAD_BYTES + " allowed");
        }
        try (JsonParser p = JSON.createParser(payload)) {
            return decode(deviceId, p, now);
        } catch (JsonProcessingException e) {
            return DecodeResult.invalid(RejectReason.MALFORMED, "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return DecodeResult.invalid(RejectReason.MALFORMED, "unreadable payload: " + e.getMessage());
        }
    }

    private DecodeResult decode(String deviceId, JsonParser p, Instant now) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return DecodeResult.invalid(RejectReason.MALFORMED, "payload must be a JSON object");
        }
        Instant ts = null;
        Map<String, RawValue> values = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "ts" -> {
                    ts = timestamp(p, t);
                    if (ts == null) {
                        return DecodeResult.invalid(RejectReason.MALFORMED,
                                "'ts' must be epoch milliseconds or an ISO-8601 timestamp with offset, was " + p.getText());
                    }
                }
                case "values" -> {
                    if (t != JsonToken.START_OBJECT) {
                        return DecodeResult.invalid(RejectReason.MALFORMED, "'values' must be an object");
                    }
                    values = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String metric = p.currentName();
                        JsonToken v = p.nextToken();
                        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
                            return DecodeResult.invalid(RejectReason.NOT_A_NUMBER,
                                    "value of '" + metric + "' must be a number, was " + describe(p, v));
                        }
                        double d = p.getDoubleValue();
                        if (!Double.isFinite(d)) {
                            return DecodeResult.invalid(RejectReason.NOT_A_NUMBER,
                                    "value of '" + metric + "' is out of the double range");
                        }
                        values.put(metric, RawValue.normal(d));
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            return DecodeResult.invalid(RejectReason.MALFORMED, "trailing content after the JSON object");
        }
        if (values == null) {
            return DecodeResult.invalid(RejectReason.MALFORMED, "'values' is missing");
        }
        if (values.isEmpty()) {
            return DecodeResult.invalid(RejectReason.MALFORMED, "'values' is empty");
        }
        if (ts == null) {
            ts = now;
        } else if (ts.isAfter(now.plus(MAX_FUTURE_SKEW))) {
            return DecodeResult.invalid(RejectReason.FUTURE_TIMESTAMP,
                    "timestamp " + ts + " is more than " + MAX_FUTURE_SKEW.toHours() + " h ahead of the gateway clock " + now);
        }
        return DecodeResult.valid(List.of(new RawReading(deviceId, ts, values)));
    }

    private static Instant timestamp(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            long ms = p.getLongValue();
            return ms < 0 ? null : Instant.ofEpochMilli(ms);
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return OffsetDateTime.parse(p.getText()).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
        }
        return null;
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> "the string \"" + abbreviate(p.getText()) + "\"";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> {
                p.skipChildren();
                yield "an object";
            }
            case START_ARRAY -> {
                p.skipChildren();
                yield "an array";
            }
            default -> t.toString();
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "…";
    }

    /** Encodes a payload in the same format; used by the simulator and tests. */
    public static String encode(Instant ts, Map<String, Double> values) {
        StringBuilder b = new StringBuilder(32 + values.size() * 24);
        b.append("{\"ts\":").append(ts.toEpochMilli()).append(",\"values\":{");
        boolean first = true;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append('"').append(e.getKey()).append("\":").append(e.getValue());
        }
        return b.append("}}").toString();
    }
}
