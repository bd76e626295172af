package io.vigil.driver.hj212;

import io.vigil.model.Unit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Pollutant codes of HJ 212-2017 (tables B.1 water, B.2 gas, B.3 noise) with their names and
 * units, and the metric each code becomes. Read from CSV {@code code,name_en,name_zh,unit}; the
 * bundled table is {@code codes.csv}. Codes match case-insensitively.
 *
 * <p>Metric names: with {@link Naming#CODES} every code becomes itself in lower case
 * ({@code w21003}, {@code a34002}); with {@link Naming#FRIENDLY} the common factors listed in
 * {@code aliases.csv} get readable names ({@code w21003 -> nh3n}, {@code a34004 -> pm25},
 * {@code LA -> noise}) and the rest keep their code. Codes outside the table are named by the same
 * rule: lower case, every character outside {@code [a-z0-9_]} replaced by {@code _}, a {@code c}
 * put in front when the code does not start with a letter (HJ/T 212-2005 codes: {@code B01 -> b01},
 * {@code 011 -> c011}), cut to 60 characters so that {@code _avg} etc. still fit the 64 allowed.
 *
 * <p>Units stay as the table writes them; {@link #toUnit(String)} maps them to {@link Unit} where
 * one exists. The standard prints ng/m3 for particulate matter while monitors send µg/m³ or mg/m³;
 * the table does not guess, a {@link Hj212DeviceProfile} says what a device sends. Immutable.
 */
public final class Hj212CodeTable {

    /** A metric name that still matches {@code [a-z][a-z0-9_]{0,63}} with a 4-character suffix. */
    public static final Pattern BASE_METRIC_NAME = Pattern.compile("[a-z][a-z0-9_]{0,59}");

    private static final int MAX_BASE_METRIC = 60;

    /** How codes are turned into metric names. */
    public enum Naming {
        /** Every code is its own metric, in lower case. */
        CODES,
        /** Common factors get the names of {@code aliases.csv}; the others keep their code. */
        FRIENDLY
    }

    /** One row of the table. {@code unit} is as printed, e.g. {@code mg/L}, {@code ng/m3}, {@code dimensionless}. */
    public record Entry(String code, String nameEn, String nameZh, String unit) {
        public Entry {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(unit, "unit");
        }
    }

    /**
     * What a code becomes for one device: the metric, the unit text ({@code null} when nobody knows
     * it) and whether the code is known (in the table or configured for the device).
     */
    public record Mapping(String code, String metric, String unit, boolean known) {
        /** The unit as a Vigil {@link Unit}, when there is one. */
        public Optional<Unit> vigilUnit() {
            return toUnit(unit);
        }
    }

    private final Map<String, Entry> entries;
    private final Map<String, String> metricAliases;
    private final Map<String, String> unitAliases;

    private Hj212CodeTable(Map<String, Entry> entries, Map<String, String> metricAliases, Map<String, String> unitAliases) {
        this.entries = Collections.unmodifiableMap(entries);
        this.metricAliases = Collections.unmodifiableMap(metricAliases);
        this.unitAliases = Collections.unmodifiableMap(unitAliases);
    }

    /** The bundled table with friendly names. */
    public static Hj212CodeTable standard() {
        return standard(Naming.FRIENDLY);
    }

    /** The bundled table with the given naming. */
    public static Hj212CodeTable standard(Naming naming) {
        try (Reader codes = resource("codes.csv");
             Reader aliases = naming == Naming.FRIENDLY ? resource("aliases.csv") : Reader.nullReader()) {
            return read(codes, aliases);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled HJ 212 code table", e);
        }
    }

    /**
     * Reads a table from CSV: {@code codes} with header {@code code,name_en,name_zh,unit}, and
     * {@code aliases} with header {@code code,metric,unit} (unit may be empty). Lines starting with
     * {@code #} are comments.
     *
     * @throws IllegalArgumentException naming the line when a row is malformed or an alias names an unknown code
     */
    public static Hj212CodeTable read(Reader codes, Reader aliases) throws IOException {
        Map<String, Entry> entries = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Row row : rows(codes, "codes", 4)) {
            List<String> f = row.fields();
            if (entries.put(f.get(0), new Entry(f.get(0), f.get(1), f.get(2), f.get(3))) != null) {
                throw row.error("code " + f.get(0) + " appears twice");
            }
        }
        Map<String, String> metricAliases = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, String> unitAliases = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Row row : rows(aliases, "aliases", 3)) {
            List<String> f = row.fields();
            if (!entries.containsKey(f.get(0))) {
                throw row.error("alias for code " + f.get(0) + ", which is not in the code table");
            }
            if (!BASE_METRIC_NAME.matcher(f.get(1)).matches()) {
                throw row.error("metric '" + f.get(1) + "' must match " + BASE_METRIC_NAME.pattern());
            }
            metricAliases.put(f.get(0), f.get(1));
            if (!f.get(2).isEmpty()) {
                unitAliases.put(f.get(0), f.get(2));
            }
        }
        return new Hj212CodeTable(entries, metricAliases, unitAliases);
    }

    /** The table row of {@code code}. */
    public Optional<Entry> entry(String code) {
        return Optional.ofNullable(entries.get(code));
    }

    /** Number of codes in the table. */
    public int size() {
        return entries.size();
    }

    /** What {@code code} becomes for a device with {@code profile}; never fails, unknown codes included. */
    public Mapping resolve(String code, Hj212DeviceProfile profile) {
        Entry entry = entries.get(code);
        String metric = profile.metricFor(code)
                .orElseGet(() -> metricAliases.getOrDefault(code, metricForCode(code)));
        String unit = profile.unitFor(code).map(Unit::symbol)
                .orElseGet(() -> unitAliases.getOrDefault(code, entry == null ? null : entry.unit()));
        return new Mapping(code, metric, unit, entry != null || profile.overrides(code));
    }

    /** The metric a code becomes without an alias; see the class comment for the rule. */
    public static String metricForCode(String code) {
        StringBuilder b = new StringBuilder(code.length() + 1);
        for (char c : code.toLowerCase(Locale.ROOT).toCharArray()) {
            b.append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' ? c : '_');
        }
        if (b.length() == 0 || b.charAt(0) < 'a' || b.charAt(0) > 'z') {
            b.insert(0, 'c');
        }
        return b.length() > MAX_BASE_METRIC ? b.substring(0, MAX_BASE_METRIC) : b.toString();
    }

    /** A table unit as a Vigil {@link Unit}: its symbols and aliases, plus {@code dimensionless}. */
    public static Optional<Unit> toUnit(String unitText) {
        if (unitText == null) {
            return Optional.empty();
        }
        return "dimensionless".equals(unitText) ? Optional.of(Unit.NONE) : Unit.parse(unitText);
    }

    private record Row(String source, int lineNo, List<String> fields) {
        IllegalArgumentException error(String message) {
            return new IllegalArgumentException(source + " line " + lineNo + ": " + message);
        }
    }

    private static List<Row> rows(Reader reader, String source, int columns) throws IOException {
        List<Row> rows = new ArrayList<>();
        BufferedReader in = new BufferedReader(reader);
        int lineNo = 0;
        boolean header = true;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            Row row = new Row(source, lineNo, csvFields(line));
            if (row.fields().size() != columns || row.fields().get(0).isEmpty()) {
                throw row.error("expected " + columns + " fields with a code first, found " + row.fields());
            }
            rows.add(row);
        }
        return rows;
    }

    /** Splits one CSV line; fields may be quoted with {@code "}, a doubled quote inside is one quote. */
    private static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static Reader resource(String name) {
        InputStream in = Hj212CodeTable.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("bundled resource " + name + " is missing from the classpath");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }
}
