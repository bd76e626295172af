package io.vigil.driver.hj212;

import io.vigil.driver.RawReading;
import io.vigil.driver.RawValue;
import io.vigil.driver.hj212.Hj212Frame.CpField;
import io.vigil.model.Quality;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a data upload (CN 2011, 2051, 2061, 2031) into one {@link RawReading} stamped with the CP
 * {@code DataTime} ({@code yyyyMMddHHmmss}, or 17 digits with milliseconds) in the device's zone.
 * Real-time {@code -Rtd} values keep the pollutant's metric; statistics become
 * {@code <metric>_avg}, {@code _min}, {@code _max}, {@code _cou}, so they never mix with real-time
 * values.
 *
 * <p>{@code -Flag} becomes the {@link Quality} of all values of that pollutant (N normal, F stopped,
 * M maintenance, S manual, D fault, C calibration, T over range, B communication lost). An unknown
 * flag keeps the value with quality {@link Quality#FAULT}, the most cautious choice (a value of
 * unknown validity must not count for compliance), and is reported as a problem.
 * {@code -SampleTime} and {@code -EFlag} (equipment flag) are read but do not change the reading.
 *
 * <p>Nothing is dropped silently: codes the table and the device profile do not know still become
 * readings and are counted in {@link Result#unknownCodes()}; values that are not numbers, unknown
 * flags, fields this kind does not use and a bad DataTime are listed in {@link Result#problems()}.
 * Never throws for bad frame content. Thread-safe.
 */
public final class Hj212Readings {

    /** A CP field that could not be used, and why. */
    public record Problem(String field, String reason) {
    }

    /**
     * The readings of one frame (empty when DataTime is missing or bad, or no value was usable),
     * their kind, the unit text of each metric when known ({@code _cou} totals have none), unknown
     * pollutant codes with the number of CP fields each carried, and the problems found.
     */
    public record Result(Hj212DataKind kind, List<RawReading> readings, Map<String, String> units,
                         Map<String, Integer> unknownCodes, List<Problem> problems) {
        public Result {
            Objects.requireNonNull(kind, "kind");
            readings = List.copyOf(readings);
            units = Collections.unmodifiableMap(new LinkedHashMap<>(units));
            unknownCodes = Collections.unmodifiableMap(new LinkedHashMap<>(unknownCodes));
            problems = List.copyOf(problems);
        }
    }

    private static final String DATA_TIME = "DataTime";
    private static final String FLAG = "Flag";
    private static final String TOTAL = "Cou";
    /** Per-pollutant fields that carry no value of their own. */
    private static final Set<String> NON_VALUE_FIELDS = Set.of(FLAG, "SampleTime", "EFlag");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern DATA_TIME_DIGITS = Pattern.compile("\\d{14}(\\d{3})?");
    private static final DateTimeFormatter DATA_TIME_FORMAT =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);

    private final Hj212CodeTable table;

    public Hj212Readings(Hj212CodeTable table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    /** The readings of {@code frame} from {@code deviceId}; empty when its CN is not a data upload. */
    public Optional<Result> convert(String deviceId, Hj212Frame frame, Hj212DeviceProfile profile) {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(profile, "profile");
        return Hj212DataKind.ofCn(frame.cn()).map(kind -> new Conversion(kind, profile).run(deviceId, frame));
    }

    /** The state of converting one frame. */
    private final class Conversion {
        private final Hj212DataKind kind;
        private final Hj212DeviceProfile profile;
        private final Map<String, RawValue> values = new LinkedHashMap<>();
        private final Map<String, String> units = new LinkedHashMap<>();
        private final Map<String, Integer> unknownCodes = new LinkedHashMap<>();
        private final List<Problem> problems = new ArrayList<>();

        Conversion(Hj212DataKind kind, Hj212DeviceProfile profile) {
            this.kind = kind;
            this.profile = profile;
        }

        Result run(String deviceId, Hj212Frame frame) {
            Instant time = dataTime(frame.cpValue(DATA_TIME), profile.zone());
            pollutantFields(frame).forEach(this::addPollutant);
            List<RawReading> readings = time == null || values.isEmpty()
                    ? List.of() : List.of(new RawReading(deviceId, time, values));
            return new Result(kind, readings, units, unknownCodes, problems);
        }

        /** CP fields grouped by pollutant code ({@code a34002-Rtd} → {@code a34002: Rtd}), frame order. */
        private Map<String, Map<String, String>> pollutantFields(Hj212Frame frame) {
            Map<String, Map<String, String>> byCode = new LinkedHashMap<>();
            for (List<CpField> group : frame.cpGroups()) {
                for (CpField f : group) {
                    int dash = f.key().lastIndexOf('-');
                    if (dash > 0 && dash < f.key().length() - 1) {
                        Map<String, String> fields = byCode.computeIfAbsent(f.key().substring(0, dash), c -> new LinkedHashMap<>());
                        if (fields.putIfAbsent(f.key().substring(dash + 1), f.value()) != null) {
                            problems.add(new Problem(f.key(), "given twice; the first value is kept"));
                        }
                    } else if (f.key().equals(FLAG)) {
                        problems.add(new Problem(f.key(), "data flag without a pollutant code; ignored"));
                    }
                }
            }
            return byCode;
        }

        private void addPollutant(String code, Map<String, String> fields) {
            Hj212CodeTable.Mapping mapping = table.resolve(code, profile);
            if (!mapping.known()) {
                unknownCodes.merge(code, fields.size(), Integer::sum);
            }
            Quality quality = quality(code, fields.get(FLAG));
            fields.forEach((field, text) -> {
                if (kind.valueFields().contains(field)) {
                    addValue(code + "-" + field, kind.metric(mapping.metric(), field), text, quality,
                            field.equals(TOTAL) ? null : mapping.unit());
                } else if (!NON_VALUE_FIELDS.contains(field)) {
                    problems.add(new Problem(code + "-" + field, "not a value of " + kind.name().toLowerCase(Locale.ROOT)
                            + " data (CN " + kind.cn() + "); ignored"));
                }
            });
        }

        private void addValue(String key, String metric, String text, Quality quality, String unit) {
            if (!NUMBER.matcher(text).matches()) {
                problems.add(new Problem(key, "not a number: \"" + text + "\""));
                return;
            }
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                problems.add(new Problem(key, "out of the double range: " + text));
            } else if (values.putIfAbsent(metric, new RawValue(value, quality)) != null) {
                problems.add(new Problem(key, "metric " + metric + " already has a value in this frame; the first is kept"));
            } else if (unit != null) {
                units.put(metric, unit);
            }
        }

        private Quality quality(String code, String flag) {
            if (flag == null) {
                return Quality.NORMAL;
            }
            Optional<Quality> q = flag.length() == 1 ? Quality.parse(flag) : Optional.empty();
            if (q.isEmpty()) {
                problems.add(new Problem(code + "-" + FLAG, "unknown data flag \"" + flag + "\"; values kept with quality FAULT"));
            }
            return q.orElse(Quality.FAULT);
        }

        private Instant dataTime(String text, ZoneId zone) {
            if (text == null) {
                problems.add(new Problem(DATA_TIME, "missing; no readings"));
                return null;
            }
            if (!DATA_TIME_DIGITS.matcher(text).matches()) {
                problems.add(new Problem(DATA_TIME, "\"" + text + "\" is not yyyyMMddHHmmss[SSS]; no readings"));
                return null;
            }
            try {
                LocalDateTime local = LocalDateTime.parse(text.substring(0, 14), DATA_TIME_FORMAT);
                int millis = text.length() == 17 ? Integer.parseInt(text.substring(14)) : 0;
                return local.plusNanos(millis * 1_000_000L).atZone(zone).toInstant();
            } catch (DateTimeException e) {
                problems.add(new Problem(DATA_TIME, "\"" + text + "\" is not a valid date and time; no readings"));
                return null;
            }
        }
    }
}
