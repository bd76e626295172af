package io.vigil.gateway.registry;

import io.vertx.core.json.JsonArray;
import io.vigil.driver.DecodeResult;
import io.vigil.driver.RawReading;
import io.vigil.driver.RawValue;
import io.vigil.driver.RejectReason;
import io.vigil.model.Channel;
import io.vigil.model.Device;
import io.vigil.model.Measurement;
import io.vigil.model.Reading;
import io.vigil.model.Region;
import io.vigil.model.RegionLevel;
import io.vigil.model.Site;
import io.vigil.model.SiteKind;
import io.vigil.model.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Devices, sites and the region tree, persisted in SQLite (WAL) under the data directory and
 * cached in memory for the ingest path. Reads are lock-free; changes are serialized and blocking
 * (call them off the event loop). Turns raw readings into normalized ones.
 */
public final class Registry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

    private final Connection conn;
    private final PasswordHasher hasher;
    private final Map<String, Region> regions = new ConcurrentHashMap<>();
    private final Map<String, Site> sites = new ConcurrentHashMap<>();
    private final Map<String, DeviceRecord> devices = new ConcurrentHashMap<>();
    private final Map<String, String> deviceByMn = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastSeenPersisted = new ConcurrentHashMap<>();

    public static Registry open(Path file, PasswordHasher hasher) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return new Registry(DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath()), hasher);
        } catch (Exception e) {
            throw new IllegalStateException("VIGIL-REGISTRY-001 cannot open registry " + file + ": " + e.getMessage(), e);
        }
    }

    private Registry(Connection conn, PasswordHasher hasher) throws SQLException {
        this.conn = conn;
        this.hasher = hasher;
        try (Statement s = conn.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("CREATE TABLE IF NOT EXISTS regions (id TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, parent_id TEXT)");
            s.execute("CREATE TABLE IF NOT EXISTS sites (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, region_id TEXT NOT NULL,"
                    + " latitude REAL, longitude REAL)");
            s.execute("CREATE TABLE IF NOT EXISTS devices (id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, site_id TEXT,"
                    + " channels TEXT NOT NULL, password_hash TEXT, last_seen INTEGER)");
            addColumnIfMissing(s, "devices", "hj212", "TEXT");
            try (ResultSet rs = s.executeQuery("SELECT id, name, level, parent_id FROM regions")) {
                while (rs.next()) {
                    regions.put(rs.getString(1), new Region(rs.getString(1), rs.getString(2), RegionLevel.valueOf(rs.getString(3)), rs.getString(4)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT id, name, kind, region_id, latitude, longitude FROM sites")) {
                while (rs.next()) {
                    sites.put(rs.getString(1), new Site(rs.getString(1), rs.getString(2), SiteKind.valueOf(rs.getString(3)), rs.getString(4),
                            (Double) rs.getObject(5), (Double) rs.getObject(6)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT id, name, type, site_id, channels, password_hash, last_seen, hj212 FROM devices")) {
                while (rs.next()) {
                    List<Channel> channels = RegistryJson.channels(new JsonArray(rs.getString(5)), "channels");
                    Device d = new Device(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), channels);
                    long seen = rs.getLong(7);
                    Instant t = rs.wasNull() ? null : Instant.ofEpochMilli(seen);
                    Hj212Binding hj212 = rs.getString(8) == null ? null : hj212FromStore(new io.vertx.core.json.JsonObject(rs.getString(8)));
                    devices.put(d.id(), new DeviceRecord(d, rs.getString(6), hj212, t));
                    if (hj212 != null) {
                        deviceByMn.put(hj212.mn(), d.id());
                    }
                    if (t != null) {
                        lastSeen.put(d.id(), t);
                        lastSeenPersisted.put(d.id(), t);
                    }
                }
            }
        }
    }

    // ---- queries -------------------------------------------------------------------------

    public List<Region> regions() {
        return regions.values().stream().sorted(Comparator.comparing(Region::level).thenComparing(Region::id)).toList();
    }

    public Optional<Region> region(String id) {
        return Optional.ofNullable(regions.get(id));
    }

    public List<Site> sites() {
        return sites.values().stream().sorted(Comparator.comparing(Site::id)).toList();
    }

    public Optional<Site> site(String id) {
        return Optional.ofNullable(sites.get(id));
    }

    public List<Device> devices() {
        return devices.values().stream().map(DeviceRecord::device).sorted(Comparator.comparing(Device::id)).toList();
    }

    public Optional<Device> device(String id) {
        return Optional.ofNullable(devices.get(id)).map(DeviceRecord::device);
    }

    public int deviceCount() {
        return devices.size();
    }

    /** When the device last sent an accepted reading, or null. */
    public Instant lastSeen(String deviceId) {
        return lastSeen.get(deviceId);
    }

    /** Region ids from the city down to {@code regionId}, joined by '/'. */
    public String regionPath(String regionId) {
        List<String> ids = new ArrayList<>();
        for (Region r = regions.get(regionId); r != null && ids.size() < 8; r = r.parentId() == null ? null : regions.get(r.parentId())) {
            ids.add(0, r.id());
        }
        return String.join("/", ids);
    }

    /** Whether {@code password} is the device's password. Slow (bcrypt) unless verified before: call off the event loop. */
    public boolean authenticate(String deviceId, String password) {
        DeviceRecord r = devices.get(deviceId);
        return r != null && hasher.matches(password, r.passwordHash());
    }

    /** Whether the device exists. */
    public boolean knows(String deviceId) {
        return devices.containsKey(deviceId);
    }

    /**
     * Normalizes a raw reading: checks every metric is a declared channel, converts to canonical
     * units, attaches site and region tags. Returns the refusal, or null with the reading added to {@code out}.
     */
    public DecodeResult.Invalid normalize(RawReading raw, List<Reading> out) {
        return normalize(raw, null, out, null);
    }

    /**
     * As {@link #normalize(RawReading, List)}, but a metric the device does not declare is kept (in the
     * unit the driver says, else dimensionless) and listed in {@code undeclared} instead of refusing the
     * reading: a data logger's frame carries many factors and none may be silently dropped.
     */
    public DecodeResult.Invalid normalizeKeepingUndeclared(RawReading raw, Map<String, Unit> driverUnits, List<Reading> out,
                                                           List<String> undeclared) {
        return normalize(raw, driverUnits, out, undeclared);
    }

    private DecodeResult.Invalid normalize(RawReading raw, Map<String, Unit> driverUnits, List<Reading> out, List<String> undeclared) {
        DeviceRecord rec = devices.get(raw.deviceId());
        if (rec == null) {
            return new DecodeResult.Invalid(RejectReason.UNKNOWN_DEVICE, "device '" + raw.deviceId() + "' is not registered");
        }
        Device d = rec.device();
        Map<String, Measurement> values = new LinkedHashMap<>();
        for (Map.Entry<String, RawValue> e : raw.values().entrySet()) {
            Optional<Channel> ch = d.channel(e.getKey());
            if (ch.isPresent()) {
                Channel c = ch.get();
                values.put(c.metric(), new Measurement(c.toCanonical(e.getValue().value()), c.unit(), e.getValue().quality()));
            } else if (undeclared != null && Double.isFinite(e.getValue().value())) {
                undeclared.add(e.getKey());
                values.put(e.getKey(), new Measurement(e.getValue().value(), driverUnits.getOrDefault(e.getKey(), Unit.NONE), e.getValue().quality()));
            } else {
                return new DecodeResult.Invalid(RejectReason.UNKNOWN_METRIC, "metric '" + e.getKey() + "' is not a channel of device '"
                        + d.id() + "' (declared: " + String.join(", ", d.channels().stream().map(Channel::metric).toList()) + ")");
            }
        }
        if (values.isEmpty()) {
            return new DecodeResult.Invalid(RejectReason.MALFORMED, "no usable value");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (d.siteId() != null) {
            tags.put(Reading.TAG_SITE, d.siteId());
            Site s = sites.get(d.siteId());
            if (s != null) {
                tags.put(Reading.TAG_REGION, regionPath(s.regionId()));
            }
        }
        out.add(new Reading(d.id(), raw.timestamp(), values, tags));
        return null;
    }

    /** Records that the device delivered data now (kept in memory, persisted by {@link #persistLastSeen()}). */
    public void markSeen(String deviceId, Instant at) {
        lastSeen.merge(deviceId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Writes changed last-seen times to the store, in one transaction. Blocking. */
    public synchronized void persistLastSeen() {
        List<Map.Entry<String, Instant>> changed = new ArrayList<>();
        for (Map.Entry<String, Instant> e : lastSeen.entrySet()) {
            if (!e.getValue().equals(lastSeenPersisted.get(e.getKey()))) {
                changed.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        try {
            inTransaction(() -> {
                try (PreparedStatement s = conn.prepareStatement("UPDATE devices SET last_seen = ? WHERE id = ?")) {
                    for (Map.Entry<String, Instant> e : changed) {
                        s.setLong(1, e.getValue().toEpochMilli());
                        s.setString(2, e.getKey());
                        s.addBatch();
                    }
                    s.executeBatch();
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            changed.forEach(e -> lastSeenPersisted.put(e.getKey(), e.getValue()));
        } catch (IllegalStateException e) {
            LOG.warn("VIGIL-REGISTRY-002 cannot persist last-seen times (will retry): {}", e.getMessage());
        }
    }

    // ---- changes ---------------------------------------------------------------------------

    public synchronized Region putRegion(Region r) {
        if (r.parentId() != null) {
            Region parent = regions.get(r.parentId());
            if (parent == null) {
                throw RegistryException.invalid("parentId", "region '" + r.parentId() + "' does not exist");
            }
            if (parent.level().childLevel() != r.level()) {
                throw RegistryException.invalid("level", "a " + RegistryJson.lower(r.level()) + " cannot be a child of the "
                        + RegistryJson.lower(parent.level()) + " '" + parent.id() + "'; expected a "
                        + (parent.level().childLevel() == null ? "leaf" : RegistryJson.lower(parent.level().childLevel())));
            }
        }
        Region existing = regions.get(r.id());
        if (existing != null && existing.level() != r.level() && hasChildren(r.id())) {
            throw RegistryException.conflict("region '" + r.id() + "' has child regions; its level cannot change");
        }
        update("INSERT OR REPLACE INTO regions (id, name, level, parent_id) VALUES (?, ?, ?, ?)", r.id(), r.name(), r.level().name(), r.parentId());
        regions.put(r.id(), r);
        return r;
    }

    private boolean hasChildren(String regionId) {
        return regions.values().stream().anyMatch(x -> regionId.equals(x.parentId()));
    }

    public synchronized void deleteRegion(String id) {
        if (!regions.containsKey(id)) {
            throw RegistryException.notFound("region", id);
        }
        if (hasChildren(id)) {
            throw RegistryException.conflict("region '" + id + "' still has child regions; delete or move them first");
        }
        sites.values().stream().filter(s -> s.regionId().equals(id)).findFirst().ifPresent(s -> {
            throw RegistryException.conflict("region '" + id + "' still has sites (e.g. '" + s.id() + "'); delete or move them first");
        });
        update("DELETE FROM regions WHERE id = ?", id);
        regions.remove(id);
    }

    public synchronized Site putSite(Site s) {
        if (!regions.containsKey(s.regionId())) {
            throw RegistryException.invalid("regionId", "region '" + s.regionId() + "' does not exist");
        }
        update("INSERT OR REPLACE INTO sites (id, name, kind, region_id, latitude, longitude) VALUES (?, ?, ?, ?, ?, ?)",
                s.id(), s.name(), s.kind().name(), s.regionId(), s.latitude(), s.longitude());
        sites.put(s.id(), s);
        return s;
    }

    public synchronized void deleteSite(String id) {
        if (!sites.containsKey(id)) {
            throw RegistryException.notFound("site", id);
        }
        devices.values().stream().filter(d -> id.equals(d.device().siteId())).findFirst().ifPresent(d -> {
            throw RegistryException.conflict("site '" + id + "' still has devices (e.g. '" + d.device().id() + "'); delete or move them first");
        });
        update("DELETE FROM sites WHERE id = ?", id);
        sites.remove(id);
    }

    /** Creates or replaces a device given without an HJ 212 binding. */
    public Device putDevice(Device d, String password, String passwordHash) {
        return putDevice(new RegistryJson.DeviceInput(d, password, passwordHash));
    }

    /**
     * Creates or replaces a device. A new device needs a password; on update a null password keeps
     * the current one (the same for the HJ 212 access password). A given {@code passwordHash} is
     * stored as is (pre-hashed imports). An HJ 212 MN belongs to one device only.
     */
    public synchronized Device putDevice(RegistryJson.DeviceInput in) {
        Device d = in.device();
        if (d.siteId() != null && !sites.containsKey(d.siteId())) {
            throw RegistryException.invalid("siteId", "site '" + d.siteId() + "' does not exist");
        }
        DeviceRecord existing = devices.get(d.id());
        String hash = in.passwordHash() != null ? in.passwordHash()
                : in.password() != null ? hasher.hash(in.password()) : existing == null ? null : existing.passwordHash();
        if (hash == null) {
            throw RegistryException.invalid("password", "is required for a new device (its MQTT password, 8 to 128 characters)");
        }
        Hj212Binding hj212 = hj212Binding(d.id(), in.hj212(), existing == null ? null : existing.hj212());
        Instant seen = lastSeen.get(d.id());
        update("INSERT OR REPLACE INTO devices (id, name, type, site_id, channels, password_hash, last_seen, hj212) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                d.id(), d.name(), d.type(), d.siteId(), RegistryJson.channelsToJson(d.channels()).encode(), hash,
                seen == null ? null : seen.toEpochMilli(), hj212 == null ? null : hj212ToStore(hj212).encode());
        if (existing != null && existing.hj212() != null) {
            deviceByMn.remove(existing.hj212().mn(), d.id());
        }
        if (hj212 != null) {
            deviceByMn.put(hj212.mn(), d.id());
        }
        devices.put(d.id(), new DeviceRecord(d, hash, hj212, seen));
        return d;
    }

    private Hj212Binding hj212Binding(String deviceId, RegistryJson.Hj212Input in, Hj212Binding current) {
        if (in == null) {
            return null;
        }
        String owner = deviceByMn.get(in.mn());
        if (owner != null && !owner.equals(deviceId)) {
            throw RegistryException.conflict("hj212.mn '" + in.mn() + "' already belongs to device '" + owner + "'");
        }
        String pwHash = in.password() != null ? hasher.hash(in.password()) : current == null ? null : current.passwordHash();
        if (pwHash == null) {
            throw RegistryException.invalid("hj212.password", "is required: the access password (PW) the data logger sends");
        }
        return new Hj212Binding(in.mn(), pwHash, in.zone(), in.metrics());
    }

    private static io.vertx.core.json.JsonObject hj212ToStore(Hj212Binding b) {
        return RegistryJson.toJson(b).put("passwordHash", b.passwordHash());
    }

    private static Hj212Binding hj212FromStore(io.vertx.core.json.JsonObject j) {
        Map<String, String> metrics = new java.util.TreeMap<>();
        j.getJsonObject("metrics", new io.vertx.core.json.JsonObject()).forEach(e -> metrics.put(e.getKey(), (String) e.getValue()));
        return new Hj212Binding(j.getString("mn"), j.getString("passwordHash"), java.time.ZoneId.of(j.getString("timezone")), metrics);
    }

    /** The device registered for an HJ 212 MN. */
    public Optional<DeviceRecord> deviceByMn(String mn) {
        String id = mn == null ? null : deviceByMn.get(mn);
        return id == null ? Optional.empty() : Optional.ofNullable(devices.get(id));
    }

    /** The device's HJ 212 binding, if it has one. */
    public Optional<Hj212Binding> hj212(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId)).map(DeviceRecord::hj212);
    }

    /** Whether {@code pw} is the HJ 212 access password of the device with this MN. Slow on first use: off the event loop. */
    public boolean authenticateHj212(String mn, String pw) {
        return deviceByMn(mn).map(r -> r.hj212() != null && hasher.matches(pw, r.hj212().passwordHash())).orElse(false);
    }

    public synchronized void deleteDevice(String id) {
        if (!devices.containsKey(id)) {
            throw RegistryException.notFound("device", id);
        }
        update("DELETE FROM devices WHERE id = ?", id);
        DeviceRecord removed = devices.remove(id);
        if (removed.hj212() != null) {
            deviceByMn.remove(removed.hj212().mn(), id);
        }
        lastSeen.remove(id);
        lastSeenPersisted.remove(id);
    }

    /** The stored hash of a device's password, for imports that share one hash. */
    public Optional<String> passwordHash(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId)).map(DeviceRecord::passwordHash);
    }

    public PasswordHasher hasher() {
        return hasher;
    }

    /**
     * Runs many changes as one transaction (one fsync instead of one per row: a 10,000-device import
     * takes a second, not minutes). If {@code changes} fails, the store rolls back and the exception
     * propagates; the in-memory view may then hold part of the changes, so callers abort (start-up does).
     */
    public synchronized void inTransaction(Runnable changes) {
        try {
            conn.setAutoCommit(false);
            try {
                changes.run();
                conn.commit();
            } catch (RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("VIGIL-REGISTRY-005 registry transaction failed: " + e.getMessage(), e);
        }
    }

    private static void addColumnIfMissing(Statement s, String table, String column, String type) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                if (rs.getString("name").equals(column)) {
                    return;
                }
            }
        }
        s.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement s = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("VIGIL-REGISTRY-003 registry write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        persistLastSeen();
        try {
            conn.close();
        } catch (SQLException e) {
            LOG.warn("VIGIL-REGISTRY-004 closing registry: {}", e.getMessage());
        }
    }
}
