package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vigil's HJ 212 benchmark. First the codec alone: frames/s one thread decodes, as a ratio of a
 * floor (finding frame boundaries and checking CRCs) measured on the same bytes. Then the gateway
 * end to end, as data loggers meet it: N connections with their own MN, minute data with Flag=5,
 * paced and as fast as answers come back, counting 9014 answers, frames accepted and values stored,
 * with reply latency, and the gateway's CPU by thread to show where the time goes. Started by
 * {@code bench/hj212/run}, which builds everything and cleans up after us.
 */
public final class Hj212Benchmark {
    private static final Pattern HTTP_PORT = Pattern.compile("Vigil gateway started: HTTP http://[^:/]+:(\\d+)/");
    private static final int BUSIEST_THREADS = 8;

    private final Hj212BenchOptions options;
    private final Duration timeout;
    private final List<String> problems = new ArrayList<>();
    /** Share of the CPUs that other processes used during each measured phase. */
    private final Map<String, Double> othersCpu = new LinkedHashMap<>();

    private Hj212Benchmark(Hj212BenchOptions options) {
        this.options = options;
        this.timeout = options.phaseTimeout();
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(Hj212BenchOptions.USAGE);
            return;
        }
        Hj212BenchOptions options;
        try {
            options = Hj212BenchOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("bench: error: " + e.getMessage());
            System.err.print(Hj212BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            Hj212Benchmark bench = new Hj212Benchmark(options);
            Results results = bench.run();
            System.out.print(Hj212Report.format(options, results));
            System.exit(results.problems().isEmpty() ? 0 : 1);
        } catch (Exception e) {
            System.err.println("bench: error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            System.exit(1);
        }
    }

    /** Everything measured; {@code endToEnd} is null with {@code --decode-only}. */
    record Results(DecodeRate.Result decode, EndToEnd endToEnd, Map<String, Double> othersCpu, List<String> problems) {
    }

    /** The gateway runs. */
    record EndToEnd(Latencies.Summary fsync, BcryptCost bcrypt, Duration startup, Duration connect, LoggerLoad.LoadResult firstFrames, Phase paced,
                    Phase burst, long framesAccepted, long framesSent, long framesAnswered, long valuesWritten, long rowsStored, long rowsExpected,
                    long requestsFromGateway, GatewayUnderTest.Memory memory) {
    }

    /**
     * A measured run: its load result, when the store had everything ({@code storedNanos}), the gateway's
     * and the load generator's CPU over it, and the gateway's busiest threads.
     */
    record Phase(LoggerLoad.LoadResult load, long storedNanos, Duration gatewayCpu, Duration clientCpu, Duration clientGc,
                 List<ThreadCpu.Busy> busiest) {
        double storedPerSecond() {
            return load.answered() / ((storedNanos - load.startNanos()) / 1e9);
        }

        double seconds() {
            return (load.endNanos() - load.startNanos()) / 1e9;
        }

        double gatewayCpuMicrosPerFrame() {
            return gatewayCpu.toNanos() / 1e3 / Math.max(1, load.answered());
        }
    }

    private Results run() throws Exception {
        CpuShare before = CpuShare.sample();
        DecodeRate.Result decode = DecodeRate.overCorpus(options.corpusDir()).measure(options.decodeRound());
        othersCpu.put("decode", CpuShare.sample().othersSince(before));
        EndToEnd e2e = options.decodeOnly() ? null : endToEnd();
        return new Results(decode, e2e, othersCpu, problems);
    }

    private EndToEnd endToEnd() throws Exception {
        LoggerFleet fleet = new LoggerFleet(options.connections());
        Path registry = options.workDir().resolve("registry.yaml");
        fleet.writeRegistry(registry);
        Latencies.Summary fsync = FsyncLatency.measure(options.workDir().resolve("gateway"), 300, Duration.ofSeconds(5));
        Log.info("fsync: append 4 KiB + fsync in the gateway's data directory, p50 %.2f ms p99 %.2f ms (%d samples)", fsync.p50Millis(),
                fsync.p99Millis(), fsync.samples());
        int hj212Port = LoopbackPorts.free();
        // the HJ 212 access passwords in the registry file are hashed at start-up, one bcrypt each: at the
        // default cost 10 that alone takes minutes for thousands of loggers, so the benchmark uses cost 4
        List<String> sets = List.of("hj212.host=" + LoopbackPorts.HOST, "hj212.port=" + hj212Port, "registry.bcryptCost=4");
        Log.info("gateway: starting with %,d registered data loggers (registry.bcryptCost=4)", fleet.size());
        long startAt = System.nanoTime();
        try (GatewayUnderTest gateway = GatewayUnderTest.start(options.gatewayOptions(sets), registry, timeout)) {
            Duration startup = Duration.ofNanos(System.nanoTime() - startAt);
            URI status = statusUri();
            Log.info("gateway: healthy after %.1f s (pid %d), HJ 212 on %s:%d", startup.toMillis() / 1000.0, gateway.pid(),
                    LoopbackPorts.HOST, hj212Port);
            long connectAt = System.nanoTime();
            try (LoggerLoad load = LoggerLoad.connect(fleet, LoopbackPorts.HOST, hj212Port, options.clientThreads(), timeout)) {
                Duration connect = Duration.ofNanos(System.nanoTime() - connectAt);
                Log.info("loggers: %,d connected in %.1f s", fleet.size(), connect.toMillis() / 1000.0);
                long answered = 0;
                long sent = 0;

                LoggerLoad.LoadResult first = require(load.oneEach("first frame of each connection", timeout));
                answered += first.answered();
                sent += first.sent();
                Log.info("first frames: %,d answered in %.1f s (each checks the access password with bcrypt once)",
                        first.answered(), (first.endNanos() - first.startNanos()) / 1e9);
                if (!options.warmupDuration().isZero()) {
                    Log.info("warm-up: burst of %d s, not measured", options.warmupDuration().toSeconds());
                    LoggerLoad.LoadResult warmup = require(load.burst("warm-up", options.warmupDuration(), options.window(), timeout));
                    answered += warmup.answered();
                    sent += warmup.sent();
                }
                settle(gateway, answered);

                Log.info("paced: %,d frames/s for %d s", options.rate(), options.pacedDuration().toSeconds());
                Phase paced = measure(gateway, "paced", answered,
                        () -> load.paced("paced", options.rate(), options.pacedDuration(), timeout));
                answered += paced.load().answered();
                sent += paced.load().sent();
                settle(gateway, answered);

                Log.info("burst: %d s, each logger waiting for its answer%s", options.burstDuration().toSeconds(),
                        options.window() == 1 ? "" : " with " + options.window() + " frames in flight");
                Phase burst = measure(gateway, "burst", answered,
                        () -> load.burst("burst", options.burstDuration(), options.window(), timeout));
                answered += burst.load().answered();
                sent += burst.load().sent();

                JsonNode s = Http.getJson(status);
                long accepted = s.path("hj212").path("acceptedMessages").asLong();
                long written = s.path("tsdb").path("written").asLong();
                if (accepted != answered) {
                    problems.add("the gateway counts " + accepted + " accepted HJ 212 frames, the loggers got " + answered + " 9014 answers");
                }
                JsonNode rejected = s.path("hj212").path("rejected");
                rejected.fields().forEachRemaining(e -> {
                    if (e.getValue().asLong() > 0) {
                        problems.add("the gateway refused " + e.getValue().asLong() + " HJ 212 frames as " + e.getKey());
                    }
                });
                long expectedRows = answered * LoggerFleet.VALUES_PER_FRAME;
                long rows = gateway.awaitStoredRows(expectedRows, timeout);
                if (rows != expectedRows) {
                    problems.add("QuestDB holds " + rows + " values of the " + expectedRows + " answered with 9014");
                }
                Log.info("heap: full GC in the gateway (jcmd %d GC.run)", gateway.pid());
                return new EndToEnd(fsync, BcryptCost.measure(), startup, connect, first, paced, burst, accepted, sent, answered, written, rows, expectedRows,
                        load.requestsFromGateway(), gateway.memoryAfterGc());
            }
        }
    }

    /**
     * Waits until everything answered so far is in QuestDB's table, not only handed to it: QuestDB
     * applies its write-ahead log in the background, and a backlog of that would take CPU from the
     * next measured run.
     */
    private void settle(GatewayUnderTest gateway, long answered) throws Exception {
        long values = answered * LoggerFleet.VALUES_PER_FRAME;
        gateway.awaitStored(values, timeout);
        gateway.awaitStoredRows(values, timeout); // a shortfall is reported by the check at the end
    }

    /** A run that produces a load result. */
    private interface LoadRun {
        LoggerLoad.LoadResult run() throws Exception;
    }

    private Phase measure(GatewayUnderTest gateway, String name, long answeredBefore, LoadRun run) throws Exception {
        long self = ProcessHandle.current().pid();
        CpuShare machine = CpuShare.sample();
        ThreadCpu threadsBefore = ThreadCpu.sample(gateway.pid());
        Duration gatewayCpu = gateway.cpuTime();
        Duration clientCpu = ProcessStats.cpuTime(self);
        long clientGcMillis = gcMillis();
        LoggerLoad.LoadResult r = run.run();
        Duration clientGc = Duration.ofMillis(gcMillis() - clientGcMillis);
        double seconds = (System.nanoTime() - r.startNanos()) / 1e9;
        List<ThreadCpu.Busy> busiest = ThreadCpu.sample(gateway.pid()).busiestSince(threadsBefore, seconds, BUSIEST_THREADS);
        gatewayCpu = gateway.cpuTime().minus(gatewayCpu);
        clientCpu = ProcessStats.cpuTime(self).minus(clientCpu);
        othersCpu.put(name, CpuShare.sample().othersSince(machine));
        if (r.problem() != null || !r.allAnswered()) {
            problems.add(name + ": " + (r.sent() - r.answered()) + " of " + r.sent() + " frames without a 9014 answer"
                    + (r.problem() == null ? "" : "; first problem: " + r.problem()));
        }
        long storedAt = gateway.awaitStored((answeredBefore + r.answered()) * LoggerFleet.VALUES_PER_FRAME, timeout);
        Phase phase = new Phase(r, storedAt, gatewayCpu, clientCpu, clientGc, busiest);
        Log.info("%s: %,d of %,d frames answered at %,.0f/s, stored at %,.0f/s; 9014 p50 %.1f ms p99 %.1f ms", name, r.answered(),
                r.sent(), r.answeredPerSecond(), phase.storedPerSecond(), r.latency().p50Millis(), r.latency().p99Millis());
        return phase;
    }

    /** Milliseconds this JVM (the load generator) has spent collecting garbage so far. */
    private static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /** The status URI: {@link GatewayUnderTest} keeps the HTTP port to itself, the gateway's start line in its log names it. */
    private URI statusUri() throws IOException {
        Path log = options.workDir().resolve("gateway").resolve("gateway.log");
        Matcher m = HTTP_PORT.matcher(Files.readString(log, StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new IllegalStateException("no 'Vigil gateway started: HTTP http://...:PORT/' line in " + log);
        }
        return URI.create("http://" + LoopbackPorts.HOST + ":" + m.group(1) + "/api/v1/status");
    }

    private static LoggerLoad.LoadResult require(LoggerLoad.LoadResult r) {
        if (!r.allAnswered()) {
            throw new IllegalStateException(r.name() + ": " + r.answered() + " of " + r.sent() + " frames answered"
                    + (r.problem() == null ? "" : "; " + r.problem()));
        }
        return r;
    }
}
