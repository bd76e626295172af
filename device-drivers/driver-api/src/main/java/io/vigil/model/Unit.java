package io.vigil.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Units a channel can be reported or stored in. Units of one {@link Dimension} convert into each
 * other by a linear factor to the dimension's base unit.
 */
public enum Unit {
    MG_PER_M3("mg/m3", Dimension.MASS_CONCENTRATION_AIR, 1000.0, "mg/m³", "mg/Nm3"),
    UG_PER_M3("ug/m3", Dimension.MASS_CONCENTRATION_AIR, 1.0, "µg/m³", "μg/m³", "µg/m3", "μg/m3"),
    MG_PER_L("mg/L", Dimension.MASS_CONCENTRATION_WATER, 1000.0, "mg/l"),
    UG_PER_L("ug/L", Dimension.MASS_CONCENTRATION_WATER, 1.0, "µg/L", "μg/L", "ug/l"),
    PH("pH", Dimension.PH, 1.0),
    CELSIUS("degC", Dimension.TEMPERATURE, 1.0, "°C", "C", "celsius"),
    DECIBEL_A("dB(A)", Dimension.SOUND_LEVEL, 1.0, "dB", "dBA"),
    M_PER_S("m/s", Dimension.SPEED, 1.0),
    KM_PER_H("km/h", Dimension.SPEED, 1.0 / 3.6),
    DEGREE("deg", Dimension.ANGLE, 1.0, "°", "degree"),
    PERCENT("%", Dimension.RATIO, 1.0, "percent"),
    HPA("hPa", Dimension.PRESSURE, 100.0),
    KPA("kPa", Dimension.PRESSURE, 1000.0),
    NTU("NTU", Dimension.TURBIDITY, 1.0),
    US_PER_CM("uS/cm", Dimension.CONDUCTIVITY, 1.0, "µS/cm", "μS/cm"),
    M3_PER_S("m3/s", Dimension.FLOW, 1.0, "m³/s"),
    M3_PER_H("m3/h", Dimension.FLOW, 1.0 / 3600.0, "m³/h"),
    LITRE_PER_S("L/s", Dimension.FLOW, 0.001, "l/s"),
    METRE("m", Dimension.LENGTH, 1.0),
    NONE("1", Dimension.DIMENSIONLESS, 1.0, "", "count");

    /** Physical quantity a unit measures; conversions stay within one dimension. */
    public enum Dimension {
        MASS_CONCENTRATION_AIR, MASS_CONCENTRATION_WATER, PH, TEMPERATURE, SOUND_LEVEL, SPEED, ANGLE,
        RATIO, PRESSURE, TURBIDITY, CONDUCTIVITY, FLOW, LENGTH, DIMENSIONLESS
    }

    private final String symbol;
    private final Dimension dimension;
    private final double toBase;
    private final List<String> aliases;

    Unit(String symbol, Dimension dimension, double toBase, String... aliases) {
        this.symbol = symbol;
        this.dimension = dimension;
        this.toBase = toBase;
        this.aliases = List.of(aliases);
    }

    /** The ASCII symbol used in configuration, the API and the time-series store. */
    public String symbol() {
        return symbol;
    }

    public Dimension dimension() {
        return dimension;
    }

    /** Whether a value in this unit can be converted to {@code other}. */
    public boolean convertibleTo(Unit other) {
        return dimension == other.dimension;
    }

    /**
     * Converts {@code value} from this unit to {@code target}.
     *
     * @throws IllegalArgumentException if the units measure different quantities
     */
    public double convert(double value, Unit target) {
        if (target == this) {
            return value;
        }
        if (!convertibleTo(target)) {
            throw new IllegalArgumentException("cannot convert " + symbol + " to " + target.symbol
                    + ": different quantities (" + dimension + " vs " + target.dimension + ")");
        }
        return value * toBase / target.toBase;
    }

    /** Finds a unit by its symbol, an alias or its enum name (e.g. "µg/m³", "ug/m3", "UG_PER_M3"). */
    public static Optional<Unit> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        for (Unit u : values()) {
            if (u.symbol.equals(t) || u.name().equalsIgnoreCase(t) || u.aliases.contains(t)) {
                return Optional.of(u);
            }
        }
        String lower = t.toLowerCase(Locale.ROOT);
        for (Unit u : values()) {
            if (u.symbol.toLowerCase(Locale.ROOT).equals(lower)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    /** All accepted unit symbols, for error messages. */
    public static String knownSymbols() {
        StringBuilder b = new StringBuilder();
        for (Unit u : values()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(u.symbol);
        }
        return b.toString();
    }
}
