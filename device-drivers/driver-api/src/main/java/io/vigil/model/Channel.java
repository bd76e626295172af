package io.vigil.model;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One metric a device reports: its name, the canonical unit it is stored in, the unit the device
 * sends it in (converted on ingest), and how often it is expected.
 */
public record Channel(String metric, Unit unit, Unit reportedUnit, Duration expectedInterval) {

    /** Metric names are lower-case identifiers so that they are safe as tags and column names. */
    public static final Pattern METRIC_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public Channel {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(expectedInterval, "expectedInterval");
        if (!METRIC_NAME.matcher(metric).matches()) {
            throw new IllegalArgumentException("metric '" + metric + "' must match " + METRIC_NAME.pattern());
        }
        if (reportedUnit == null) {
            reportedUnit = unit;
        }
        if (!reportedUnit.convertibleTo(unit)) {
            throw new IllegalArgumentException("metric '" + metric + "': reported unit " + reportedUnit.symbol()
                    + " cannot be converted to " + unit.symbol());
        }
        if (expectedInterval.isNegative() || expectedInterval.isZero()) {
            throw new IllegalArgumentException("metric '" + metric + "': expected interval must be positive");
        }
    }

    public Channel(String metric, Unit unit, Duration expectedInterval) {
        this(metric, unit, unit, expectedInterval);
    }

    /** Converts a value as sent by the device into the canonical unit. */
    public double toCanonical(double reportedValue) {
        return reportedUnit.convert(reportedValue, unit);
    }
}
