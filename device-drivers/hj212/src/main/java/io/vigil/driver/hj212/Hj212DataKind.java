package io.vigil.driver.hj212;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The data uploads that become readings, by command number: real-time values ({@code -Rtd}) and
 * minute, hourly and daily statistics ({@code -Avg}, {@code -Min}, {@code -Max}, {@code -Cou}).
 */
public enum Hj212DataKind {
    REALTIME("2011", List.of("Rtd")),
    MINUTE("2051", List.of("Avg", "Min", "Max", "Cou")),
    HOURLY("2061", List.of("Avg", "Min", "Max", "Cou")),
    DAILY("2031", List.of("Avg", "Min", "Max", "Cou"));

    private final String cn;
    private final List<String> valueFields;

    Hj212DataKind(String cn, List<String> valueFields) {
        this.cn = cn;
        this.valueFields = valueFields;
    }

    /** The command number (CN) of this upload. */
    public String cn() {
        return cn;
    }

    /** Whether values are statistics over an interval rather than real-time values. */
    public boolean aggregated() {
        return this != REALTIME;
    }

    /** The CP field suffixes ({@code a34002-Avg} → {@code Avg}) that carry values of this kind. */
    public List<String> valueFields() {
        return valueFields;
    }

    /**
     * The metric a value field becomes: the pollutant's metric for real-time values, the metric
     * plus {@code _avg}, {@code _min}, {@code _max} or {@code _cou} for statistics, so that the two
     * never mix.
     */
    public String metric(String baseMetric, String valueField) {
        return aggregated() ? baseMetric + "_" + valueField.toLowerCase(Locale.ROOT) : baseMetric;
    }

    /** The kind carried by command number {@code cn}; empty for commands that carry no readings. */
    public static Optional<Hj212DataKind> ofCn(String cn) {
        for (Hj212DataKind k : values()) {
            if (k.cn.equals(cn)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
