package io.vigil.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one HJ 212 benchmark run does. Every option can be given as a flag ({@code --connections 2000})
 * or a {@code BENCH_*} environment variable ({@code BENCH_CONNECTIONS=2000}); flags win. The defaults
 * take about 3 minutes on a 2-core machine.
 */
record Hj212BenchOptions(
        int connections,
        int rate,
        Duration pacedDuration,
        Duration burstDuration,
        Duration warmupDuration,
        int window,
        int clientThreads,
        Duration decodeRound,
        boolean decodeOnly,
        Duration phaseTimeout,
        Path corpusDir,
        Path workDir,
        Path gatewayJar,
        List<String> gatewayJavaOptions,
        List<String> gatewaySets) {

    static final String USAGE = """
            Usage: bench/hj212/run [options]
              --connections N    data loggers, one TCP connection and one registered MN each (BENCH_CONNECTIONS, default 5000)
              --rate R           frames/s in total of the paced run                        (BENCH_RATE, default 5000)
              --seconds S        duration of the paced run                                 (BENCH_SECONDS, default 20)
              --burst-seconds B  duration of the burst run (as fast as answers come back)  (BENCH_BURST_SECONDS, default 15)
              --warmup-seconds W unmeasured burst before the measured runs                 (BENCH_WARMUP_SECONDS, default 20)
              --window K         frames a logger sends ahead of its answers in the burst   (BENCH_WINDOW, default 1: wait for 9014)
              --client-threads T event-loop threads of the load generator                  (BENCH_CLIENT_THREADS, default 1)
              --decode-seconds D length of one measured round of the decode benchmark      (BENCH_DECODE_SECONDS, default 1)
              --decode-only      only the single-thread decode benchmark, no gateway
              --timeout T        longest wait of any one phase, in seconds                 (BENCH_TIMEOUT, default 120)
              --set KEY=VALUE    extra gateway config, e.g. --set tsdb.batchSize=10000 (repeatable)
              --gateway-java-opts "..."  JVM options of the gateway                       (BENCH_GATEWAY_JAVA_OPTS)
              --keep             keep the temporary directory with logs and data           (BENCH_KEEP=1)
              --no-build         measure the jars as built, even if sources changed        (BENCH_BUILD=0)
            Example of a quick run: bench/hj212/run --connections 500 --seconds 5 --burst-seconds 5
            """;

    Hj212BenchOptions {
        requireAtLeast("--connections", connections, 1);
        requireAtLeast("--rate", rate, 1);
        requireAtLeast("--seconds", pacedDuration.toSeconds(), 1);
        requireAtLeast("--burst-seconds", burstDuration.toSeconds(), 1);
        requireAtLeast("--warmup-seconds", warmupDuration.toSeconds(), 0);
        requireAtLeast("--window", window, 1);
        requireAtLeast("--client-threads", clientThreads, 1);
        requireAtLeast("--decode-seconds", decodeRound.toSeconds(), 1);
        requireAtLeast("--timeout", phaseTimeout.toSeconds(), 1);
    }

    private static void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", was " + value);
        }
    }

    /**
     * The options {@link GatewayUnderTest} takes: only the work directory, the jar, the JVM options
     * and the config sets matter to it; the ingest benchmark's load figures are placeholders.
     */
    BenchOptions gatewayOptions(List<String> extraSets) {
        List<String> sets = new ArrayList<>(extraSets);
        sets.addAll(gatewaySets);
        return new BenchOptions(1, 1, 1, 0, 1, 1, Duration.ofSeconds(1), phaseTimeout, workDir, gatewayJar, gatewayJavaOptions,
                List.copyOf(sets));
    }

    /** Parses flags over {@code BENCH_*} environment defaults; throws with a message naming the bad option. */
    static Hj212BenchOptions parse(String[] args, Map<String, String> env) {
        BenchSettings s = BenchSettings.parse(args, env, Set.of("decode-only"));
        Hj212BenchOptions options = new Hj212BenchOptions(
                (int) s.number("connections", 5_000),
                (int) s.number("rate", 5_000),
                Duration.ofSeconds(s.number("seconds", 20)),
                Duration.ofSeconds(s.number("burst-seconds", 15)),
                Duration.ofSeconds(s.number("warmup-seconds", 20)),
                (int) s.number("window", 1),
                (int) s.number("client-threads", 1),
                Duration.ofSeconds(s.number("decode-seconds", 1)),
                s.has("decode-only"),
                Duration.ofSeconds(s.number("timeout", 120)),
                Path.of(s.required("corpus")),
                Path.of(s.required("work-dir")),
                Path.of(s.required("gateway-jar")),
                s.javaOpts("gateway-java-opts"),
                s.sets());
        s.rejectUnused();
        return options;
    }
}
