package io.vigil.gateway.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs a warning at most once per key and interval, so one misbehaving device cannot flood the log;
 * the next line for that key says how many were suppressed.
 */
final class RateLimitedLog {
    private static final int MAX_KEYS = 10_000;

    private final Logger log;
    private final long intervalMillis;
    private final Map<String, long[]> state = new ConcurrentHashMap<>();

    RateLimitedLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalMillis = intervalMillis;
    }

    void warn(String key, String format, Object... args) {
        long now = System.currentTimeMillis();
        if (state.size() > MAX_KEYS) {
            state.clear();
        }
        long[] s = state.computeIfAbsent(key, k -> new long[] {Long.MIN_VALUE, 0});
        long suppressed;
        synchronized (s) {
            if (s[0] != Long.MIN_VALUE && now - s[0] < intervalMillis) {
                s[1]++;
                return;
            }
            suppressed = s[1];
            s[0] = now;
            s[1] = 0;
        }
        if (suppressed > 0) {
            log.warn(format + " ({} similar suppressed)", append(args, suppressed));
        } else {
            log.warn(format, args);
        }
    }

    private static Object[] append(Object[] args, Object extra) {
        Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = extra;
        return out;
    }
}
