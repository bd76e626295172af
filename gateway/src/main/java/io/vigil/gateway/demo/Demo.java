package io.vigil.gateway.demo;

import io.vigil.config.VigilConfig;
import io.vigil.gateway.Gateway;
import io.vigil.gateway.registry.PasswordHasher;
import io.vigil.gateway.registry.Registry;

/** {@code vigil demo}: a gateway with the embedded store, the sample district and its simulated stations. */
public final class Demo implements AutoCloseable {
    private final Gateway gateway;
    private final StationSimulator simulator;

    private Demo(Gateway gateway, StationSimulator simulator) {
        this.gateway = gateway;
        this.simulator = simulator;
    }

    public static Demo start(VigilConfig config) throws Exception {
        Gateway gateway = Gateway.start(config);
        try {
            DemoDistrict district = new DemoDistrict();
            register(gateway.registry(), district);
            String host = "127.0.0.1";
            StationSimulator sim = new StationSimulator("tcp://" + host + ":" + gateway.mqttPort(), district.devices()).start();
            Demo demo = new Demo(gateway, sim);
            printWelcome(config, gateway, district);
            return demo;
        } catch (Exception e) {
            gateway.close();
            throw e;
        }
    }

    /**
     * Adds the district's regions, sites and devices that are not registered yet. The demo passwords
     * are public, so they are hashed at bcrypt's lowest cost: the demo is up in seconds.
     */
    static void register(Registry registry, DemoDistrict district) {
        district.regions().stream().filter(r -> registry.region(r.id()).isEmpty()).forEach(registry::putRegion);
        district.sites().stream().filter(s -> registry.site(s.id()).isEmpty()).forEach(registry::putSite);
        PasswordHasher demoHasher = new PasswordHasher(4);
        district.devices().stream().filter(d -> registry.device(d.id()).isEmpty())
                .forEach(d -> registry.putDevice(d, null, demoHasher.hash(DemoDistrict.password(d.id()))));
    }

    private static void printWelcome(VigilConfig config, Gateway g, DemoDistrict district) {
        String http = "http://localhost:" + g.httpPort();
        System.out.println();
        System.out.println("Vigil demo is running: " + district.devices().size() + " simulated stations report every "
                + DemoDistrict.INTERVAL.toSeconds() + " s over MQTT.");
        System.out.println("  Console        " + http + "/");
        System.out.println("  Devices        " + http + "/api/v1/devices");
        System.out.println("  Latest values  " + http + "/api/v1/devices/ws-01/latest");
        System.out.println("  Status         " + http + "/api/v1/status     Health " + http + "/health     Metrics " + http + "/metrics");
        System.out.println("  MQTT adapter   tcp://localhost:" + g.mqttPort() + "  (user: device id, demo password: demo-<device id>)");
        System.out.println("                 mosquitto_pub -p " + g.mqttPort() + " -u ws-01 -P demo-ws-01 -q 1 -t devices/ws-01/telemetry -m '{\"values\":{\"nh3n\":1.6}}'");
        System.out.println("  Data           " + config.dataDir().toAbsolutePath().normalize());
        System.out.println("Press Ctrl-C to stop.");
        System.out.println();
    }

    public Gateway gateway() {
        return gateway;
    }

    @Override
    public void close() {
        simulator.close();
        gateway.close();
    }
}
