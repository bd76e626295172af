package io.vigil.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much of the machine's CPU other processes took during a measurement. On a shared machine (a
 * build or test run next to the benchmark) the figures drop for reasons that have nothing to do with
 * the gateway, and the report says so rather than print them as if they were clean. "Ours" is this
 * JVM, the processes it started (mosquitto, mosquitto_sub, the gateway) and those of them that
 * already exited, whose time the JVM collected when it reaped them.
 */
final class CpuShare {
    private final long machineBusyTicks;
    private final long machineTotalTicks;
    private final long ourTicks;

    private CpuShare(long machineBusyTicks, long machineTotalTicks, long ourTicks) {
        this.machineBusyTicks = machineBusyTicks;
        this.machineTotalTicks = machineTotalTicks;
        this.ourTicks = ourTicks;
    }

    /** The machine's and our CPU counters, now. */
    static CpuShare sample() throws IOException {
        // first line of /proc/stat: cpu user nice system idle iowait irq softirq steal ..., in clock ticks summed over CPUs
        String[] cpu = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i <= 8 && i < cpu.length; i++) {
            total += Long.parseLong(cpu[i]);
        }
        long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
        long ours = ProcessStats.cpuTicks(ProcessHandle.current().pid(), true);
        for (ProcessHandle child : (Iterable<ProcessHandle>) ProcessHandle.current().descendants()::iterator) {
            try {
                ours += ProcessStats.cpuTicks(child.pid(), false);
            } catch (IOException exited) {
                // it ended while we looked; its time is in our reaped-children count or soon will be
            }
        }
        return new CpuShare(total - idle, total, ours);
    }

    /** The fraction (0..1) of all CPUs that processes outside the benchmark kept busy since {@code earlier}. */
    double othersSince(CpuShare earlier) {
        long total = machineTotalTicks - earlier.machineTotalTicks;
        long others = (machineBusyTicks - earlier.machineBusyTicks) - (ourTicks - earlier.ourTicks);
        return total <= 0 ? 0 : Math.max(0, (double) others / total);
    }
}
