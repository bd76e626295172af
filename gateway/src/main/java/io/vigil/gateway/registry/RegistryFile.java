package io.vigil.gateway.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Imports a registry YAML file ({@code regions:}, {@code sites:}, {@code devices:} lists in the API's
 * JSON shape). Each listed entry is created or replaced; others are kept. Errors name the entry and field.
 */
public final class RegistryFile {
    /** Large enough for a district's whole ledger (about 500,000 devices in the compact form). */
    private static final int MAX_FILE_CODE_POINTS = 256 * 1024 * 1024;

    private RegistryFile() {
    }

    /** Counts of what was imported. */
    public record Imported(int regions, int sites, int devices) {
    }

    @SuppressWarnings("unchecked")
    public static Imported importFile(Path file, Registry registry) {
        Map<String, Object> root;
        try {
            LoaderOptions limits = new LoaderOptions();
            limits.setCodePointLimit(MAX_FILE_CODE_POINTS);
            YAMLFactory yaml = YAMLFactory.builder().loaderOptions(limits).build();
            Object parsed = new ObjectMapper(yaml).readValue(Files.readString(file), Object.class);
            if (parsed != null && !(parsed instanceof Map)) {
                throw new IllegalArgumentException(file + ": the top level must be a mapping with regions, sites and devices");
            }
            root = parsed == null ? Map.of() : (Map<String, Object>) parsed;
        } catch (IOException e) {
            throw new IllegalArgumentException("registry file " + file + " cannot be read: " + e.getMessage(), e);
        }
        for (String key : root.keySet()) {
            if (!List.of("regions", "sites", "devices").contains(key)) {
                throw new IllegalArgumentException(file + ": unknown top-level key '" + key + "'; expected regions, sites, devices");
            }
        }
        JsonObject json = new JsonObject(root);
        int[] counts = new int[3];
        registry.inTransaction(() -> importEntries(file, json, registry, counts));
        return new Imported(counts[0], counts[1], counts[2]);
    }

    private static void importEntries(Path file, JsonObject json, Registry registry, int[] counts) {
        int r = 0;
        int s = 0;
        int d = 0;
        // regions in file order: parents must come before their children
        for (Object o : list(json, "regions", file)) {
            registry.putRegion(entry(file, "regions", r, () -> RegistryJson.region(asObject(o), null)));
            r++;
        }
        for (Object o : list(json, "sites", file)) {
            registry.putSite(entry(file, "sites", s, () -> RegistryJson.site(asObject(o), null)));
            s++;
        }
        for (Object o : list(json, "devices", file)) {
            int index = d;
            RegistryJson.DeviceInput in = entry(file, "devices", index, () -> RegistryJson.fileDevice(asObject(o)));
            entry(file, "devices", index, () -> registry.putDevice(in));
            d++;
        }
        counts[0] = r;
        counts[1] = s;
        counts[2] = d;
    }

    private static JsonArray list(JsonObject json, String key, Path file) {
        Object v = json.getValue(key);
        if (v == null) {
            return new JsonArray();
        }
        if (!(v instanceof JsonArray a)) {
            throw new IllegalArgumentException(file + ": '" + key + "' must be a list");
        }
        return a;
    }

    private static JsonObject asObject(Object o) {
        if (!(o instanceof JsonObject j)) {
            throw RegistryException.invalid("", "must be a mapping");
        }
        return j;
    }

    private static <T> T entry(Path file, String list, int index, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (RegistryException e) {
            throw new IllegalArgumentException(file + ": " + list + "[" + index + "]"
                    + (e.field() == null || e.field().isEmpty() ? "" : "." + e.field()) + ": " + e.getMessage(), e);
        }
    }
}
