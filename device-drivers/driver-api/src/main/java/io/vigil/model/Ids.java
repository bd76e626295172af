package io.vigil.model;

import java.util.regex.Pattern;

/** Identifier rules shared by devices, sites and regions: safe in MQTT topics, URLs and tags. */
public final class Ids {
    /** Letters, digits, '-', '_' and '.', 1 to 64 characters, starting with a letter or digit. */
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Ids() {
    }

    /** Whether {@code id} is a valid identifier. */
    public static boolean isValid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }

    /** Returns {@code id} or throws naming {@code field} if it is not a valid identifier. */
    public static String require(String id, String field) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(field + " '" + id + "' must match " + PATTERN.pattern());
        }
        return id;
    }
}
