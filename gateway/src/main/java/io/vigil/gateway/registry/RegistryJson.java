package io.vigil.gateway.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.config.Durations;
import io.vigil.model.Channel;
import io.vigil.model.Device;
import io.vigil.model.Ids;
import io.vigil.model.Region;
import io.vigil.model.RegionLevel;
import io.vigil.model.Site;
import io.vigil.model.SiteKind;
import io.vigil.model.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * JSON form of regions, sites and devices for the API, the registry file and the store. Parsing
 * validates every field and names the one at fault in the {@link RegistryException}.
 */
public final class RegistryJson {
    private static final Set<String> REGION_FIELDS = Set.of("id", "name", "level", "parentId");
    private static final Set<String> SITE_FIELDS = Set.of("id", "name", "kind", "regionId", "latitude", "longitude");
    private static final Set<String> DEVICE_FIELDS = Set.of("id", "name", "type", "siteId", "channels", "password", "hj212");
    private static final Set<String> HJ212_FIELDS = Set.of("mn", "password", "timezone", "metrics");
    /** HJ 212 MN: the data logger's unique id (the standard gives 24 characters; real loggers use 14 to 24). */
    private static final java.util.regex.Pattern MN = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,24}");
    /** The registry file may also carry a pre-computed bcrypt hash instead of a password (bulk provisioning). */
    private static final Set<String> FILE_DEVICE_FIELDS = Set.of("id", "name", "type", "siteId", "channels", "password", "passwordHash", "hj212");
    private static final Set<String> CHANNEL_FIELDS = Set.of("metric", "unit", "reportedUnit", "expectedInterval");

    private RegistryJson() {
    }

    public static JsonObject toJson(Region r) {
        return new JsonObject().put("id", r.id()).put("name", r.name()).put("level", lower(r.level()))
                .put("parentId", r.parentId());
    }

    public static JsonObject toJson(Site s) {
        return new JsonObject().put("id", s.id()).put("name", s.name()).put("kind", lower(s.kind()))
                .put("regionId", s.regionId()).put("latitude", s.latitude()).put("longitude", s.longitude());
    }

    /** The device without any credential. */
    public static JsonObject toJson(Device d) {
        return new JsonObject().put("id", d.id()).put("name", d.name()).put("type", d.type()).put("siteId", d.siteId())
                .put("channels", channelsToJson(d.channels()));
    }

    public static JsonArray channelsToJson(List<Channel> channels) {
        JsonArray a = new JsonArray();
        for (Channel c : channels) {
            a.add(new JsonObject().put("metric", c.metric()).put("unit", c.unit().symbol())
                    .put("reportedUnit", c.reportedUnit().symbol()).put("expectedInterval", c.expectedInterval().toString()));
        }
        return a;
    }

    public static Region region(JsonObject j, String pathId) {
        allowOnly(j, REGION_FIELDS, "");
        String id = id(j, pathId);
        RegionLevel level = enumValue(j, "level", RegionLevel.class);
        String parent = optionalString(j, "parentId");
        if (level == RegionLevel.CITY && parent != null) {
            throw RegistryException.invalid("parentId", "a city has no parent region");
        }
        if (level != RegionLevel.CITY && parent == null) {
            throw RegistryException.invalid("parentId", "a " + lower(level) + " needs a parent region");
        }
        return new Region(id, requiredString(j, "name"), level, parent);
    }

    public static Site site(JsonObject j, String pathId) {
        allowOnly(j, SITE_FIELDS, "");
        String id = id(j, pathId);
        Double lat = optionalNumber(j, "latitude", -90, 90);
        Double lon = optionalNumber(j, "longitude", -180, 180);
        return new Site(id, requiredString(j, "name"), enumValue(j, "kind", SiteKind.class), requiredString(j, "regionId"), lat, lon);
    }

    /** Parses a device; the plain-text password, if present, is returned separately and never kept. */
    public static DeviceInput device(JsonObject j, String pathId) {
        allowOnly(j, DEVICE_FIELDS, "");
        return deviceFields(j, pathId);
    }

    /** Parses a device entry of the registry file, which may give {@code passwordHash} (bcrypt, $2a/$2b/$2y) instead of a password. */
    public static DeviceInput fileDevice(JsonObject j) {
        allowOnly(j, FILE_DEVICE_FIELDS, "");
        Object hash = j.getValue("passwordHash");
        if (hash != null && j.getValue("password") != null) {
            throw RegistryException.invalid("passwordHash", "give either password or passwordHash, not both");
        }
        if (hash != null && !(hash instanceof String s && s.matches("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}"))) {
            throw RegistryException.invalid("passwordHash", "must be a bcrypt hash ($2y$10$ followed by 53 characters)");
        }
        JsonObject rest = j.copy();
        rest.remove("passwordHash");
        DeviceInput in = deviceFields(rest, null);
        return new DeviceInput(in.device(), in.password(), (String) hash, in.hj212());
    }

    private static DeviceInput deviceFields(JsonObject j, String pathId) {
        String id = id(j, pathId);
        Object rawChannels = j.getValue("channels");
        if (!(rawChannels instanceof JsonArray arr) || arr.isEmpty()) {
            throw RegistryException.invalid("channels", "must be a non-empty list of {metric, unit, reportedUnit, expectedInterval}");
        }
        List<Channel> channels = channels(arr, "channels");
        String password = optionalString(j, "password");
        if (password != null && (password.length() < 8 || password.length() > 128)) {
            throw RegistryException.invalid("password", "must be 8 to 128 characters");
        }
        try {
            Device d = new Device(id, requiredString(j, "name"), requiredString(j, "type"), optionalString(j, "siteId"), channels);
            return new DeviceInput(d, password, null, hj212(j.getValue("hj212")));
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalid("channels", e.getMessage());
        }
    }

    /** The HJ 212 part of a device as given: a null password keeps the current one. */
    public record Hj212Input(String mn, String password, java.time.ZoneId zone, Map<String, String> metrics) {
        @Override
        public String toString() {
            return "Hj212Input[mn=" + mn + "]";
        }
    }

    private static Hj212Input hj212(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject j)) {
            throw RegistryException.invalid("hj212", "must be an object {mn, password, timezone, metrics}");
        }
        allowOnly(j, HJ212_FIELDS, "hj212.");
        String mn = requiredString(j, "mn", "hj212.mn");
        if (!MN.matcher(mn).matches()) {
            throw RegistryException.invalid("hj212.mn", "'" + mn + "' must be 1 to 24 of A-Z a-z 0-9 _ -");
        }
        String pw = j.getValue("password") == null ? null : requiredString(j, "password", "hj212.password");
        if (pw != null && (pw.length() > 64 || pw.contains(";") || pw.contains("&"))) {
            throw RegistryException.invalid("hj212.password", "must be at most 64 characters without ';' or '&'");
        }
        java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
        if (j.getValue("timezone") != null) {
            String z = requiredString(j, "timezone", "hj212.timezone");
            try {
                zone = java.time.ZoneId.of(z);
            } catch (java.time.DateTimeException e) {
                throw RegistryException.invalid("hj212.timezone", "'" + z + "' is not a time zone such as Asia/Shanghai or +08:00");
            }
        }
        Map<String, String> metrics = new java.util.TreeMap<>();
        Object m = j.getValue("metrics");
        if (m != null) {
            if (!(m instanceof JsonObject mo)) {
                throw RegistryException.invalid("hj212.metrics", "must be an object mapping pollutant codes to metric names");
            }
            for (String code : mo.fieldNames()) {
                Object metric = mo.getValue(code);
                if (!(metric instanceof String s) || !Channel.METRIC_NAME.matcher(s).matches()) {
                    throw RegistryException.invalid("hj212.metrics." + code, "must be a metric name matching " + Channel.METRIC_NAME.pattern());
                }
                metrics.put(code, (String) metric);
            }
        }
        return new Hj212Input(mn, pw, zone, metrics);
    }

    /** The HJ 212 binding as the API shows it: never the password. */
    public static JsonObject toJson(Hj212Binding b) {
        return new JsonObject().put("mn", b.mn()).put("timezone", b.zone().getId()).put("metrics", new JsonObject(new java.util.LinkedHashMap<>(b.metrics())));
    }

    /** A parsed device and the passwords or hash that came with it (null: keep the current one). */
    public record DeviceInput(Device device, String password, String passwordHash, Hj212Input hj212) {
        public DeviceInput(Device device, String password, String passwordHash) {
            this(device, password, passwordHash, null);
        }

        @Override
        public String toString() {
            return "DeviceInput[" + device.id() + "]";
        }
    }

    public static List<Channel> channels(JsonArray arr, String field) {
        List<Channel> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            String f = field + "[" + i + "]";
            if (!(arr.getValue(i) instanceof JsonObject c)) {
                throw RegistryException.invalid(f, "must be an object");
            }
            allowOnly(c, CHANNEL_FIELDS, f + ".");
            String metric = requiredString(c, "metric", f + ".metric");
            if (!Channel.METRIC_NAME.matcher(metric).matches()) {
                throw RegistryException.invalid(f + ".metric", "'" + metric + "' must match " + Channel.METRIC_NAME.pattern());
            }
            Unit unit = unit(c, "unit", f + ".unit");
            Unit reported = c.getValue("reportedUnit") == null ? unit : unit(c, "reportedUnit", f + ".reportedUnit");
            if (!reported.convertibleTo(unit)) {
                throw RegistryException.invalid(f + ".reportedUnit",
                        reported.symbol() + " cannot be converted to " + unit.symbol() + " (different quantities)");
            }
            Duration every = duration(c, "expectedInterval", f + ".expectedInterval");
            out.add(new Channel(metric, unit, reported, every));
        }
        return out;
    }

    private static Unit unit(JsonObject j, String key, String field) {
        String s = requiredString(j, key, field);
        return Unit.parse(s).orElseThrow(() -> RegistryException.invalid(field, "unknown unit '" + s + "'; known: " + Unit.knownSymbols()));
    }

    private static Duration duration(JsonObject j, String key, String field) {
        String s = requiredString(j, key, field);
        Duration d = Durations.parse(s);
        if (d == null || d.isZero() || d.isNegative()) {
            throw RegistryException.invalid(field, "'" + s + "' is not a positive duration such as 30s, 5m, 1h or PT5M");
        }
        return d;
    }

    private static String id(JsonObject j, String pathId) {
        String id = j.getValue("id") == null ? pathId : requiredString(j, "id");
        if (id == null) {
            throw RegistryException.invalid("id", "is required");
        }
        if (pathId != null && !pathId.equals(id)) {
            throw RegistryException.invalid("id", "'" + id + "' differs from the id in the path '" + pathId + "'");
        }
        if (!Ids.isValid(id)) {
            throw RegistryException.invalid("id", "'" + id + "' must match " + Ids.PATTERN.pattern());
        }
        return id;
    }

    private static void allowOnly(JsonObject j, Set<String> allowed, String prefix) {
        for (String f : j.fieldNames()) {
            if (!allowed.contains(f)) {
                throw RegistryException.invalid(prefix + f, "unknown field; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    private static String requiredString(JsonObject j, String key) {
        return requiredString(j, key, key);
    }

    private static String requiredString(JsonObject j, String key, String field) {
        Object v = j.getValue(key);
        if (v == null) {
            throw RegistryException.invalid(field, "is required");
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw RegistryException.invalid(field, "must be a non-empty string");
        }
        return s;
    }

    private static String optionalString(JsonObject j, String key) {
        return j.getValue(key) == null ? null : requiredString(j, key);
    }

    private static Double optionalNumber(JsonObject j, String key, double min, double max) {
        Object v = j.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() < min || n.doubleValue() > max) {
            throw RegistryException.invalid(key, "must be a number from " + min + " to " + max);
        }
        return n.doubleValue();
    }

    private static <E extends Enum<E>> E enumValue(JsonObject j, String key, Class<E> type) {
        String s = requiredString(j, key);
        try {
            return Enum.valueOf(type, s.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalid(key, "'" + s + "' is not one of "
                    + String.join(", ", Arrays.stream(type.getEnumConstants()).map(RegistryJson::lower).toList()));
        }
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
