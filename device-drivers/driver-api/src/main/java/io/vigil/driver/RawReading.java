package io.vigil.driver;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A reading as a driver decoded it: metric names and values exactly as the device sent them, in
 * the device's own units. The registry turns it into a normalized {@link io.vigil.model.Reading}.
 */
public record RawReading(String deviceId, Instant timestamp, Map<String, RawValue> values) {
    public RawReading {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(timestamp, "timestamp");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
