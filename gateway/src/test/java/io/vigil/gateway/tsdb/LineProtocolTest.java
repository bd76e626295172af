package io.vigil.gateway.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Measurement;
import io.vigil.model.Quality;
import io.vigil.model.Reading;
import io.vigil.model.Unit;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineProtocolTest {
    @Test
    void writesOneLinePerMetricWithTagsAndMillis() {
        Map<String, Measurement> values = new LinkedHashMap<>();
        values.put("pm10", new Measurement(85.5, Unit.UG_PER_M3, Quality.NORMAL));
        values.put("noise", new Measurement(61, Unit.DECIBEL_A, Quality.MAINTENANCE));
        Reading r = new Reading("dust-01", Instant.ofEpochMilli(1_763_884_800_123L), values, Map.of("site", "cs-01", "region", "jc/jc-hx"));
        StringBuilder b = new StringBuilder();
        LineProtocol.append(r, b);
        assertThat(b.toString()).isEqualTo(
                "reading,device=dust-01,metric=pm10,site=cs-01,region=jc/jc-hx,unit=ug/m3,quality=N value=85.5 1763884800123\n"
                + "reading,device=dust-01,metric=noise,site=cs-01,region=jc/jc-hx,unit=dB(A),quality=M value=61.0 1763884800123\n");
    }

    @Test
    void omitsMissingTags() {
        Reading r = new Reading("d", Instant.ofEpochMilli(5), Map.of("ph", new Measurement(7, Unit.PH, Quality.NORMAL)));
        StringBuilder b = new StringBuilder();
        LineProtocol.append(r, b);
        assertThat(b.toString()).isEqualTo("reading,device=d,metric=ph,unit=pH,quality=N value=7.0 5\n");
    }
}
