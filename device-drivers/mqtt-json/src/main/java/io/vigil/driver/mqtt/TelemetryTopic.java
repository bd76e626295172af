package io.vigil.driver.mqtt;

import io.vigil.model.Ids;
import java.util.Optional;

/**
 * The device topic scheme: {@code devices/{deviceId}/telemetry} (JSON) and
 * {@code devices/{deviceId}/hj212} (raw HJ 212 frames).
 */
public record TelemetryTopic(String deviceId, Kind kind) {

    /** What the payload on a topic holds. */
    public enum Kind {
        TELEMETRY("telemetry"), HJ212("hj212");

        private final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }

        public String suffix() {
            return suffix;
        }
    }

    public static final String PREFIX = "devices/";

    /** Parses a topic name; empty if it is not in the scheme or the device id is not valid. */
    public static Optional<TelemetryTopic> parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int slash = topic.indexOf('/', PREFIX.length());
        if (slash < 0) {
            return Optional.empty();
        }
        String deviceId = topic.substring(PREFIX.length(), slash);
        String suffix = topic.substring(slash + 1);
        if (!Ids.isValid(deviceId)) {
            return Optional.empty();
        }
        for (Kind k : Kind.values()) {
            if (k.suffix.equals(suffix)) {
                return Optional.of(new TelemetryTopic(deviceId, k));
            }
        }
        return Optional.empty();
    }

    /** The topic name for this device and kind. */
    public String name() {
        return PREFIX + deviceId + "/" + kind.suffix;
    }
}
