package io.vigil.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A process this benchmark started, its output in a log file. Closing it stops it: SIGTERM, so the
 * gateway shuts down cleanly, then SIGKILL after a grace period (mosquitto_sub, for one, ignores
 * SIGTERM once its broker is gone). Processes still running when this JVM is told to stop are closed
 * by a shutdown hook; the run script also kills the whole process group, in case this JVM is killed.
 */
final class ChildProcess implements AutoCloseable {
    private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(RUNNING).forEach(ChildProcess::close), "bench-stop-children"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final Duration grace;
    private final CompletableFuture<Long> exitedAtNanos;

    private ChildProcess(String name, Process process, Path log, Duration grace) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.grace = grace;
        // taken on the thread that reaps the process, so the time is not delayed by whoever polls
        this.exitedAtNanos = process.onExit().thenApply(p -> System.nanoTime());
    }

    /** Starts {@code command} with stdout and stderr appended to {@code log}; {@code grace}: how long closing waits before SIGKILL. */
    static ChildProcess start(String name, List<String> command, Path log, Duration grace) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        ChildProcess child = new ChildProcess(name, p, log, grace);
        RUNNING.add(child);
        return child;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@link System#nanoTime()} at which the process exited, once it has. */
    CompletableFuture<Long> exitedAtNanos() {
        return exitedAtNanos;
    }

    int exitCode() {
        return process.exitValue();
    }

    Path log() {
        return log;
    }

    /** The last lines of its log, for error messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Fails with the log tail if the process has ended; for loops that wait for it to come up. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; last lines of " + log + ":\n"
                    + logTail(20));
        }
    }

    @Override
    public void close() {
        RUNNING.remove(this);
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                Log.info("%s (pid %d) did not stop within %d s; killing it", name, process.pid(), grace.toSeconds());
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
