package io.vigil.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time per thread of a process, from Linux {@code /proc/PID/task}: where a process spends its
 * time, by thread name (as the kernel keeps it, cut to 15 characters, e.g. {@code vert.x-eventloo}).
 */
final class ThreadCpu {
    /** USER_HZ, the unit of CPU times in /proc: 100 on every mainstream Linux architecture. */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<Long, Sample> byTid;

    private ThreadCpu(Map<Long, Sample> byTid) {
        this.byTid = byTid;
    }

    private record Sample(String name, long ticks) {
    }

    /** The CPU of the threads of one name over an interval, as a share of the interval (1.0 = one core busy all the time). */
    record Busy(String name, int threads, double share) {
    }

    /** The CPU counters of every thread of {@code pid}, now. */
    static ThreadCpu sample(long pid) throws IOException {
        Map<Long, Sample> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // f[0] is field 3 of proc(5); utime and stime are fields 14 and 15
                    out.put(Long.parseLong(task.getFileName().toString()), new Sample(name, Long.parseLong(f[11]) + Long.parseLong(f[12])));
                } catch (IOException threadEnded) {
                    // a thread that ended while we looked
                }
            }
        }
        return new ThreadCpu(out);
    }

    /**
     * The thread names busiest since {@code earlier}, over {@code seconds} of wall time, most first;
     * threads of a pool ({@code GC Thread#0}, {@code GC Thread#1}) count together.
     */
    List<Busy> busiestSince(ThreadCpu earlier, double seconds, int limit) {
        Map<String, double[]> byName = new HashMap<>();
        byTid.forEach((tid, s) -> {
            Sample before = earlier.byTid.get(tid);
            long ticks = s.ticks() - (before == null ? 0 : before.ticks());
            if (ticks > 0) {
                double[] sum = byName.computeIfAbsent(s.name().replaceAll("[_#-]?\\d+$", ""), n -> new double[2]);
                sum[0]++;
                sum[1] += ticks / TICKS_PER_SECOND / seconds;
            }
        });
        List<Busy> busy = new ArrayList<>();
        byName.forEach((name, sum) -> busy.add(new Busy(name, (int) sum[0], sum[1])));
        busy.sort(Comparator.comparingDouble(Busy::share).reversed());
        return busy.subList(0, Math.min(limit, busy.size()));
    }
}
