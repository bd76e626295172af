package io.vigil.gateway.demo;

import io.vigil.model.Channel;
import io.vigil.model.Device;
import io.vigil.model.Region;
import io.vigil.model.RegionLevel;
import io.vigil.model.Site;
import io.vigil.model.SiteKind;
import io.vigil.model.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's sample district: a city, one district with four towns of three grids each, 36 river
 * and lake sections with water stations, 20 construction sites with dust monitors and 5 air stations.
 */
public final class DemoDistrict {
    /** How often every simulated device reports; also its expected interval. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);
    static final String[] TOWNS = {"Qiaotou", "Baisha", "Liuxi", "Shangpu"};
    static final String[] RIVERS = {"Qing River", "Liu Creek", "Baisha Canal"};

    private final List<Region> regions = new ArrayList<>();
    private final List<Site> sites = new ArrayList<>();
    private final List<Device> devices = new ArrayList<>();

    public DemoDistrict() {
        regions.add(new Region("jc", "Jiangcheng City", RegionLevel.CITY, null));
        regions.add(new Region("jc-hx", "Huxi District", RegionLevel.DISTRICT, "jc"));
        for (int t = 0; t < TOWNS.length; t++) {
            String town = "jc-hx-t" + (t + 1);
            regions.add(new Region(town, TOWNS[t] + " Town", RegionLevel.TOWN, "jc-hx"));
            for (int g = 1; g <= 3; g++) {
                regions.add(new Region(town + "-g" + g, TOWNS[t] + " Grid " + g, RegionLevel.GRID, town));
            }
        }
        for (int i = 1; i <= 36; i++) {
            boolean lake = i > 33;
            String site = String.format("sec-%02d", i);
            String river = lake ? "Xihu Lake" : RIVERS[(i - 1) / 11 % RIVERS.length];
            sites.add(new Site(site, river + " section " + i, lake ? SiteKind.LAKE_SECTION : SiteKind.RIVER_SECTION, grid(i),
                    30.50 + i * 0.004, 114.20 + i * 0.003));
            devices.add(new Device(String.format("ws-%02d", i), "Water station " + river + " #" + i, "water-station", site, List.of(
                    ch("codmn", Unit.MG_PER_L), ch("nh3n", Unit.MG_PER_L), ch("tp", Unit.MG_PER_L), ch("do", Unit.MG_PER_L),
                    ch("ph", Unit.PH), ch("water_temp", Unit.CELSIUS))));
        }
        for (int i = 1; i <= 20; i++) {
            String site = String.format("cs-%02d", i);
            sites.add(new Site(site, "Construction site " + i, SiteKind.CONSTRUCTION_SITE, grid(i * 7), 30.52 + i * 0.003, 114.25 + i * 0.002));
            // half of the monitors send dust in mg/m3: the registry converts to the canonical ug/m3
            Unit sent = i % 2 == 0 ? Unit.MG_PER_M3 : Unit.UG_PER_M3;
            devices.add(new Device(String.format("dust-%02d", i), "Dust monitor site " + i, "dust-monitor", site, List.of(
                    new Channel("pm10", Unit.UG_PER_M3, sent, INTERVAL), new Channel("pm25", Unit.UG_PER_M3, sent, INTERVAL),
                    new Channel("tsp", Unit.UG_PER_M3, sent, INTERVAL), ch("noise", Unit.DECIBEL_A), ch("wind_speed", Unit.M_PER_S),
                    ch("wind_dir", Unit.DEGREE))));
        }
        for (int i = 1; i <= 5; i++) {
            String site = String.format("aq-%02d", i);
            sites.add(new Site(site, "Air station " + i, SiteKind.AIR_STATION, grid(i * 5), 30.51 + i * 0.01, 114.22 + i * 0.01));
            devices.add(new Device(String.format("air-%02d", i), "Air station " + i, "air-station", site, List.of(
                    ch("pm25", Unit.UG_PER_M3), ch("pm10", Unit.UG_PER_M3), ch("so2", Unit.UG_PER_M3), ch("no2", Unit.UG_PER_M3),
                    ch("co", Unit.MG_PER_M3), ch("o3", Unit.UG_PER_M3))));
        }
    }

    private static Channel ch(String metric, Unit unit) {
        return new Channel(metric, unit, INTERVAL);
    }

    private static String grid(int n) {
        int town = n % TOWNS.length + 1;
        int grid = n / TOWNS.length % 3 + 1;
        return "jc-hx-t" + town + "-g" + grid;
    }

    /** The demo password of a device: not a secret, the demo prints it. */
    public static String password(String deviceId) {
        return "demo-" + deviceId;
    }

    public List<Region> regions() {
        return regions;
    }

    public List<Site> sites() {
        return sites;
    }

    public List<Device> devices() {
        return devices;
    }
}
