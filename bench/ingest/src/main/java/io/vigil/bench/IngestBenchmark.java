package io.vigil.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vigil's ingest benchmark: how fast readings go from MQTT devices through the gateway into its
 * time-series store, as a ratio of how fast the same load generator gets messages through a bare
 * mosquitto on the same machine, plus PUBACK latency, CPU per reading and heap. Started by
 * {@code bench/ingest/run}, which builds everything and cleans up after us.
 */
public final class IngestBenchmark {
    private final BenchOptions options;
    private final DeviceFleet fleet;
    private final Duration timeout;
    /** Share of the CPUs that other processes used during each measured phase. */
    private final Map<String, Double> othersCpu = new LinkedHashMap<>();

    private IngestBenchmark(BenchOptions options) {
        this.options = options;
        this.fleet = new DeviceFleet(options.devices());
        this.timeout = options.phaseTimeout();
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("bench: error: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            Results results = new IngestBenchmark(options).run();
            System.out.print(Report.format(options, results));
            System.exit(results.problems().isEmpty() ? 0 : 1);
        } catch (Exception e) {
            System.err.println("bench: error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            System.exit(1);
        }
    }

    /**
     * Everything measured; {@code problems} lists what makes the figures wrong (loss, timeouts),
     * {@code othersCpu} how much other processes may have skewed them.
     */
    record Results(Floor floor, EndToEnd endToEnd, LoadGenerator.LoadResult steady, GatewayUnderTest.Memory memory,
                   Map<String, Double> othersCpu, List<String> problems) {
    }

    /** {@code count} messages in {@code nanos}. */
    record Throughput(long count, long nanos) {
        double perSecond() {
            return count / (nanos / 1e9);
        }
    }

    /** The baseline run: {@code drained} is what counts, {@code sent} shows whether publishing or draining was slower. */
    record Floor(Throughput drained, LoadGenerator.LoadResult sent) {
    }

    /** The saturating run against the gateway. */
    record EndToEnd(Throughput stored, LoadGenerator.LoadResult sent, long expectedRows, long storedRows, Duration gatewayCpu) {
        /** Readings missing from the store (unacknowledged messages are reported apart: the device would resend them). */
        long lost() {
            return Math.max(0, expectedRows - storedRows);
        }

        double cpuMillisPerReading() {
            return gatewayCpu.toNanos() / 1e6 / sent.messages();
        }
    }

    private Results run() throws Exception {
        List<String> problems = new ArrayList<>();
        Floor floor = measureFloor();
        Path registry = options.workDir().resolve("registry.yaml");
        fleet.writeRegistry(registry);
        Log.info("gateway: starting with %,d registered devices", fleet.size());
        try (GatewayUnderTest gateway = GatewayUnderTest.start(options, registry, timeout)) {
            Log.info("gateway: healthy (pid %d), MQTT at %s", gateway.pid(), gateway.mqttUri());
            EndToEnd e2e;
            LoadGenerator.LoadResult steady;
            try (LoadGenerator load = connect(gateway.mqttUri())) {
                long warmupRows = warmUp(load, gateway);
                e2e = measureEndToEnd(load, gateway, warmupRows, problems);
                steady = measureSteadyRate(load, problems);
            }
            Log.info("heap: full GC in the gateway (jcmd %d GC.run)", gateway.pid());
            return new Results(floor, e2e, steady, gateway.memoryAfterGc(), othersCpu, problems);
        }
    }

    private LoadGenerator connect(String uri) throws Exception {
        return LoadGenerator.connect(uri, fleet.publishers(options.clients()), options.inflight(), timeout);
    }

    /** N messages through mosquitto into mosquitto_sub: the fastest this machine moves them with this load generator. */
    private Floor measureFloor() throws Exception {
        try (Mosquitto broker = Mosquitto.start(options.workDir().resolve("mosquitto"), timeout);
             LoadGenerator load = connect(broker.uri())) {
            Log.info("floor: mosquitto at %s; warm-up of %,d messages (nobody subscribed, so the broker drops them)",
                    broker.uri(), options.warmupMessages());
            // warms up the load generator's JIT, as the gateway's warm-up does, so both are measured alike
            require(load.saturate(options.warmupMessages(), timeout));
            try (Mosquitto.Drain drain = broker.drain(options.messages(), timeout)) {
                Log.info("floor: publishing %,d messages, mosquitto_sub draining", options.messages());
                CpuShare before = CpuShare.sample();
                LoadGenerator.LoadResult sent = require(load.saturate(options.messages(), timeout));
                Throughput drained = new Throughput(options.messages(), drain.awaitExit(timeout) - sent.startNanos());
                othersCpu.put("floor", CpuShare.sample().othersSince(before));
                Log.info("floor: %,.0f msg/s acknowledged by mosquitto, %,.0f msg/s drained", sent.ackedPerSecond(), drained.perSecond());
                return new Floor(drained, sent);
            }
        }
    }

    /**
     * Unmeasured messages through the whole gateway first, so that the measured run sees a JIT-compiled
     * gateway with its connections, tables and caches in place, as in production. Returns the rows stored.
     */
    private long warmUp(LoadGenerator load, GatewayUnderTest gateway) throws Exception {
        long warmup = options.warmupMessages();
        Log.info("gateway: warm-up of %,d messages", warmup);
        require(load.saturate(warmup, timeout));
        gateway.awaitStored(warmup, timeout);
        long rows = gateway.awaitStoredRows(warmup, timeout);
        if (rows != warmup) {
            throw new IllegalStateException("the warm-up stored " + rows + " of " + warmup + " readings");
        }
        return rows;
    }

    private EndToEnd measureEndToEnd(LoadGenerator load, GatewayUnderTest gateway, long rowsBefore, List<String> problems)
            throws Exception {
        long n = options.messages();
        long writtenBefore = gateway.status().written();
        Duration cpuBefore = gateway.cpuTime();
        CpuShare before = CpuShare.sample();
        Log.info("gateway: publishing %,d messages (%d clients x %d in flight)", n, options.clients(), options.inflight());
        LoadGenerator.LoadResult sent = load.saturate(n, timeout);
        Log.info("gateway: %,d acknowledged at %,.0f msg/s; waiting for the store", sent.acked(), sent.ackedPerSecond());
        long storedAt = gateway.awaitStored(writtenBefore + sent.acked(), timeout);
        Duration cpu = gateway.cpuTime().minus(cpuBefore);
        othersCpu.put("end to end", CpuShare.sample().othersSince(before));
        long rows = gateway.awaitStoredRows(rowsBefore + n, timeout);
        EndToEnd e2e = new EndToEnd(new Throughput(n, storedAt - sent.startNanos()), sent, rowsBefore + n, rows, cpu);
        if (sent.problem() != null) {
            problems.add("end to end: " + sent.problem());
        }
        if (rows != rowsBefore + n) {
            problems.add("end to end: the store holds " + (rows - rowsBefore) + " of " + n + " readings");
        }
        Log.info("gateway: %,.0f readings/s stored, %,d rows in QuestDB", e2e.stored().perSecond(), rows - rowsBefore);
        return e2e;
    }

    private LoadGenerator.LoadResult measureSteadyRate(LoadGenerator load, List<String> problems) throws Exception {
        Log.info("steady: %,d msg/s for %d s", options.steadyRate(), options.steadyDuration().toSeconds());
        CpuShare before = CpuShare.sample();
        LoadGenerator.LoadResult r = load.paced(options.steadyRate(), options.steadyDuration(), timeout.plus(options.steadyDuration()));
        othersCpu.put("paced", CpuShare.sample().othersSince(before));
        if (r.problem() != null) {
            problems.add("steady rate: " + r.problem());
        }
        return r;
    }

    private static LoadGenerator.LoadResult require(LoadGenerator.LoadResult r) {
        if (r.problem() != null) {
            throw new IllegalStateException(r.problem());
        }
        return r;
    }
}
