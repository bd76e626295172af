package io.vigil.model;

import java.util.Objects;

/** One measured value with its unit and quality. */
public record Measurement(double value, Unit unit, Quality quality) {
    public Measurement {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(quality, "quality");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, was " + value);
        }
    }
}
