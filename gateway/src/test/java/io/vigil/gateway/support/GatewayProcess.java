package io.vigil.gateway.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The gateway as a separate JVM (the packaged jar), so a test can kill it with SIGKILL. */
public final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final int httpPort;
    private final int mqttPort;

    private GatewayProcess(Process process, int httpPort, int mqttPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.mqttPort = mqttPort;
    }

    /** Starts {@code java -jar target/vigil-gateway-*.jar run} with the test settings and waits for /health. */
    public static GatewayProcess start(Path dataDir, Path log, String... extra) throws IOException {
        int http = TestGateways.freePort();
        int mqtt = TestGateways.freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                packagedJar().toString(), "run"));
        List<String> sets = new ArrayList<>(TestGateways.settings(dataDir, extra));
        sets.add("http.port=" + http);
        sets.add("mqtt.port=" + mqtt);
        for (String s : sets) {
            cmd.add("--set");
            cmd.add(s);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        GatewayProcess g = new GatewayProcess(p, http, mqtt);
        Api api = new Api(http);
        boolean up = Await.poll(Duration.ofSeconds(120), () -> {
            if (!p.isAlive()) {
                return true;
            }
            try {
                return api.get("/health").status() == 200;
            } catch (IllegalStateException notYet) {
                return false;
            }
        });
        if (!up || !p.isAlive()) {
            p.destroyForcibly();
            throw new IllegalStateException("gateway process did not become healthy (" + (p.isAlive() ? "timeout" : "exited")
                    + "); last lines of " + log + ":\n" + tail(log));
        }
        return g;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static Path packagedJar() throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of("target"), "vigil-gateway-*.jar")) {
            for (Path p : s) {
                if (!p.toString().endsWith("-sources.jar") && !p.toString().endsWith("-tests.jar")) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("no packaged gateway jar in target/: integration tests run after 'package'");
    }

    public int httpPort() {
        return httpPort;
    }

    public String mqttUrl() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    /** SIGKILL: no shutdown hook, no flush, like a power cut for the process. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
