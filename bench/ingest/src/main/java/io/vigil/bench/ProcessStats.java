package io.vigil.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** CPU time and resident memory of a process, from Linux {@code /proc}. */
final class ProcessStats {
    private static final long TICKS_PER_SECOND = clockTicksPerSecond();

    private ProcessStats() {
    }

    /** User plus system CPU time of all threads of {@code pid} so far. */
    static Duration cpuTime(long pid) throws IOException {
        return Duration.ofNanos(cpuTicks(pid, false) * 1_000_000_000L / TICKS_PER_SECOND);
    }

    /**
     * User plus system CPU time of {@code pid} in clock ticks; with {@code reapedChildren} also that of
     * its children that have exited and been waited for.
     */
    static long cpuTicks(long pid, boolean reapedChildren) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        // the command name (field 2) may contain spaces and parentheses: count the fields after its closing ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 of proc(5): utime and stime are fields 14 and 15, cutime and cstime 16 and 17
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return reapedChildren ? ticks + Long.parseLong(f[13]) + Long.parseLong(f[14]) : ticks;
    }

    /** VmRSS of {@code pid} in bytes. */
    static long residentBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    private static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the Linux default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
