package io.vigil.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.config.ConfigLoader;
import io.vigil.gateway.support.Api;
import io.vigil.gateway.support.Await;
import io.vigil.gateway.support.TestGateways;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil demo}: the sample district is registered and its simulated stations' readings arrive within 10 s. */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void simulatedReadingsArriveThroughTheApiWithinTenSeconds() throws Exception {
        try (Demo demo = Demo.start(new ConfigLoader().load(null, Map.of(), TestGateways.settings(dir)))) {
            Api api = new Api(demo.gateway().httpPort());
            assertThat(api.get("/api/v1/devices").array()).hasSize(61);
            assertThat(api.get("/api/v1/regions").array()).hasSize(2 + 4 + 12);
            Await.until(Duration.ofSeconds(10), "readings of ws-01, dust-02 and air-01 through the API", () ->
                    List.of("ws-01", "dust-02", "air-01").stream().allMatch(d -> !values(api, d).isEmpty()));
            JsonObject water = values(api, "ws-01");
            assertThat(water.fieldNames()).containsExactlyInAnyOrder("codmn", "nh3n", "tp", "do", "ph", "water_temp");
            double pm10 = values(api, "dust-02").getJsonObject("pm10").getDouble("value");
            assertThat(pm10).as("dust-02 sends mg/m3; stored in ug/m3").isBetween(20.0, 2000.0);
            Await.until(Duration.ofSeconds(20), "all 61 stations online", () ->
                    api.get("/api/v1/status").json().getJsonObject("devices").getInteger("online") == 61);
        }
    }

    private static JsonObject values(Api api, String device) {
        return api.get("/api/v1/devices/" + device + "/latest").json().getJsonObject("values");
    }
}
