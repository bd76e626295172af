package io.vigil.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The printed result: detail lines, then the summary block, then anything that went wrong. */
final class Hj212Report {
    /** Aims from the HJ 212 issue. */
    static final double DECODE_AIM_PER_SECOND = 300_000;
    static final double END_TO_END_AIM_PER_SECOND = 20_000;
    static final int END_TO_END_AIM_CONNECTIONS = 5_000;
    static final double PACED_P99_AIM_MILLIS = 50;
    static final int PACED_AIM_RATE = 5_000;

    private Hj212Report() {
    }

    static String format(Hj212BenchOptions o, Hj212Benchmark.Results r) {
        DecodeRate.Result d = r.decode();
        StringBuilder b = new StringBuilder("\n");
        line(b, "details: decode buffer: %d corpus frames repeated to %.1f MiB (%,d frames, %.0f bytes each on average), fed in %d-byte chunks;"
                        + " the measuring thread was on a CPU %.0f%% of the time", d.corpusFrames(), d.bytes() / 1048576.0, d.frames(),
                d.meanFrameBytes(), DecodeRate.CHUNK_BYTES, d.decode().threadCpuShare() * 100);
        line(b, "details: the same floor with a 256-entry table CRC (same checksum, one lookup per byte): %,.0f frames/s = %.1f x the floor;"
                        + " Hj212Crc's eight shift rounds per byte are most of the floor", d.tableFloor().framesPerSecond(),
                d.tableFloor().framesPerSecond() / d.floor().framesPerSecond());
        Hj212Benchmark.EndToEnd e = r.endToEnd();
        if (e != null) {
            details(b, o, e);
        }
        line(b, "details: CPU taken by other processes on this machine during: %s", r.othersCpu().entrySet().stream()
                .map(x -> String.format(Locale.ROOT, "%s %.0f%%", x.getKey(), x.getValue() * 100)).collect(Collectors.joining(", ")));
        b.append('\n');
        line(b, "Vigil HJ 212 benchmark (%s)", e == null ? "decode only"
                : String.format(Locale.ROOT, "%,d data loggers on %,d connections, minute data CN 2051 with %d values, Flag=5",
                o.connections(), o.connections(), LoggerFleet.VALUES_PER_FRAME));
        double floor = d.floor().framesPerSecond();
        row(b, "decode floor: ## scan + CRC, 1 thread", "%,.0f frames/s", floor);
        row(b, "decode split + parse, 1 thread", "%,.0f frames/s = %.2f x floor", d.splitParse().framesPerSecond(),
                d.splitParse().framesPerSecond() / floor);
        row(b, "decode split + parse + readings, 1 thread", "%,.0f frames/s = %.2f x floor   (aim >= %,.0f/s: %s)",
                d.decode().framesPerSecond(), d.decode().framesPerSecond() / floor, DECODE_AIM_PER_SECOND,
                met(d.decode().framesPerSecond() >= DECODE_AIM_PER_SECOND));
        if (e != null) {
            Hj212Benchmark.Phase burst = e.burst();
            LoggerLoad.LoadResult bl = burst.load();
            double decodeRate = d.decode().framesPerSecond();
            row(b, String.format(Locale.ROOT, "end to end burst, %,d connections", o.connections()),
                    "%,.0f frames/s answered 9014, %,.0f frames/s stored = %.3f x 1-thread decode   (aim >= %,.0f/s with %,d: %s)",
                    bl.answeredPerSecond(), burst.storedPerSecond(), burst.storedPerSecond() / decodeRate, END_TO_END_AIM_PER_SECOND,
                    END_TO_END_AIM_CONNECTIONS, met(burst.storedPerSecond() >= END_TO_END_AIM_PER_SECOND
                            && o.connections() >= END_TO_END_AIM_CONNECTIONS));
            row(b, "zero-loss check", "%,d frames sent, %,d answered 9014, %,d accepted by the gateway, %,d of %,d values in QuestDB: %s",
                    e.framesSent(), e.framesAnswered(), e.framesAccepted(), e.rowsStored(), e.rowsExpected(),
                    e.framesAnswered() == e.framesSent() && e.framesAccepted() == e.framesSent() && e.rowsStored() == e.rowsExpected()
                            ? "no loss" : "LOSS");
            row(b, "floor of a 9014: one fsync of the data disk", "p50 %.2f ms  p99 %.2f ms", e.fsync().p50Millis(), e.fsync().p99Millis());
            LoggerLoad.LoadResult p = e.paced().load();
            row(b, String.format(Locale.ROOT, "9014 latency at %,d frames/s", o.rate()),
                    "p50 %.1f ms  p99 %.1f ms = %.1f x fsync p99   (aim p99 <= %.0f ms at %,d/s: %s)",
                    p.latency().p50Millis(), p.latency().p99Millis(), p.latency().p99Millis() / e.fsync().p99Millis(),
                    PACED_P99_AIM_MILLIS, PACED_AIM_RATE,
                    met(p.latency().p99Millis() <= PACED_P99_AIM_MILLIS && o.rate() >= PACED_AIM_RATE && p.allAnswered()));
            row(b, "9014 latency in the burst", "p50 %.1f ms  p99 %.1f ms = %.1f x fsync p99", bl.latency().p50Millis(),
                    bl.latency().p99Millis(), bl.latency().p99Millis() / e.fsync().p99Millis());
            row(b, "gateway CPU per frame in the burst", "%.0f µs = %.1f x the 1-thread decode of a corpus frame (%.1f µs)",
                    burst.gatewayCpuMicrosPerFrame(), burst.gatewayCpuMicrosPerFrame() / (1e6 / decodeRate), 1e6 / decodeRate);
            row(b, "gateway threads busiest in the burst", "%s", threads(burst.busiest()));
        }
        r.othersCpu().forEach((phase, share) -> {
            if (share > Report.OTHERS_CPU_WARNING) {
                line(b, "WARNING: other processes took %.0f%% of the CPUs during the %s run; its figures are likely too low", share * 100, phase);
            }
        });
        for (String problem : r.problems()) {
            line(b, "PROBLEM: %s", problem);
        }
        return b.toString();
    }

    private static void details(StringBuilder b, Hj212BenchOptions o, Hj212Benchmark.EndToEnd e) {
        line(b, "details: gateway healthy %.1f s after start (imports %,d loggers, one bcrypt of cost 4 each); %,d connections opened in %.1f s",
                e.startup().toMillis() / 1000.0, o.connections(), o.connections(), e.connect().toMillis() / 1000.0);
        LoggerLoad.LoadResult first = e.firstFrames();
        line(b, "details: first frame of every connection (its password checked with bcrypt): %,d answered in %.1f s, p50 %.1f ms p99 %.1f ms",
                first.answered(), (first.endNanos() - first.startNanos()) / 1e9, first.latency().p50Millis(), first.latency().p99Millis());
        line(b, "details: one bcrypt check on this machine: %.1f ms at cost %d (this run), %.0f ms at the default registry.bcryptCost %d,"
                        + " so at the default the first frames of %,d loggers need about %.0f CPU-seconds", e.bcrypt().benchMillis(),
                BcryptCost.BENCH_COST, e.bcrypt().defaultMillis(), BcryptCost.DEFAULT_COST, o.connections(),
                o.connections() * e.bcrypt().defaultMillis() / 1000);
        line(b, "details: requests the gateway sent to the loggers (clock query CN 1011, answered with the logger's time): %,d",
                e.requestsFromGateway());
        Hj212Benchmark.Phase paced = e.paced();
        LoggerLoad.LoadResult p = paced.load();
        line(b, "details: paced run: %,d of %,d frames answered in %.1f s (asked %,d/s, got %,.0f/s), 9014 max %.1f ms; gateway CPU %.2f cores,"
                        + " load generator %.2f cores, its GC %d ms", p.answered(), p.sent(), paced.seconds(), o.rate(), p.answeredPerSecond(),
                p.latency().maxMillis(), paced.gatewayCpu().toNanos() / 1e9 / paced.seconds(), paced.clientCpu().toNanos() / 1e9 / paced.seconds(),
                paced.clientGc().toMillis());
        line(b, "details: paced run, slowest 9014 per second sent (ms): %s; %d of %d seconds had one over %.0f ms, the worst at second %d",
                bySecond(p.slowestBySecond()), p.secondsSlowerThan(PACED_P99_AIM_MILLIS), p.slowestBySecond().length, PACED_P99_AIM_MILLIS,
                p.worstSecond());
        line(b, "details: gateway threads busiest in the paced run: %s", threads(paced.busiest()));
        Hj212Benchmark.Phase burst = e.burst();
        line(b, "details: burst run: %,d of %,d frames answered in %.1f s, window %d per logger, 9014 max %.1f ms; gateway CPU %.2f cores,"
                        + " load generator %.2f cores (%d event loop%s), its GC %d ms", burst.load().answered(), burst.load().sent(), burst.seconds(),
                o.window(), burst.load().latency().maxMillis(), burst.gatewayCpu().toNanos() / 1e9 / burst.seconds(),
                burst.clientCpu().toNanos() / 1e9 / burst.seconds(), o.clientThreads(), o.clientThreads() == 1 ? "" : "s",
                burst.clientGc().toMillis());
        line(b, "details: tsdb.written %,d values in all; gateway heap after GC %,d MiB, RSS %,d MiB with %,d connections open",
                e.valuesWritten(), e.memory().heapAfterGcBytes() >> 20, e.memory().residentBytes() >> 20, o.connections());
    }

    private static String threads(List<ThreadCpu.Busy> busy) {
        return busy.stream().map(t -> String.format(Locale.ROOT, "%s%s %.0f%%", t.name(), t.threads() == 1 ? "" : " x" + t.threads(),
                        t.share() * 100))
                .collect(Collectors.joining(", ")) + " (of one core)";
    }

    private static String bySecond(long[] slowestNanos) {
        StringBuilder s = new StringBuilder();
        for (long n : slowestNanos) {
            s.append(s.length() == 0 ? "" : " ").append(Math.round(n / 1e6));
        }
        return s.toString();
    }

    private static String met(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static void row(StringBuilder b, String label, String format, Object... args) {
        b.append(String.format(Locale.ROOT, "%-44s: ", label)).append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
