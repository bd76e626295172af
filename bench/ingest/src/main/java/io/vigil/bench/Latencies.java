package io.vigil.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PUBACK latencies of one run, kept exactly (one long per message) rather than bucketed: at
 * a few hundred thousand messages that is a few MB and makes p99 exact. Recorded from the clients'
 * callback threads; read once the run's acknowledgement latch has opened, which publishes the writes.
 */
final class Latencies {
    private final long[] nanos;
    private final AtomicInteger count = new AtomicInteger();

    Latencies(long capacity) {
        this.nanos = new long[(int) Math.min(Integer.MAX_VALUE - 8, capacity)];
    }

    void record(long latencyNanos) {
        int i = count.getAndIncrement();
        if (i < nanos.length) {
            nanos[i] = latencyNanos;
        }
    }

    Summary summarize() {
        int n = Math.min(count.get(), nanos.length);
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        return new Summary(n, percentile(sorted, 0.50), percentile(sorted, 0.99), n == 0 ? 0 : sorted[n - 1]);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    /** Percentiles in nanoseconds. */
    record Summary(int samples, long p50Nanos, long p99Nanos, long maxNanos) {
        double p50Millis() {
            return p50Nanos / 1e6;
        }

        double p99Millis() {
            return p99Nanos / 1e6;
        }

        double maxMillis() {
            return maxNanos / 1e6;
        }
    }
}
