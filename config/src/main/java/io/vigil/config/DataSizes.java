package io.vigil.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes as written in config: 1048576, 512KiB, 64MiB, 2GiB (also KB/MB/GB as powers of 1000). */
public final class DataSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)?");

    private DataSizes() {
    }

    /** Size in bytes, or -1 if {@code text} is not a size. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long factor = switch (unit) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            case "TiB" -> 1L << 40;
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "TB" -> 1_000_000_000_000L;
            default -> 1L;
        };
        return Math.multiplyExact(n, factor);
    }
}
