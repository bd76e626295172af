package io.vigil.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads the configuration: defaults from reference.yaml, then the --config file, then
 * {@code VIGIL_*} environment variables, then {@code --set key=value} flags, and validates it.
 */
public final class ConfigLoader {
    /** Prefix of environment variables that override keys. */
    public static final String ENV_PREFIX = "VIGIL_";
    private static final String REFERENCE = "reference.yaml";
    private static final Pattern SHARE_GROUP = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    /** The reference configuration text, for documentation and `vigil config reference`. */
    public static String referenceText() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(REFERENCE)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Builds the configuration.
     *
     * @param file the --config file, or null
     * @param env  the process environment (only {@code VIGIL_*} entries are read)
     * @param sets the --set flags, each {@code key=value}
     * @throws ConfigException naming the key and value at fault
     */
    public VigilConfig load(Path file, Map<String, String> env, List<String> sets) {
        return load(file, env, List.of(), sets);
    }

    /**
     * As {@link #load(Path, Map, List)}, with {@code profileDefaults} ({@code key=value}, e.g. the demo's
     * own data directory) applied over the reference defaults and under everything else.
     */
    public VigilConfig load(Path file, Map<String, String> env, List<String> profileDefaults, List<String> sets) {
        ObjectNode reference = parse(referenceText(), REFERENCE);
        ObjectNode merged = reference.deepCopy();
        for (String set : profileDefaults) {
            applySet(merged, reference, set);
        }
        if (file != null) {
            String text;
            try {
                text = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new ConfigException("config file " + file + " does not exist");
            } catch (IOException e) {
                throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
            }
            if (!text.isBlank()) {
                merge(merged, parse(text, file.toString()), reference, "");
            }
        }
        List<String> leafKeys = new ArrayList<>();
        collectKeys(reference, "", leafKeys);
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith(ENV_PREFIX)) {
                String key = keyForEnv(e.getKey(), leafKeys);
                override(merged, reference, key, e.getValue(), "environment variable " + e.getKey());
            }
        }
        for (String set : sets) {
            applySet(merged, reference, set);
        }
        return build(new ConfigNode(merged, ""));
    }

    private void applySet(ObjectNode merged, ObjectNode reference, String set) {
        int eq = set.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("--set '" + set + "': expected key=value, e.g. --set http.port=8081");
        }
        override(merged, reference, set.substring(0, eq).trim(), set.substring(eq + 1), "--set " + set);
    }

    private ObjectNode parse(String text, String source) {
        try {
            JsonNode n = yaml.readTree(text);
            if (n == null || n.isMissingNode() || n.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!n.isObject()) {
                throw new ConfigException(source + ": the top level must be a mapping of keys");
            }
            return (ObjectNode) n;
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        }
    }

    /** Deep-merges {@code src} into {@code dst}; refuses keys the reference does not know. */
    private static void merge(ObjectNode dst, ObjectNode src, JsonNode reference, String path) {
        Iterator<Map.Entry<String, JsonNode>> it = src.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode ref = reference.get(e.getKey());
            if (ref == null) {
                throw unknownKey(key);
            }
            if (ref.isObject()) {
                if (!e.getValue().isObject()) {
                    throw ConfigException.badValue(key, e.getValue().toString(), "expected a mapping of keys");
                }
                merge((ObjectNode) dst.get(e.getKey()), (ObjectNode) e.getValue(), ref, key);
            } else {
                dst.set(e.getKey(), e.getValue());
            }
        }
    }

    private void override(ObjectNode merged, ObjectNode reference, String key, String value, String source) {
        String[] parts = key.split("\\.");
        ObjectNode dst = merged;
        JsonNode ref = reference;
        for (int i = 0; i < parts.length - 1; i++) {
            ref = ref.get(parts[i]);
            if (ref == null || !ref.isObject()) {
                throw unknownKey(key + "' (from " + source + ")");
            }
            dst = (ObjectNode) dst.get(parts[i]);
        }
        String leaf = parts[parts.length - 1];
        if (ref.get(leaf) == null || ref.get(leaf).isObject()) {
            throw unknownKey(key + "' (from " + source + ")");
        }
        JsonNode parsed;
        try {
            parsed = value.isEmpty() ? JsonNodeFactory.instance.textNode("") : yaml.readTree(value);
        } catch (JsonProcessingException e) {
            throw ConfigException.badValue(key, value, "not valid YAML (" + source + "): " + e.getOriginalMessage());
        }
        dst.set(leaf, parsed == null ? JsonNodeFactory.instance.textNode("") : parsed);
    }

    private static void collectKeys(JsonNode node, String path, List<String> out) {
        node.fields().forEachRemaining(e -> {
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            if (e.getValue().isObject()) {
                collectKeys(e.getValue(), key, out);
            } else {
                out.add(key);
            }
        });
    }

    private static String keyForEnv(String envName, List<String> keys) {
        String wanted = envName.substring(ENV_PREFIX.length());
        for (String k : keys) {
            if (k.replace('.', '_').equalsIgnoreCase(wanted)) {
                return k;
            }
        }
        throw new ConfigException("environment variable " + envName + " names no config key; known: "
                + String.join(", ", keys.stream().map(k -> ENV_PREFIX + k.replace('.', '_').toUpperCase(Locale.ROOT)).toList()));
    }

    private static ConfigException unknownKey(String key) {
        return new ConfigException("config key '" + key + "' is unknown; see reference.yaml for the known keys");
    }

    private static VigilConfig build(ConfigNode root) {
        ConfigNode http = root.child("http");
        ConfigNode mqtt = root.child("mqtt");
        ConfigNode hj212 = root.child("hj212");
        ConfigNode tsdb = root.child("tsdb");
        ConfigNode registry = root.child("registry");
        List<VigilConfig.Broker> brokers = new ArrayList<>();
        List<ConfigNode> brokerNodes = root.child("southbound").list("brokers");
        for (int i = 0; i < brokerNodes.size(); i++) {
            brokers.add(broker(brokerNodes.get(i), i));
        }
        return new VigilConfig(
                root.child("data").path("dir"),
                new VigilConfig.Http(http.string("host"), http.port("port")),
                new VigilConfig.Mqtt(mqtt.string("host"), mqtt.port("port"),
                        (int) Math.min(Integer.MAX_VALUE, mqtt.size("maxPacketSize", 65 * 1024)),
                        mqtt.duration("timeoutOnConnect", Duration.ofSeconds(1))),
                new VigilConfig.Hj212(hj212.string("host"), hj212.port("port"), hj212.duration("idleTimeout", Duration.ofSeconds(1)),
                        hj212.integer("maxAuthFailures", 1, 100), hj212.bool("clockCheck"),
                        hj212.duration("maxClockSkew", Duration.ofSeconds(1))),
                brokers,
                tsdb(tsdb),
                new VigilConfig.Journal(root.child("journal").size("maxBytes", 1L << 20)),
                new VigilConfig.Registry(registry.string("file").isBlank() ? null : Path.of(registry.string("file")),
                        registry.integer("bcryptCost", 4, 16)));
    }

    private static VigilConfig.Tsdb tsdb(ConfigNode t) {
        var url = t.uri("url", new java.util.LinkedHashSet<>(List.of("http", "https")));
        String org = t.string("org");
        String bucket = t.string("bucket");
        if (url != null && org.isBlank()) {
            throw new ConfigException("config key 'tsdb.org' is required when tsdb.url is set (" + url + ")");
        }
        if (url != null && bucket.isBlank()) {
            throw new ConfigException("config key 'tsdb.bucket' is required when tsdb.url is set (" + url + ")");
        }
        return new VigilConfig.Tsdb(url, t.string("token"), org, bucket, t.integer("batchSize", 1, 100_000),
                t.duration("flushInterval", Duration.ofMillis(1)), t.duration("writeTimeout", Duration.ofMillis(100)),
                t.port("embeddedPort"));
    }

    private static VigilConfig.Broker broker(ConfigNode b, int index) {
        b.allowOnly(Set.of("url", "clientId", "username", "password", "shareGroup", "qos", "sessionExpiry"));
        var url = b.uri("url", new java.util.LinkedHashSet<>(List.of("tcp", "ssl", "ws", "wss")));
        if (url == null) {
            throw new ConfigException("config key '" + b.path() + ".url' is required");
        }
        String clientId = b.has("clientId") ? b.matching("clientId", CLIENT_ID, "expected 1-64 of A-Z a-z 0-9 . _ -")
                : "vigil-" + hostName() + "-" + index;
        String share = b.has("shareGroup") ? b.matching("shareGroup", SHARE_GROUP, "expected 1-64 of A-Z a-z 0-9 _ -") : null;
        int qos = b.has("qos") ? b.integer("qos", 0, 1) : 1;
        Duration expiry = b.has("sessionExpiry") ? b.duration("sessionExpiry", Duration.ZERO) : Duration.ofDays(1);
        return new VigilConfig.Broker(url, clientId, b.string("username", null), b.string("password", null), share, qos, expiry);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (UnknownHostException e) {
            return "gateway";
        }
    }
}
