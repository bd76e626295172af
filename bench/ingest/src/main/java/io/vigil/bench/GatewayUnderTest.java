package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway as devices meet it: the built jar in its own JVM, a fresh data directory, free
 * loopback ports and the benchmark's registry. Observed from outside only, through its HTTP status,
 * its embedded QuestDB's SQL endpoint, {@code /proc} and {@code jcmd}.
 */
final class GatewayUnderTest implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(20);

    private final ChildProcess jvm;
    private final int mqttPort;
    private final URI statusUri;
    private final URI rowCountUri;

    private GatewayUnderTest(ChildProcess jvm, int httpPort, int mqttPort, int questDbPort) {
        this.jvm = jvm;
        this.mqttPort = mqttPort;
        this.statusUri = URI.create("http://" + LoopbackPorts.HOST + ":" + httpPort + "/api/v1/status");
        this.rowCountUri = URI.create("http://" + LoopbackPorts.HOST + ":" + questDbPort + "/exec?query="
                + URLEncoder.encode("select count() from reading", StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** Starts the gateway and waits until {@code /health} answers 200. */
    static GatewayUnderTest start(BenchOptions options, Path registryFile, Duration timeout) throws IOException, InterruptedException {
        Path dir = options.workDir().resolve("gateway");
        Files.createDirectories(dir);
        int httpPort = LoopbackPorts.free();
        int mqttPort = LoopbackPorts.free();
        int questDbPort = LoopbackPorts.free();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.gatewayJavaOptions());
        command.addAll(List.of("-jar", options.gatewayJar().toString(), "run",
                "--set", "data.dir=" + dir.resolve("data"),
                "--set", "http.host=" + LoopbackPorts.HOST,
                "--set", "http.port=" + httpPort,
                "--set", "mqtt.host=" + LoopbackPorts.HOST,
                "--set", "mqtt.port=" + mqttPort,
                "--set", "tsdb.embeddedPort=" + questDbPort,
                "--set", "registry.file=" + registryFile));
        for (String set : options.gatewaySets()) {
            command.addAll(List.of("--set", set));
        }
        // the gateway gets time to stop cleanly: it flushes its journal and closes QuestDB
        ChildProcess jvm = ChildProcess.start("the gateway", command, dir.resolve("gateway.log"), Duration.ofSeconds(15));
        GatewayUnderTest gateway = new GatewayUnderTest(jvm, httpPort, mqttPort, questDbPort);
        try {
            gateway.awaitHealthy(URI.create("http://" + LoopbackPorts.HOST + ":" + httpPort + "/health"), timeout);
        } catch (RuntimeException | InterruptedException e) {
            jvm.close();
            throw e;
        }
        return gateway;
    }

    private void awaitHealthy(URI health, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (Http.status(health) != 200) {
            jvm.requireAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway is not healthy after " + timeout.toSeconds() + " s; see " + jvm.log());
            }
            Thread.sleep(100);
        }
    }

    long pid() {
        return jvm.pid();
    }

    String mqttUri() {
        return "tcp://" + LoopbackPorts.HOST + ":" + mqttPort;
    }

    /** The figures of {@code /api/v1/status} the benchmark uses. */
    record Status(long acceptedMessages, long written, long backlog, long heapUsedBytes) {
    }

    Status status() throws IOException, InterruptedException {
        JsonNode s = Http.getJson(statusUri);
        return new Status(s.path("mqtt").path("acceptedMessages").asLong(), s.path("tsdb").path("written").asLong(),
                s.path("tsdb").path("backlog").asLong(), s.path("jvm").path("heapUsedBytes").asLong());
    }

    /**
     * Polls the status until the time-series writer has written at least {@code written} readings in
     * total and its backlog is empty; returns {@link System#nanoTime()} of the poll that saw it.
     */
    long awaitStored(long written, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Status s;
        while ((s = status()).written() < written || s.backlog() > 0) {
            jvm.requireAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway has written " + s.written() + " of " + written + " readings (backlog "
                        + s.backlog() + ") after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(POLL.toMillis());
        }
        return System.nanoTime();
    }

    /** Rows in QuestDB's reading table. */
    long storedRows() throws IOException, InterruptedException {
        return Http.getJson(rowCountUri).path("dataset").path(0).path(0).asLong();
    }

    /**
     * Waits until the reading table holds {@code expected} rows and returns the count, or the last count
     * seen when {@code timeout} passes. Needed because QuestDB applies its write-ahead log
     * asynchronously: a row the writer has handed over is visible to SQL a little later.
     */
    long awaitStoredRows(long expected, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long rows;
        while ((rows = storedRows()) < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return rows;
    }

    /** CPU time the gateway process (all threads, QuestDB included) has used so far. */
    Duration cpuTime() throws IOException {
        return ProcessStats.cpuTime(pid());
    }

    /** Heap in use right after a full GC, and the resident set size. */
    record Memory(long heapAfterGcBytes, long residentBytes) {
    }

    Memory memoryAfterGc() throws IOException, InterruptedException {
        Path bundled = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process jcmd = new ProcessBuilder(Files.isExecutable(bundled) ? bundled.toString() : "jcmd", Long.toString(pid()), "GC.run")
                .redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + pid() + " GC.run failed: " + out.trim());
        }
        return new Memory(status().heapUsedBytes(), ProcessStats.residentBytes(pid()));
    }

    @Override
    public void close() {
        jvm.close();
    }
}
