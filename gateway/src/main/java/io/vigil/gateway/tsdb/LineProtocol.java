package io.vigil.gateway.tsdb;

import io.vigil.model.Measurement;
import io.vigil.model.Reading;
import java.util.Map;

/**
 * Encodes readings as InfluxDB line protocol, one line per metric, in the "narrow" layout every
 * InfluxDB v2-compatible store accepts: measurement {@code reading}, tags device, metric, site,
 * region, unit, quality; field {@code value}; millisecond timestamps.
 */
public final class LineProtocol {
    /** Measurement (InfluxDB) or table (QuestDB) name. */
    public static final String MEASUREMENT = "reading";

    private LineProtocol() {
    }

    /** Appends the lines of {@code r} to {@code out}, each terminated by '\n'. */
    public static void append(Reading r, StringBuilder out) {
        long ms = r.timestamp().toEpochMilli();
        for (Map.Entry<String, Measurement> e : r.values().entrySet()) {
            Measurement m = e.getValue();
            out.append(MEASUREMENT);
            tag(out, "device", r.deviceId());
            tag(out, "metric", e.getKey());
            String site = r.tags().get(Reading.TAG_SITE);
            if (site != null) {
                tag(out, "site", site);
            }
            String region = r.tags().get(Reading.TAG_REGION);
            if (region != null && !region.isEmpty()) {
                tag(out, "region", region);
            }
            tag(out, "unit", m.unit().symbol());
            tag(out, "quality", m.quality().code());
            out.append(" value=").append(m.value()).append(' ').append(ms).append('\n');
        }
    }

    private static void tag(StringBuilder out, String key, String value) {
        out.append(',').append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '=' || c == ' ' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
    }
}
