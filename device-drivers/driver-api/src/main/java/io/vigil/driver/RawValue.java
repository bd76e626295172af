package io.vigil.driver;

import io.vigil.model.Quality;
import java.util.Objects;

/** One value as sent, with the quality flag the device attached (NORMAL when it sent none). */
public record RawValue(double value, Quality quality) {
    public RawValue {
        Objects.requireNonNull(quality, "quality");
    }

    public static RawValue normal(double value) {
        return new RawValue(value, Quality.NORMAL);
    }
}
