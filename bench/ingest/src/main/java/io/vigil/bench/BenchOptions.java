package io.vigil.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one benchmark run does. Every option can be given as a flag ({@code --messages 50000}) or an
 * environment variable ({@code BENCH_MESSAGES=50000}); flags win. The defaults fit the ~4 minute
 * budget on a 2-core machine. Variables are {@code BENCH_*}, not {@code VIGIL_*}, because the gateway
 * reads every {@code VIGIL_*} variable as a config key and refuses unknown ones.
 */
record BenchOptions(
        int clients,
        int inflight,
        long messages,
        long warmupMessages,
        int devices,
        int steadyRate,
        Duration steadyDuration,
        Duration phaseTimeout,
        Path workDir,
        Path gatewayJar,
        List<String> gatewayJavaOptions,
        List<String> gatewaySets) {

    static final String USAGE = """
            Usage: bench/ingest/run [options]
              --clients M       publishing MQTT clients, one device each          (BENCH_CLIENTS, default 10)
              --inflight K      QoS 1 messages each client keeps in flight        (BENCH_INFLIGHT, default 100)
              --messages N      messages per saturating run, split over clients   (BENCH_MESSAGES, default 200000)
              --warmup W        unmeasured messages before each saturating run    (BENCH_WARMUP, default N/10)
              --devices D       devices registered in the gateway, up to ~14000   (BENCH_DEVICES, default 10000)
                                (its registry file import refuses files over 3 MiB)
              --rate R          messages/s of the paced latency run               (BENCH_RATE, default 5000)
              --seconds S       duration of the paced latency run                 (BENCH_SECONDS, default 20)
              --timeout T       longest wait of any one phase, in seconds         (BENCH_TIMEOUT, default 120)
              --set KEY=VALUE   extra gateway config, e.g. --set tsdb.batchSize=10000 (repeatable)
              --gateway-java-opts "..."  JVM options of the gateway             (BENCH_GATEWAY_JAVA_OPTS)
              --keep            keep the temporary directory with logs and data   (BENCH_KEEP=1)
              --no-build        measure the jars as built, even if sources changed (BENCH_BUILD=0)
            Example of a quick run: bench/ingest/run --messages 50000 --devices 1000 --seconds 10
            """;

    BenchOptions {
        requireAtLeast("--clients", clients, 1);
        requireAtLeast("--inflight", inflight, 1);
        requireAtLeast("--messages", messages, clients);
        requireAtLeast("--warmup", warmupMessages, 0);
        requireAtLeast("--devices", devices, clients);
        requireAtLeast("--rate", steadyRate, 1);
        requireAtLeast("--seconds", steadyDuration.toSeconds(), 1);
        requireAtLeast("--timeout", phaseTimeout.toSeconds(), 1);
        if (inflight > 65_535) {
            throw new IllegalArgumentException("--inflight " + inflight + " exceeds the 65535 MQTT packet ids of a connection");
        }
    }

    private static void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", was " + value);
        }
    }

    /** Parses flags over {@code BENCH_*} environment defaults; throws with a message naming the bad option. */
    static BenchOptions parse(String[] args, Map<String, String> env) {
        BenchSettings s = BenchSettings.parse(args, env, Set.of());
        long messages = s.number("messages", 200_000);
        BenchOptions options = new BenchOptions(
                (int) s.number("clients", 10),
                (int) s.number("inflight", 100),
                messages,
                s.number("warmup", messages / 10),
                (int) s.number("devices", 10_000),
                (int) s.number("rate", 5_000),
                Duration.ofSeconds(s.number("seconds", 20)),
                Duration.ofSeconds(s.number("timeout", 120)),
                Path.of(s.required("work-dir")),
                Path.of(s.required("gateway-jar")),
                s.javaOpts("gateway-java-opts"),
                s.sets());
        s.rejectUnused();
        return options;
    }
}
