package io.vigil.driver.hj212;

import io.vigil.model.Unit;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one HJ 212 device does differently from the code table: the time zone of its DataTime, the
 * metric a pollutant code becomes ({@code a34002 -> pm10_site}) and the unit it really sends
 * ({@code a34002 -> µg/m³} where the standard prints ng/m3). Codes match case-insensitively.
 * Immutable; validated on construction with messages naming the code and the bad value.
 */
public record Hj212DeviceProfile(ZoneId zone, Map<String, String> metrics, Map<String, Unit> units) {

    /** DataTime zone when the device's is not configured. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
    /** No overrides, DataTime in {@link #DEFAULT_ZONE}. */
    public static final Hj212DeviceProfile DEFAULT = new Hj212DeviceProfile(DEFAULT_ZONE, Map.of(), Map.of());

    public Hj212DeviceProfile {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(units, "units");
        metrics.forEach((code, metric) -> {
            if (metric == null || !Hj212CodeTable.BASE_METRIC_NAME.matcher(metric).matches()) {
                throw new IllegalArgumentException("metric override for code '" + code + "' is '" + metric
                        + "', must match " + Hj212CodeTable.BASE_METRIC_NAME.pattern());
            }
        });
        units.forEach((code, unit) -> Objects.requireNonNull(unit, () -> "unit override for code '" + code + "' is null"));
        metrics = caseInsensitiveCopy(metrics, "metric");
        units = caseInsensitiveCopy(units, "unit");
    }

    /** The same profile with DataTime read in {@code newZone}. */
    public Hj212DeviceProfile withZone(ZoneId newZone) {
        return new Hj212DeviceProfile(newZone, metrics, units);
    }

    /** The same profile with {@code code} mapped to {@code metric}. */
    public Hj212DeviceProfile withMetric(String code, String metric) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        m.putAll(metrics);
        m.put(code, metric);
        return new Hj212DeviceProfile(zone, m, units);
    }

    /** The same profile with {@code code} sent in {@code unit}. */
    public Hj212DeviceProfile withUnit(String code, Unit unit) {
        Map<String, Unit> u = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        u.putAll(units);
        u.put(code, unit);
        return new Hj212DeviceProfile(zone, metrics, u);
    }

    /** The device's metric for {@code code}, if overridden. */
    public Optional<String> metricFor(String code) {
        return Optional.ofNullable(metrics.get(code));
    }

    /** The device's unit for {@code code}, if overridden. */
    public Optional<Unit> unitFor(String code) {
        return Optional.ofNullable(units.get(code));
    }

    /** Whether this profile says anything about {@code code}. */
    public boolean overrides(String code) {
        return metrics.containsKey(code) || units.containsKey(code);
    }

    private static <V> Map<String, V> caseInsensitiveCopy(Map<String, V> source, String what) {
        Map<String, V> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        source.forEach((code, value) -> {
            Objects.requireNonNull(code, what + " override with a null code");
            if (copy.put(code, value) != null) {
                throw new IllegalArgumentException(what + " override for code '" + code + "' given twice (codes ignore case)");
            }
        });
        return Collections.unmodifiableMap(copy);
    }
}
