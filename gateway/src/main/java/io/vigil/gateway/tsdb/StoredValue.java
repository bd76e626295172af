package io.vigil.gateway.tsdb;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One value read back from the time-series store. */
public record StoredValue(Instant timestamp, String metric, double value, String unit, String quality) {
    public JsonObject toJson() {
        return new JsonObject().put("ts", timestamp.toString()).put("metric", metric).put("value", value).put("unit", unit)
                .put("quality", quality);
    }
}
