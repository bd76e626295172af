package io.vigil.bench;

import java.util.Locale;

/** The printed result: a few detail lines, then the summary block, then anything that went wrong. */
final class Report {
    /** Targets from the gateway's requirements. */
    static final double STEADY_P99_TARGET_MILLIS = 20;
    static final long HEAP_TARGET_MIB = 512;
    /** Above this share of the CPUs taken by other processes, a phase's figures are flagged as skewed. */
    static final double OTHERS_CPU_WARNING = 0.10;

    private Report() {
    }

    static String format(BenchOptions o, IngestBenchmark.Results r) {
        IngestBenchmark.EndToEnd e2e = r.endToEnd();
        LoadGenerator.LoadResult sent = e2e.sent();
        LoadGenerator.LoadResult steady = r.steady();
        double floorRate = r.floor().drained().perSecond();
        double ratio = e2e.stored().perSecond() / floorRate;
        long heapMib = r.memory().heapAfterGcBytes() >> 20;
        StringBuilder b = new StringBuilder("\n");
        line(b, "details: floor PUBACKs from mosquitto at %,.0f msg/s, drained by mosquitto_sub at %,.0f msg/s",
                r.floor().sent().ackedPerSecond(), floorRate);
        line(b, "details: gateway PUBACKs %,d of %,d at %,.0f msg/s; rows in QuestDB %,d of %,d; PUBACK max %.1f ms",
                sent.acked(), sent.messages(), sent.ackedPerSecond(), e2e.storedRows(), e2e.expectedRows(), sent.latency().maxMillis());
        line(b, "details: paced run acknowledged %,d of %,d at %,.0f msg/s (asked %,d/s); PUBACK max %.1f ms",
                steady.acked(), steady.messages(), steady.ackedPerSecond(), o.steadyRate(), steady.latency().maxMillis());
        line(b, "details: gateway CPU %.1f s over the saturating run; warm-up %,d messages before each saturating run",
                e2e.gatewayCpu().toMillis() / 1000.0, o.warmupMessages());
        StringBuilder others = new StringBuilder();
        r.othersCpu().forEach((phase, share) -> others.append(String.format(Locale.ROOT, "%s%s %.0f%%",
                others.length() == 0 ? "" : ", ", phase, share * 100)));
        line(b, "details: CPU taken by other processes on this machine during: %s", others);
        b.append('\n');
        line(b, "Vigil ingest benchmark (%d clients x %d in flight, %,d messages, %,d devices)",
                o.clients(), o.inflight(), o.messages(), o.devices());
        row(b, "floor  mosquitto -> mosquitto_sub", "%,.0f msg/s", floorRate);
        row(b, "vigil  end to end (acked + in store)", "%,.0f readings/s  = %.2f x floor   loss: %,d%s",
                e2e.stored().perSecond(), ratio, e2e.lost(),
                sent.allAcked() ? "" : String.format(Locale.ROOT, "   not acknowledged: %,d", sent.messages() - sent.acked()));
        row(b, "PUBACK latency (saturating)", "p50 %.1f ms  p99 %.1f ms", sent.latency().p50Millis(), sent.latency().p99Millis());
        row(b, String.format(Locale.ROOT, "PUBACK latency at %,d/s", o.steadyRate()), "p50 %.1f ms  p99 %.1f ms   (target p99 <= %.0f ms: %s)",
                steady.latency().p50Millis(), steady.latency().p99Millis(), STEADY_P99_TARGET_MILLIS,
                steady.latency().p99Millis() <= STEADY_P99_TARGET_MILLIS ? "met" : "MISSED");
        row(b, "gateway CPU per reading", "%.3f ms", e2e.cpuMillisPerReading());
        row(b, String.format(Locale.ROOT, "gateway heap after GC (%,d devices)", o.devices()), "%,d MiB   RSS %,d MiB   (target heap <= %d MiB: %s)",
                heapMib, r.memory().residentBytes() >> 20, HEAP_TARGET_MIB, heapMib <= HEAP_TARGET_MIB ? "met" : "MISSED");
        r.othersCpu().forEach((phase, share) -> {
            if (share > OTHERS_CPU_WARNING) {
                line(b, "WARNING: other processes took %.0f%% of the CPUs during the %s run; its figures are likely too low",
                        share * 100, phase);
            }
        });
        for (String p : r.problems()) {
            line(b, "PROBLEM: %s", p);
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String label, String format, Object... args) {
        b.append(String.format(Locale.ROOT, "%-38s: ", label)).append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
