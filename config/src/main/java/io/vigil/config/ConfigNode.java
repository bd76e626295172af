package io.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Typed, validating reads from a config tree; every error names the full key. */
final class ConfigNode {
    private final JsonNode node;
    private final String path;

    ConfigNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    String path() {
        return path;
    }

    private String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private JsonNode required(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new ConfigException("config key '" + key(name) + "' is required");
        }
        return v;
    }

    ConfigNode child(String name) {
        JsonNode v = required(name);
        if (!v.isObject()) {
            throw ConfigException.badValue(key(name), v.asText(), "expected a mapping of keys");
        }
        return new ConfigNode(v, key(name));
    }

    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    String string(String name) {
        JsonNode v = required(name);
        if (!v.isValueNode()) {
            throw ConfigException.badValue(key(name), v.toString(), "expected a single value");
        }
        return v.asText();
    }

    String string(String name, String fallback) {
        return has(name) ? string(name) : fallback;
    }

    String matching(String name, Pattern pattern, String allowed) {
        String s = string(name);
        if (!pattern.matcher(s).matches()) {
            throw ConfigException.badValue(key(name), s, allowed);
        }
        return s;
    }

    int integer(String name, int min, int max) {
        JsonNode v = required(name);
        long n;
        if (v.isIntegralNumber()) {
            n = v.asLong();
        } else {
            try {
                n = Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                throw ConfigException.badValue(key(name), v.asText(), "expected an integer from " + min + " to " + max);
            }
        }
        if (n < min || n > max) {
            throw ConfigException.badValue(key(name), v.asText(), "expected an integer from " + min + " to " + max);
        }
        return (int) n;
    }

    boolean bool(String name) {
        JsonNode v = required(name);
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        String s = v.asText().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw ConfigException.badValue(key(name), s, "expected true or false");
    }

    int port(String name) {
        return integer(name, 0, 65535);
    }

    Duration duration(String name, Duration min) {
        String s = string(name);
        Duration d = Durations.parse(s);
        if (d == null) {
            throw ConfigException.badValue(key(name), s, "expected a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S");
        }
        if (d.compareTo(min) < 0) {
            throw ConfigException.badValue(key(name), s, "must be at least " + min);
        }
        return d;
    }

    long size(String name, long min) {
        String s = string(name);
        long n = DataSizes.parse(s);
        if (n < 0) {
            throw ConfigException.badValue(key(name), s, "expected a size such as 65536, 512KiB, 64MiB or 2GiB");
        }
        if (n < min) {
            throw ConfigException.badValue(key(name), s, "must be at least " + min + " bytes");
        }
        return n;
    }

    Path path(String name) {
        String s = string(name);
        if (s.isBlank()) {
            throw ConfigException.badValue(key(name), s, "expected a directory path");
        }
        return Path.of(s);
    }

    /** An optional URI whose scheme is one of {@code schemes}; null when the value is empty. */
    URI uri(String name, Set<String> schemes) {
        String s = string(name, "").trim();
        if (s.isEmpty()) {
            return null;
        }
        String allowed = "expected a URL with scheme " + String.join(", ", schemes) + " and a host, e.g. "
                + schemes.iterator().next() + "://host:port";
        try {
            URI u = new URI(s);
            if (u.getScheme() == null || !schemes.contains(u.getScheme()) || u.getHost() == null) {
                throw ConfigException.badValue(key(name), s, allowed);
            }
            return u;
        } catch (URISyntaxException e) {
            throw ConfigException.badValue(key(name), s, allowed);
        }
    }

    List<ConfigNode> list(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw ConfigException.badValue(key(name), v.toString(), "expected a list");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String k = key(name) + "[" + i + "]";
            if (!e.isObject()) {
                throw ConfigException.badValue(k, e.toString(), "expected a mapping of keys");
            }
            out.add(new ConfigNode(e, k));
        }
        return out;
    }

    /** Refuses keys of this mapping that are not in {@code allowed}. */
    void allowOnly(Set<String> allowed) {
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw new ConfigException("config key '" + key(f) + "' is unknown; known keys here: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        });
    }
}
