package io.vigil.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import io.vigil.driver.DecodeResult;
import io.vigil.driver.RawReading;
import io.vigil.driver.RawValue;
import io.vigil.driver.RejectReason;
import io.vigil.model.Reading;
import io.vigil.model.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Component tests of the registry on a real SQLite file. */
class RegistryTest {
    @TempDir
    Path dir;

    private final PasswordHasher hasher = new PasswordHasher(4);

    private Registry open() {
        return Registry.open(dir.resolve("registry.db"), hasher);
    }

    private static JsonObject json(String s) {
        return new JsonObject(s);
    }

    private static void seed(Registry r) {
        r.putRegion(RegistryJson.region(json("{\"id\":\"jc\",\"name\":\"City\",\"level\":\"city\"}"), null));
        r.putRegion(RegistryJson.region(json("{\"id\":\"hx\",\"name\":\"District\",\"level\":\"district\",\"parentId\":\"jc\"}"), null));
        r.putSite(RegistryJson.site(json("{\"id\":\"cs-1\",\"name\":\"Site\",\"kind\":\"construction_site\",\"regionId\":\"hx\"}"), null));
        RegistryJson.DeviceInput d = RegistryJson.device(json("""
                {"id":"dust-1","name":"Dust 1","type":"dust-monitor","siteId":"cs-1","password":"correct horse",
                 "channels":[{"metric":"pm10","unit":"ug/m3","reportedUnit":"mg/m3","expectedInterval":"1m"}]}"""), null);
        r.putDevice(d.device(), d.password(), null);
    }

    @Test
    void everythingSurvivesRestartIncludingLastSeen() {
        Instant seen = Instant.parse("2026-11-23T08:00:00Z");
        try (Registry r = open()) {
            seed(r);
            r.markSeen("dust-1", seen);
        }
        try (Registry r = open()) {
            assertThat(r.regions()).hasSize(2);
            assertThat(r.site("cs-1")).isPresent();
            assertThat(r.device("dust-1").orElseThrow().channel("pm10").orElseThrow().reportedUnit()).isEqualTo(Unit.MG_PER_M3);
            assertThat(r.lastSeen("dust-1")).isEqualTo(seen);
            assertThat(r.authenticate("dust-1", "correct horse")).isTrue();
            assertThat(r.authenticate("dust-1", "wrong horse")).isFalse();
        }
    }

    @Test
    void passwordIsStoredOnlyAsBcryptHash() throws Exception {
        try (Registry r = open()) {
            seed(r);
            assertThat(r.passwordHash("dust-1").orElseThrow()).startsWith("$2y$04$").doesNotContain("correct horse");
        }
        byte[] db = Files.readAllBytes(dir.resolve("registry.db"));
        assertThat(new String(db, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("correct horse");
    }

    @Test
    void normalizesUnitsAndTagsSiteAndRegionPath() {
        try (Registry r = open()) {
            seed(r);
            List<Reading> out = new ArrayList<>();
            DecodeResult.Invalid inv = r.normalize(new RawReading("dust-1", Instant.EPOCH, Map.of("pm10", RawValue.normal(0.085))), out);
            assertThat(inv).isNull();
            Reading reading = out.get(0);
            assertThat(reading.values().get("pm10").value()).isCloseTo(85.0, within(1e-9));
            assertThat(reading.values().get("pm10").unit()).isEqualTo(Unit.UG_PER_M3);
            assertThat(reading.tags()).containsEntry("site", "cs-1").containsEntry("region", "jc/hx");
        }
    }

    @Test
    void refusesUnknownDeviceAndUndeclaredMetric() {
        try (Registry r = open()) {
            seed(r);
            List<Reading> out = new ArrayList<>();
            assertThat(r.normalize(new RawReading("ghost", Instant.EPOCH, Map.of("pm10", RawValue.normal(1))), out).reason())
                    .isEqualTo(RejectReason.UNKNOWN_DEVICE);
            DecodeResult.Invalid inv = r.normalize(new RawReading("dust-1", Instant.EPOCH, Map.of("pm25", RawValue.normal(1))), out);
            assertThat(inv.reason()).isEqualTo(RejectReason.UNKNOWN_METRIC);
            assertThat(inv.detail()).contains("'pm25'").contains("declared: pm10");
            assertThat(out).isEmpty();
        }
    }

    @Test
    void regionTreeLevelsAreEnforced() {
        try (Registry r = open()) {
            seed(r);
            assertThatThrownBy(() -> r.putRegion(RegistryJson.region(json("{\"id\":\"g\",\"name\":\"G\",\"level\":\"grid\",\"parentId\":\"hx\"}"), null)))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("expected a town")
                    .extracting(e -> ((RegistryException) e).field()).isEqualTo("level");
            assertThatThrownBy(() -> r.putRegion(RegistryJson.region(json("{\"id\":\"t\",\"name\":\"T\",\"level\":\"town\",\"parentId\":\"nope\"}"), null)))
                    .extracting(e -> ((RegistryException) e).field()).isEqualTo("parentId");
        }
    }

    @Test
    void deletionOfReferencedEntriesIsAConflict() {
        try (Registry r = open()) {
            seed(r);
            assertThatThrownBy(() -> r.deleteRegion("jc")).extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.CONFLICT);
            assertThatThrownBy(() -> r.deleteSite("cs-1")).hasMessageContaining("still has devices");
            r.deleteDevice("dust-1");
            r.deleteSite("cs-1");
            r.deleteRegion("hx");
            assertThat(r.regions()).hasSize(1);
            assertThatThrownBy(() -> r.deleteDevice("dust-1")).extracting(e -> ((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.NOT_FOUND);
        }
    }

    @Test
    void newDeviceNeedsPasswordUpdateKeepsIt() {
        try (Registry r = open()) {
            seed(r);
            RegistryJson.DeviceInput noPw = RegistryJson.device(json("""
                    {"id":"dust-2","name":"D2","type":"dust-monitor","channels":[{"metric":"pm10","unit":"ug/m3","expectedInterval":"1m"}]}"""), null);
            assertThatThrownBy(() -> r.putDevice(noPw.device(), null, null)).hasMessageContaining("required for a new device");
            RegistryJson.DeviceInput rename = RegistryJson.device(json("""
                    {"id":"dust-1","name":"Renamed","type":"dust-monitor","siteId":"cs-1","channels":[{"metric":"pm10","unit":"ug/m3","expectedInterval":"1m"}]}"""), "dust-1");
            r.putDevice(rename.device(), null, null);
            assertThat(r.device("dust-1").orElseThrow().name()).isEqualTo("Renamed");
            assertThat(r.authenticate("dust-1", "correct horse")).isTrue();
        }
    }

    @Test
    void jsonValidationNamesTheField() {
        assertField("{\"id\":\"d\",\"name\":\"D\",\"type\":\"t\",\"channels\":[{\"metric\":\"pm10\",\"unit\":\"furlongs\",\"expectedInterval\":\"1m\"}]}",
                "channels[0].unit", "unknown unit 'furlongs'");
        assertField("{\"id\":\"d\",\"name\":\"D\",\"type\":\"t\",\"channels\":[{\"metric\":\"pm10\",\"unit\":\"ug/m3\",\"reportedUnit\":\"mg/L\",\"expectedInterval\":\"1m\"}]}",
                "channels[0].reportedUnit", "cannot be converted");
        assertField("{\"id\":\"d\",\"name\":\"D\",\"type\":\"t\",\"channels\":[{\"metric\":\"pm10\",\"unit\":\"ug/m3\",\"expectedInterval\":\"often\"}]}",
                "channels[0].expectedInterval", "positive duration");
        assertField("{\"id\":\"d\",\"name\":\"D\",\"type\":\"t\",\"channels\":[]}", "channels", "non-empty");
        assertField("{\"id\":\"d d\",\"name\":\"D\",\"type\":\"t\",\"channels\":[{\"metric\":\"pm10\",\"unit\":\"ug/m3\",\"expectedInterval\":\"1m\"}]}",
                "id", "must match");
        assertField("{\"id\":\"d\",\"name\":\"D\",\"type\":\"t\",\"colour\":\"red\",\"channels\":[]}", "colour", "unknown field");
        assertField("{\"id\":\"d\",\"name\":\"D\",\"type\":\"t\",\"password\":\"short\",\"channels\":[{\"metric\":\"pm10\",\"unit\":\"ug/m3\",\"expectedInterval\":\"1m\"}]}",
                "password", "8 to 128");
        assertThatThrownBy(() -> RegistryJson.site(json("{\"id\":\"s\",\"name\":\"S\",\"kind\":\"volcano\",\"regionId\":\"r\"}"), null))
                .hasMessageContaining("river_section").extracting(e -> ((RegistryException) e).field()).isEqualTo("kind");
    }

    private static void assertField(String body, String field, String message) {
        assertThatThrownBy(() -> RegistryJson.device(json(body), null)).isInstanceOf(RegistryException.class)
                .hasMessageContaining(message).extracting(e -> ((RegistryException) e).field()).isEqualTo(field);
    }

    @Test
    void registryFileImportsAndNamesTheBadEntry() throws Exception {
        Path f = dir.resolve("registry.yaml");
        Files.writeString(f, """
                regions:
                  - {id: jc, name: City, level: city}
                sites:
                  - {id: s1, name: S1, kind: air_station, regionId: jc}
                devices:
                  - id: air-1
                    name: Air 1
                    type: air-station
                    siteId: s1
                    password: secret-pass
                    channels:
                      - {metric: pm25, unit: ug/m3, expectedInterval: 1h}
                """);
        try (Registry r = open()) {
            assertThat(RegistryFile.importFile(f, r)).isEqualTo(new RegistryFile.Imported(1, 1, 1));
            assertThat(r.authenticate("air-1", "secret-pass")).isTrue();
            Files.writeString(f, "devices:\n  - {id: air-2, name: A, type: t, channels: [{metric: pm25, unit: parsecs, expectedInterval: 1h}]}\n");
            assertThatThrownBy(() -> RegistryFile.importFile(f, r)).hasMessageContaining("devices[0].channels[0].unit");
        }
    }

    @Test
    void hj212BindingIsUniquePerMnPersistedAndHidesItsPassword() {
        String body = """
                {"id":"aq-1","name":"Air","type":"air-station","password":"mqtt-password",
                 "hj212":{"mn":"010000A8900016F000169DC0","password":"123456","timezone":"Asia/Shanghai","metrics":{"a34002":"pm10"}},
                 "channels":[{"metric":"pm10","unit":"ug/m3","expectedInterval":"1h"}]}""";
        try (Registry r = open()) {
            r.putDevice(RegistryJson.device(json(body), null));
            assertThat(r.authenticateHj212("010000A8900016F000169DC0", "123456")).isTrue();
            assertThat(r.authenticateHj212("010000A8900016F000169DC0", "654321")).isFalse();
            assertThat(r.authenticateHj212("UNKNOWN", "123456")).isFalse();
            assertThatThrownBy(() -> r.putDevice(RegistryJson.device(json(body.replace("aq-1", "aq-2")), null)))
                    .hasMessageContaining("already belongs to device 'aq-1'");
            String noPw = body.replace(",\"password\":\"123456\"", "");
            r.putDevice(RegistryJson.device(json(noPw), "aq-1"));
            assertThat(r.authenticateHj212("010000A8900016F000169DC0", "123456")).as("update keeps the PW").isTrue();
            assertThatThrownBy(() -> r.putDevice(RegistryJson.device(json(noPw.replace("aq-1", "aq-3").replace("010000A8900016F000169DC0", "MN3")), null)))
                    .extracting(e -> ((RegistryException) e).field()).isEqualTo("hj212.password");
        }
        try (Registry r = open()) {
            Hj212Binding b = r.deviceByMn("010000A8900016F000169DC0").orElseThrow().hj212();
            assertThat(b.metrics()).containsEntry("a34002", "pm10");
            assertThat(RegistryJson.toJson(b).encode()).doesNotContain("123456").doesNotContain("$2y$");
        }
    }

    @Test
    void hj212FieldsAreValidatedByName() {
        assertThatThrownBy(() -> RegistryJson.device(json("""
                {"id":"d","name":"D","type":"t","hj212":{"mn":"MN 1","password":"1"},"channels":[{"metric":"pm10","unit":"ug/m3","expectedInterval":"1m"}]}"""), null))
                .extracting(e -> ((RegistryException) e).field()).isEqualTo("hj212.mn");
        assertThatThrownBy(() -> RegistryJson.device(json("""
                {"id":"d","name":"D","type":"t","hj212":{"mn":"MN1","timezone":"Mars/Olympus"},"channels":[{"metric":"pm10","unit":"ug/m3","expectedInterval":"1m"}]}"""), null))
                .extracting(e -> ((RegistryException) e).field()).isEqualTo("hj212.timezone");
    }

    @Test
    void importsALedgerLargerThanTheYamlParsersDefaultLimit() throws Exception {
        String hash = hasher.hash("shared-bench-password");
        StringBuilder b = new StringBuilder("regions: [{id: c, name: C, level: city}]\ndevices:\n");
        for (int i = 0; i < 20_000; i++) {
            b.append("  - {id: d").append(i).append(", name: Device number ").append(i).append(", type: dust-monitor, passwordHash: \"")
                    .append(hash).append("\", channels: [{metric: pm10, unit: ug/m3, expectedInterval: 1m}]}\n");
        }
        assertThat(b.length()).as("over the 3 MiB default of the YAML parser").isGreaterThan(3 << 20);
        Path f = dir.resolve("ledger.yaml");
        Files.writeString(f, b);
        try (Registry r = open()) {
            assertThat(RegistryFile.importFile(f, r).devices()).isEqualTo(20_000);
            assertThat(r.authenticate("d19999", "shared-bench-password")).isTrue();
        }
        try (Registry r = open()) {
            assertThat(r.deviceCount()).isEqualTo(20_000);
        }
    }
}
