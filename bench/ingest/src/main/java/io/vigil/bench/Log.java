package io.vigil.bench;

/** Progress lines on stderr, with the seconds since start, so a long phase visibly advances; the report goes to stdout. */
final class Log {
    private static final long START = System.nanoTime();

    private Log() {
    }

    static void info(String format, Object... args) {
        System.err.printf("[bench %6.1fs] %s%n", (System.nanoTime() - START) / 1e9, String.format(format, args));
    }
}
