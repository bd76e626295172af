package io.vigil.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Measurement;
import io.vigil.model.Quality;
import io.vigil.model.Reading;
import io.vigil.model.Unit;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadingSerializerTest {
    @Test
    void roundTripsEveryField() {
        Map<String, Measurement> values = new LinkedHashMap<>();
        values.put("nh3n", new Measurement(1.42, Unit.MG_PER_L, Quality.NORMAL));
        values.put("ph", new Measurement(7.05, Unit.PH, Quality.CALIBRATION));
        Reading r = new Reading("ws-01", Instant.parse("2026-11-23T08:00:00.123456789Z"), values,
                Map.of("site", "sec-01", "region", "jc/jc-hx/t1/g1"));
        Reading back = ReadingSerializer.fromBytes(ReadingSerializer.toBytes(r));
        assertThat(back).isEqualTo(r);
        assertThat(back.values().keySet()).containsExactly("nh3n", "ph");
    }
}
