package io.vigil.gateway.support;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.gateway.Gateway;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts gateways for tests: loopback only, free ports, a temporary data directory, cheap bcrypt. */
public final class TestGateways {
    private TestGateways() {
    }

    /** Settings every test gateway uses, plus {@code extra}. */
    public static List<String> settings(Path dataDir, String... extra) {
        List<String> sets = new ArrayList<>(List.of("data.dir=" + dataDir, "http.host=127.0.0.1", "http.port=0",
                "mqtt.host=127.0.0.1", "mqtt.port=0", "hj212.host=127.0.0.1", "hj212.port=0", "tsdb.embeddedPort=0", "registry.bcryptCost=4", "tsdb.flushInterval=50ms"));
        sets.addAll(List.of(extra));
        return sets;
    }

    public static Gateway start(Path dataDir, String... extra) throws Exception {
        VigilConfig config = new ConfigLoader().load(null, Map.of(), settings(dataDir, extra));
        return Gateway.start(config);
    }

    /** A port that was free a moment ago, for processes that cannot report the port they bound. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registers a city, a site and a device with one pm10 channel (ug/m3, reported in {@code reportedUnit}). */
    public static void registerDustMonitor(Api api, String deviceId, String password, String reportedUnit) {
        api.post("/api/v1/regions", "{\"id\":\"city\",\"name\":\"City\",\"level\":\"city\"}");
        api.post("/api/v1/sites", "{\"id\":\"site-1\",\"name\":\"Site 1\",\"kind\":\"construction_site\",\"regionId\":\"city\"}");
        Api.Response r = api.post("/api/v1/devices", "{\"id\":\"" + deviceId + "\",\"name\":\"Dust " + deviceId + "\",\"type\":\"dust-monitor\","
                + "\"siteId\":\"site-1\",\"password\":\"" + password + "\",\"channels\":["
                + "{\"metric\":\"pm10\",\"unit\":\"ug/m3\",\"reportedUnit\":\"" + reportedUnit + "\",\"expectedInterval\":\"1m\"},"
                + "{\"metric\":\"wind_speed\",\"unit\":\"m/s\",\"expectedInterval\":\"1m\"}]}");
        if (r.status() != 201) {
            throw new IllegalStateException("device registration failed: " + r);
        }
    }
}
