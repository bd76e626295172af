package io.vigil.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The floor of the 9014 latency: the gateway answers only after its journal committed the frame, and
 * a commit (SQLite WAL, synchronous=FULL) waits for at least one fsync of the journal's disk. This
 * measures appending 4 KiB and forcing it to disk, in the directory the gateway's data will live in.
 */
final class FsyncLatency {
    private static final int BLOCK = 4096;

    private FsyncLatency() {
    }

    /** Up to {@code samples} append+fsync rounds, stopping early after {@code limit}. */
    static Latencies.Summary measure(Path dir, int samples, Duration limit) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "fsync-probe", ".bin");
        Latencies latencies = new Latencies(samples);
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        long deadline = System.nanoTime() + limit.toNanos();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int i = 0; i < samples && System.nanoTime() < deadline; i++) {
                block.clear();
                block.putInt(0, i);
                long start = System.nanoTime();
                ch.write(block);
                ch.force(true);
                latencies.record(System.nanoTime() - start);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return latencies.summarize();
    }
}
