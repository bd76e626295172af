package io.vigil.config;

/** A configuration problem; the message names the key, the bad value and what is allowed. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    /** For a bad value of {@code key}. */
    public static ConfigException badValue(String key, Object value, String allowed) {
        return new ConfigException("config key '" + key + "': invalid value '" + value + "'; " + allowed);
    }
}
