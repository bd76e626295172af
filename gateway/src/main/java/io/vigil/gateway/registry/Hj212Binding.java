package io.vigil.gateway.registry;

import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * How a device speaks HJ 212: its MN (data logger id), the hash of its access password (PW), the
 * time zone of its DataTime, and pollutant codes it maps to other metric names than the code table.
 */
public record Hj212Binding(String mn, String passwordHash, ZoneId zone, Map<String, String> metrics) {
    public Hj212Binding {
        Objects.requireNonNull(mn, "mn");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(zone, "zone");
        metrics = Map.copyOf(metrics);
    }

    @Override
    public String toString() {
        return "Hj212Binding[mn=" + mn + ", zone=" + zone + ", metrics=" + metrics + "]";
    }
}
