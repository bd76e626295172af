package io.vigil.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one device measured at one instant: metric name to measurement, plus the tags (site,
 * region path) the registry attaches when it normalizes the reading. Immutable.
 */
public record Reading(String deviceId, Instant timestamp, Map<String, Measurement> values, Map<String, String> tags) {

    /** Tag holding the site id. */
    public static final String TAG_SITE = "site";
    /** Tag holding the region path, ids joined by '/', city first. */
    public static final String TAG_REGION = "region";

    public Reading {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(timestamp, "timestamp");
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("a reading needs at least one value");
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    public Reading(String deviceId, Instant timestamp, Map<String, Measurement> values) {
        this(deviceId, timestamp, values, Map.of());
    }

    /** A copy with other values and tags, same device and time. */
    public Reading with(Map<String, Measurement> newValues, Map<String, String> newTags) {
        return new Reading(deviceId, timestamp, newValues, newTags);
    }
}
