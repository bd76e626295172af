package io.vigil.driver.hj212;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.driver.hj212.Hj212CodeTable.Mapping;
import io.vigil.driver.hj212.Hj212CodeTable.Naming;
import io.vigil.model.Channel;
import io.vigil.model.Unit;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Hj212CodeTableTest {

    private static final Hj212CodeTable FRIENDLY = Hj212CodeTable.standard();
    private static final Hj212CodeTable CODES = Hj212CodeTable.standard(Naming.CODES);
    private static final Hj212DeviceProfile NONE = Hj212DeviceProfile.DEFAULT;

    @Test
    void loadsAllCodesOfTablesB1ToB3() {
        assertThat(FRIENDLY.size()).isEqualTo(196);
        assertThat(FRIENDLY.entry("w01019")).hasValueSatisfying(e -> {
            assertThat(e.nameEn()).isEqualTo("Permanganate index (CODMn)");
            assertThat(e.nameZh()).isEqualTo("高锰酸盐指数");
            assertThat(e.unit()).isEqualTo("mg/L");
        });
        assertThat(FRIENDLY.entry("a24018")).hasValueSatisfying(e -> assertThat(e.nameEn()).isEqualTo("1,1,1-Trichloroethane"));
    }

    @Test
    void mapsCommonFactorsToFriendlyNames() {
        Map<String, String> expected = Map.ofEntries(Map.entry("w01018", "cod"), Map.entry("w21003", "nh3n"),
                Map.entry("w21011", "tp"), Map.entry("w01019", "codmn"), Map.entry("w01009", "do"), Map.entry("w01001", "ph"),
                Map.entry("a34002", "pm10"), Map.entry("a34004", "pm25"), Map.entry("a34001", "tsp"),
                Map.entry("a01007", "wind_speed"), Map.entry("a01008", "wind_dir"), Map.entry("a01001", "air_temp"),
                Map.entry("a01002", "humidity"), Map.entry("a01006", "pressure"), Map.entry("LA", "noise"));
        expected.forEach((code, metric) -> assertThat(FRIENDLY.resolve(code, NONE).metric()).as(code).isEqualTo(metric));
    }

    @Test
    void keepsTheLowerCaseCodeWithoutAliases() {
        assertThat(CODES.resolve("w21003", NONE).metric()).isEqualTo("w21003");
        assertThat(CODES.resolve("LA", NONE).metric()).isEqualTo("la");
        assertThat(FRIENDLY.resolve("a21002", NONE).metric()).as("no alias").isEqualTo("a21002");
    }

    @Test
    void namesOldAndVendorCodesByADocumentedRule() {
        assertThat(Hj212CodeTable.metricForCode("B01")).isEqualTo("b01");
        assertThat(Hj212CodeTable.metricForCode("011")).isEqualTo("c011");
        assertThat(Hj212CodeTable.metricForCode("060")).isEqualTo("c060");
        assertThat(Hj212CodeTable.metricForCode("100000")).isEqualTo("c100000");
        assertThat(Hj212CodeTable.metricForCode("pms_rules")).isEqualTo("pms_rules");
        assertThat(Hj212CodeTable.metricForCode("SB1.x")).isEqualTo("sb1_x");
        assertThat(Hj212CodeTable.metricForCode("a".repeat(80))).hasSize(60);
    }

    @Test
    void everyMetricFitsTheMetricNamePatternWithAnAggregateSuffix() {
        List<String> codes = Corpus.validCases().flatMap(c -> Hj212ParserTest.valid(c.frame()).cp().keySet().stream())
                .filter(k -> k.indexOf('-') > 0).map(k -> k.substring(0, k.lastIndexOf('-'))).toList();
        for (String code : codes) {
            for (Hj212CodeTable table : List.of(FRIENDLY, CODES)) {
                assertThat(table.resolve(code, NONE).metric() + "_avg").as(code).matches(Channel.METRIC_NAME);
            }
        }
    }

    @Test
    void mapsTableUnitsToVigilUnitsWherePossible() {
        assertThat(FRIENDLY.resolve("w21003", NONE).vigilUnit()).hasValue(Unit.MG_PER_L);
        assertThat(FRIENDLY.resolve("a21026", NONE).vigilUnit()).hasValue(Unit.MG_PER_M3);
        assertThat(FRIENDLY.resolve("w01014", NONE).vigilUnit()).hasValue(Unit.US_PER_CM);
        assertThat(FRIENDLY.resolve("a01001", NONE).vigilUnit()).hasValue(Unit.CELSIUS);
        assertThat(FRIENDLY.resolve("LA", NONE).vigilUnit()).hasValue(Unit.DECIBEL_A);
        assertThat(FRIENDLY.resolve("w01001", NONE).vigilUnit()).as("alias unit").hasValue(Unit.PH);
        assertThat(CODES.resolve("w01001", NONE).vigilUnit()).as("dimensionless").hasValue(Unit.NONE);
    }

    @Test
    void keepsUnitsWithoutAVigilEquivalentAsText() {
        Mapping pm10 = FRIENDLY.resolve("a34002", NONE);
        assertThat(pm10.unit()).isEqualTo("ng/m3");
        assertThat(pm10.vigilUnit()).isEmpty();
    }

    @Test
    void appliesPerDeviceMetricAndUnitOverrides() {
        Hj212DeviceProfile dust = NONE.withUnit("a34002", Unit.UG_PER_M3).withMetric("A34001", "tsp_site");
        assertThat(FRIENDLY.resolve("a34002", dust)).isEqualTo(new Mapping("a34002", "pm10", "ug/m3", true));
        assertThat(FRIENDLY.resolve("a34001", dust).metric()).isEqualTo("tsp_site");
    }

    @Test
    void marksCodesOutsideTheTableUnknownUnlessTheDeviceConfiguresThem() {
        assertThat(FRIENDLY.resolve("a05024", NONE)).isEqualTo(new Mapping("a05024", "a05024", null, false));
        Hj212DeviceProfile o3 = NONE.withMetric("a05024", "o3").withUnit("a05024", Unit.UG_PER_M3);
        assertThat(FRIENDLY.resolve("a05024", o3)).isEqualTo(new Mapping("a05024", "o3", "ug/m3", true));
    }

    @Test
    void matchesCodesIgnoringCase() {
        assertThat(FRIENDLY.resolve("W21003", NONE).metric()).isEqualTo("nh3n");
        assertThat(FRIENDLY.entry("la")).map(Hj212CodeTable.Entry::code).isEqualTo(Optional.of("LA"));
    }

    @Test
    void rejectsBadOverridesNamingTheCode() {
        assertThatThrownBy(() -> NONE.withMetric("a34002", "PM10")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a34002'").hasMessageContaining("'PM10'");
        assertThatThrownBy(() -> new Hj212DeviceProfile(Hj212DeviceProfile.DEFAULT_ZONE, Map.of("a1", "x", "A1", "y"), Map.of()))
                .hasMessageContaining("given twice");
    }

    @Test
    void readsCustomTablesAndNamesTheBadLine() throws Exception {
        Hj212CodeTable custom = Hj212CodeTable.read(new StringReader("code,name_en,name_zh,unit\nx01,\"Foo, bar\",福,mg/L\n"),
                new StringReader("code,metric,unit\nx01,foo,\n"));
        assertThat(custom.resolve("x01", NONE)).isEqualTo(new Mapping("x01", "foo", "mg/L", true));
        assertThatThrownBy(() -> Hj212CodeTable.read(new StringReader("code,name_en,name_zh,unit\nx01,a,b\n"), new StringReader("")))
                .hasMessage("codes line 2: expected 4 fields with a code first, found [x01, a, b]");
        assertThatThrownBy(() -> Hj212CodeTable.read(new StringReader("code,name_en,name_zh,unit\n"),
                new StringReader("code,metric,unit\nzz9,zz,\n"))).hasMessageContaining("aliases line 2");
    }
}
