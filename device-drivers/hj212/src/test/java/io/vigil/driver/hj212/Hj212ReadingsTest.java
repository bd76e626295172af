package io.vigil.driver.hj212;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.driver.RawReading;
import io.vigil.driver.RawValue;
import io.vigil.driver.hj212.Hj212Readings.Problem;
import io.vigil.driver.hj212.Hj212Readings.Result;
import io.vigil.model.Quality;
import io.vigil.model.Unit;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Hj212ReadingsTest {

    private static final Hj212Readings READINGS = new Hj212Readings(Hj212CodeTable.standard());
    private static final Hj212DeviceProfile DEFAULT = Hj212DeviceProfile.DEFAULT;

    private static Result convert(String frame, Hj212DeviceProfile profile) {
        return READINGS.convert("dev-1", Hj212ParserTest.valid(frame), profile).orElseThrow();
    }

    private static Result convertData(String data) {
        return convert(Hj212ParserTest.frame(data), DEFAULT);
    }

    private static RawReading single(Result r) {
        assertThat(r.readings()).hasSize(1);
        return r.readings().get(0);
    }

    private static String valid(String set, int line) {
        return Corpus.validFrames(set).get(line - 1);
    }

    @Test
    void turnsRealtimeDataIntoReadingsStampedWithDataTimeInShanghai() {
        Result r = convert(valid("hj212", 40), DEFAULT);
        assertThat(r.kind()).isEqualTo(Hj212DataKind.REALTIME);
        RawReading reading = single(r);
        assertThat(reading.deviceId()).isEqualTo("dev-1");
        assertThat(reading.timestamp()).isEqualTo(Instant.parse("2024-06-15T02:30:00Z"));
        assertThat(reading.values()).containsExactly(Map.entry("ph", RawValue.normal(7.62)),
                Map.entry("water_temp", RawValue.normal(24.3)), Map.entry("do", RawValue.normal(8.15)),
                Map.entry("conductivity", RawValue.normal(412.6)), Map.entry("codmn", RawValue.normal(3.2)),
                Map.entry("nh3n", RawValue.normal(0.215)), Map.entry("tp", RawValue.normal(0.052)),
                Map.entry("tn", RawValue.normal(1.36)));
        assertThat(r.units()).containsEntry("ph", "pH").containsEntry("nh3n", "mg/L").containsEntry("conductivity", "μS/cm");
        assertThat(r.unknownCodes()).isEmpty();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void keepsHourlyAggregatesDistinctFromRealtimeValues() {
        Result r = convert(valid("hj212", 41), DEFAULT);
        assertThat(r.kind()).isEqualTo(Hj212DataKind.HOURLY);
        RawReading reading = single(r);
        assertThat(reading.timestamp()).isEqualTo(Instant.parse("2024-06-15T02:00:00Z"));
        assertThat(reading.values()).containsKeys("ph_min", "ph_avg", "ph_max", "codmn_avg", "nh3n_max", "tp_avg")
                .doesNotContainKeys("ph", "codmn", "nh3n", "tp", "tp_min");
        assertThat(reading.values().get("codmn_avg")).isEqualTo(RawValue.normal(3.1));
        assertThat(reading.values().get("tp_avg")).isEqualTo(new RawValue(0.051, Quality.MAINTENANCE));
        assertThat(r.units()).containsEntry("ph_avg", "pH");
    }

    @Test
    void keepsCumulativeTotalsWithoutAConcentrationUnit() {
        Result r = convert(valid("hj212/more", 10), DEFAULT);
        RawReading reading = single(r);
        assertThat(reading.values()).containsKeys("ph_avg", "ph_cou", "ph_max", "ph_min");
        assertThat(reading.values().get("nh3n_cou").value()).isEqualTo(1045.241);
        assertThat(r.units()).containsKey("nh3n_avg").doesNotContainKey("nh3n_cou");
    }

    @Test
    void namesTheKindOfEveryDataCommand() {
        assertThat(convert(valid("hj212", 32), DEFAULT).kind()).isEqualTo(Hj212DataKind.MINUTE);
        assertThat(convert(valid("hj212", 33), DEFAULT).kind()).isEqualTo(Hj212DataKind.HOURLY);
        Result daily = convert(valid("hj212", 34), DEFAULT);
        assertThat(daily.kind()).isEqualTo(Hj212DataKind.DAILY);
        assertThat(single(daily).values()).containsOnlyKeys("cod_max", "cod_avg", "cod_min", "cod_cou");
        assertThat(READINGS.convert("dev-1", Hj212ParserTest.valid(valid("hj212", 16)), DEFAULT)).as("CN 9011").isEmpty();
    }

    @Test
    void appliesTheDustMonitorsUnitOverride() {
        Hj212DeviceProfile dust = DEFAULT.withUnit("a34001", Unit.UG_PER_M3).withUnit("a34002", Unit.UG_PER_M3)
                .withUnit("a34004", Unit.UG_PER_M3);
        Result standard = convert(valid("hj212", 42), DEFAULT);
        Result overridden = convert(valid("hj212", 42), dust);
        assertThat(standard.units()).containsEntry("pm10", "ng/m3");
        assertThat(overridden.units()).containsEntry("tsp", "ug/m3").containsEntry("pm10", "ug/m3").containsEntry("pm25", "ug/m3")
                .containsEntry("noise", "dB");
        assertThat(Unit.parse(overridden.units().get("pm10"))).hasValue(Unit.UG_PER_M3);
        assertThat(single(overridden).values().get("pm10").value()).as("values are never converted").isEqualTo(54.0);
    }

    @Test
    void appliesTheDevicesMetricMappingAndTimeZone() {
        Hj212DeviceProfile profile = DEFAULT.withMetric("a34001", "tsp_gate").withZone(ZoneOffset.UTC);
        RawReading reading = single(convert(valid("hj212", 42), profile));
        assertThat(reading.values()).containsKey("tsp_gate").doesNotContainKey("tsp");
        assertThat(reading.timestamp()).isEqualTo(Instant.parse("2024-06-15T10:30:00Z"));
    }

    @Test
    void keepsAndCountsUnknownCodes() {
        Result r = convert(valid("hj212", 4), DEFAULT);
        assertThat(r.unknownCodes()).containsExactly(Map.entry("pms_rules", 2), Map.entry("lng", 2), Map.entry("lat", 2),
                Map.entry("a05024", 2), Map.entry("a99054", 2), Map.entry("hot_t", 2), Map.entry("vn", 2));
        assertThat(single(r).values()).containsKeys("pms_rules", "lng", "lat", "a05024", "a99054", "hot_t", "vn", "pm25", "so2");
        assertThat(single(r).values().get("lng").value()).isEqualTo(120.32879);
    }

    @Test
    void namesOldStyleCodesAndReadsA17DigitDataTime() {
        Result r = convert(valid("hj212", 1), DEFAULT);
        assertThat(single(r).values()).containsOnlyKeys("b01", "c011", "c060");
        assertThat(single(r).timestamp()).isEqualTo(Instant.parse("2016-08-23T16:38:17Z"));
        assertThat(r.unknownCodes()).containsOnlyKeys("B01", "011", "060");
        Result millis = convertData("ST=32;CN=2011;CP=&&DataTime=20160824003817250;w01018-Rtd=1&&");
        assertThat(single(millis).timestamp()).isEqualTo(Instant.parse("2016-08-23T16:38:17.250Z"));
    }

    @Test
    void mapsEveryDataFlagToItsQuality() {
        Map<String, Quality> expected = Map.of("N", Quality.NORMAL, "F", Quality.STOPPED, "M", Quality.MAINTENANCE,
                "S", Quality.MANUAL, "D", Quality.FAULT, "C", Quality.CALIBRATION, "T", Quality.OVER_RANGE,
                "B", Quality.COMMUNICATION_LOST);
        expected.forEach((flag, quality) -> {
            Result r = convertData("ST=21;CN=2011;CP=&&DataTime=20240615103500;w21003-Rtd=0.2,w21003-Flag=" + flag + "&&");
            assertThat(single(r).values().get("nh3n")).as(flag).isEqualTo(new RawValue(0.2, quality));
            assertThat(r.problems()).isEmpty();
        });
    }

    @Test
    void mapsFlagsOfTheCorpusFrames() {
        RawReading water = single(convert(valid("hj212/more", 20), DEFAULT));
        assertThat(water.values().get("nh3n").quality()).isEqualTo(Quality.FAULT);
        assertThat(water.values().get("tp").quality()).isEqualTo(Quality.CALIBRATION);
        assertThat(water.values().get("ph").quality()).isEqualTo(Quality.NORMAL);
        RawReading dust = single(convert(valid("hj212/more", 22), DEFAULT));
        assertThat(dust.values().get("tsp")).isEqualTo(new RawValue(1203, Quality.OVER_RANGE));
        assertThat(dust.values().get("pm10").quality()).isEqualTo(Quality.FAULT);
    }

    @Test
    void keepsAValueWithAnUnknownFlagAsFaultAndReportsIt() {
        Result r = convertData("ST=21;CN=2011;CP=&&DataTime=20240615103500;w21003-Rtd=0.2,w21003-Flag=X&&");
        assertThat(single(r).values().get("nh3n")).isEqualTo(new RawValue(0.2, Quality.FAULT));
        assertThat(r.problems()).containsExactly(new Problem("w21003-Flag", "unknown data flag \"X\"; values kept with quality FAULT"));
    }

    @Test
    void reportsNonNumericValuesPerFieldWithoutFailingTheFrame() {
        Result r = convertData("ST=21;CN=2011;CP=&&DataTime=20240615103500;w21003-Rtd=abc;w21011-Rtd=NaN;w01001-Rtd=7.1&&");
        assertThat(single(r).values()).containsOnlyKeys("ph");
        assertThat(r.problems()).containsExactly(new Problem("w21003-Rtd", "not a number: \"abc\""),
                new Problem("w21011-Rtd", "not a number: \"NaN\""));
    }

    @Test
    void reportsFieldsThatAreNotValuesOfTheKind() {
        Result r = convert(valid("hj212", 39), DEFAULT);
        assertThat(single(r).values()).containsKey("wind_dir_avg").doesNotContainKey("wind_dir");
        assertThat(r.problems()).containsExactly(new Problem("a01008-Rtd", "not a value of minute data (CN 2051); ignored"));
        Result typo = convert(valid("hj212", 3), DEFAULT);
        assertThat(typo.problems()).containsExactly(new Problem("LA-td", "not a value of realtime data (CN 2011); ignored"));
        assertThat(single(typo).values()).doesNotContainKey("noise");
    }

    @Test
    void reportsADataFlagWithoutPollutantCode() {
        Result r = convert(valid("hj212", 25), DEFAULT);
        assertThat(single(r).values()).containsExactly(Map.entry("tsp", RawValue.normal(92)));
        assertThat(r.problems()).containsExactly(new Problem("Flag", "data flag without a pollutant code; ignored"));
    }

    @Test
    void producesNoReadingWithoutAValidDataTime() {
        Result missing = convertData("ST=21;CN=2011;CP=&&w21003-Rtd=0.2&&");
        assertThat(missing.readings()).isEmpty();
        assertThat(missing.problems()).containsExactly(new Problem("DataTime", "missing; no readings"));
        Result bad = convertData("ST=21;CN=2011;CP=&&DataTime=20241315103500;w21003-Rtd=0.2&&");
        assertThat(bad.readings()).isEmpty();
        assertThat(bad.problems()).extracting(Problem::reason).containsExactly("\"20241315103500\" is not a valid date and time; no readings");
        assertThat(convertData("ST=21;CN=2011;CP=&&DataTime=2024;w21003-Rtd=0.2&&").readings()).isEmpty();
    }

    @Test
    void convertsEveryCorpusDataFrameWithoutThrowing() {
        Corpus.validCases().map(c -> Hj212ParserTest.valid(c.frame())).forEach(f ->
                READINGS.convert("dev-1", f, DEFAULT).ifPresent(r -> assertThat(r.kind().cn()).isEqualTo(f.cn())));
    }
}
