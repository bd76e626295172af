package io.vigil.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The benchmark's devices: {@code bench-00001}... in one site of one city, each with a single pm10
 * channel, all sharing one password. The registry file carries the password's bcrypt hash, computed
 * once here, because hashing 10,000 passwords (about 0.1 s each at cost 10) would dominate start-up.
 */
final class DeviceFleet {
    /** Not a secret: these devices exist only in the benchmark's temporary registry. */
    private static final String PASSWORD = "bench-device-password";
    private static final int BCRYPT_COST = 10;
    private static final String REGION = "bench-city";
    private static final String SITE = "bench-site";

    /** What a publishing client connects as. */
    record Device(String id, String password) {
        String telemetryTopic() {
            return "devices/" + id + "/telemetry";
        }
    }

    private final int size;
    private final String idFormat;

    DeviceFleet(int size) {
        this.size = size;
        this.idFormat = "bench-%0" + Math.max(5, Integer.toString(size).length()) + "d";
    }

    int size() {
        return size;
    }

    String id(int index) {
        return String.format(idFormat, index + 1);
    }

    /** The first {@code count} devices, which do the publishing. */
    List<Device> publishers(int count) {
        List<Device> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new Device(id(i), PASSWORD));
        }
        return out;
    }

    /** Writes the registry YAML (regions, sites, devices) the gateway imports at start-up. */
    void writeRegistry(Path file) throws IOException {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String hash = OpenBSDBCrypt.generate("2y", PASSWORD.toCharArray(), salt, BCRYPT_COST);
        // one flow mapping per device keeps the file small: the gateway refuses registry files over 3 MiB
        // (its YAML parser's code point limit), about 14,000 devices in this form
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("regions:\n  - {id: " + REGION + ", name: Bench City, level: city}\n");
            w.write("sites:\n  - {id: " + SITE + ", name: Bench site, kind: air-station, regionId: " + REGION + "}\n");
            w.write("devices:\n");
            for (int i = 0; i < size; i++) {
                String id = id(i);
                w.write("  - {id: " + id + ", name: " + id + ", type: bench, siteId: " + SITE
                        + ", channels: [{metric: pm10, unit: ug/m3, expectedInterval: 1m}], passwordHash: '" + hash + "'}\n");
            }
        }
    }
}
