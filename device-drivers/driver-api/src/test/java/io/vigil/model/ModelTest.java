package io.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {
    @Test
    void convertsDustFromMicrogramsToMilligrams() {
        Channel pm10 = new Channel("pm10", Unit.MG_PER_M3, Unit.UG_PER_M3, Duration.ofMinutes(1));
        assertThat(pm10.toCanonical(150)).isCloseTo(0.150, within(1e-12));
        assertThat(Unit.MG_PER_L.convert(1.0, Unit.UG_PER_L)).isEqualTo(1000.0);
        assertThat(Unit.KM_PER_H.convert(36, Unit.M_PER_S)).isCloseTo(10.0, within(1e-12));
    }

    @Test
    void refusesConversionAcrossQuantities() {
        assertThatThrownBy(() -> new Channel("pm10", Unit.MG_PER_M3, Unit.MG_PER_L, Duration.ofMinutes(1)))
                .hasMessageContaining("mg/L cannot be converted to mg/m3");
    }

    @Test
    void parsesUnitAliases() {
        assertThat(Unit.parse("µg/m³")).contains(Unit.UG_PER_M3);
        assertThat(Unit.parse("ug/m3")).contains(Unit.UG_PER_M3);
        assertThat(Unit.parse("MG/L")).contains(Unit.MG_PER_L);
        assertThat(Unit.parse("furlongs")).isEmpty();
    }

    @Test
    void validatesMetricNamesAndIds() {
        assertThatThrownBy(() -> new Channel("PM 10", Unit.MG_PER_M3, Duration.ofMinutes(1))).hasMessageContaining("metric 'PM 10'");
        assertThatThrownBy(() -> new Site("a/b", "x", SiteKind.OTHER, "r", null, null)).hasMessageContaining("id 'a/b'");
        assertThatThrownBy(() -> new Site("s", "x", SiteKind.OTHER, "r", 91.0, null)).hasMessageContaining("latitude");
    }

    @Test
    void deviceRejectsDuplicateChannelsAndUsesShortestInterval() {
        Channel a = new Channel("ph", Unit.PH, Duration.ofMinutes(10));
        Channel b = new Channel("nh3n", Unit.MG_PER_L, Duration.ofMinutes(4));
        assertThat(new Device("d", "d", "water", null, List.of(a, b)).expectedInterval()).isEqualTo(Duration.ofMinutes(4));
        assertThatThrownBy(() -> new Device("d", "d", "water", null, List.of(a, a))).hasMessageContaining("declared twice");
    }

    @Test
    void regionNeedsParentExceptCity() {
        assertThatThrownBy(() -> new Region("t", "Town", RegionLevel.TOWN, null)).hasMessageContaining("needs a parent");
        assertThatThrownBy(() -> new Region("c", "City", RegionLevel.CITY, "x")).hasMessageContaining("no parent");
        assertThat(RegionLevel.TOWN.childLevel()).isEqualTo(RegionLevel.GRID);
        assertThat(RegionLevel.GRID.childLevel()).isNull();
    }

    @Test
    void statusIsOfflineAfterThreeMissedIntervals() {
        Instant now = Instant.parse("2026-01-01T00:10:00Z");
        Duration every = Duration.ofMinutes(1);
        assertThat(DeviceStatus.of(null, every, now)).isEqualTo(DeviceStatus.NEVER_SEEN);
        assertThat(DeviceStatus.of(now.minusSeconds(180), every, now)).isEqualTo(DeviceStatus.ONLINE);
        assertThat(DeviceStatus.of(now.minusSeconds(181), every, now)).isEqualTo(DeviceStatus.OFFLINE);
    }

    @Test
    void readingIsImmutableAndRejectsNonFiniteValues() {
        var values = new java.util.HashMap<String, Measurement>();
        values.put("ph", new Measurement(7.1, Unit.PH, Quality.NORMAL));
        Reading r = new Reading("d", Instant.EPOCH, values);
        values.clear();
        assertThat(r.values()).containsKey("ph");
        assertThatThrownBy(() -> r.values().put("x", null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new Measurement(Double.NaN, Unit.PH, Quality.NORMAL)).hasMessageContaining("finite");
        assertThatThrownBy(() -> new Reading("d", Instant.EPOCH, Map.of())).hasMessageContaining("at least one value");
    }
}
