package io.vigil.bench;

import io.vigil.driver.hj212.Hj212CodeTable;
import io.vigil.driver.hj212.Hj212Crc;
import io.vigil.driver.hj212.Hj212DeviceProfile;
import io.vigil.driver.hj212.Hj212FrameSplitter;
import io.vigil.driver.hj212.Hj212ParseResult;
import io.vigil.driver.hj212.Hj212Parser;
import io.vigil.driver.hj212.Hj212Readings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * How fast one thread decodes HJ 212, against a floor measured on the same bytes in the same run:
 * the floor only finds the {@code ##} boundaries and computes the CRC of each data segment, work
 * every decoder must do; the decoder runs the gateway's per-connection path (splitter, parser and,
 * for data uploads, the readings conversion) over the same buffer, fed in TCP-sized chunks. Plain
 * {@link System#nanoTime()} loops: warm-up rounds first, then measured rounds taken in turn, so a
 * slow spell on a shared machine hits all variants alike; the median round counts.
 */
final class DecodeRate {
    /** Bytes per {@code feed}: one Ethernet MSS, what a logger's frame typically arrives in. */
    static final int CHUNK_BYTES = 1460;
    private static final int TARGET_BUFFER_BYTES = 8 << 20;
    private static final int MEASURED_ROUNDS = 5;

    private static final Hj212Readings READINGS = new Hj212Readings(Hj212CodeTable.standard());
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One variant's result: frames per second of wall time and the share of that time the thread was on a CPU. */
    record Rate(String name, double framesPerSecond, double threadCpuShare) {
    }

    /** All variants over the same buffer; {@code tableFloor} is the floor with a table-driven CRC, for comparison. */
    record Result(int corpusFrames, int frames, long bytes, Rate floor, Rate tableFloor, Rate splitParse, Rate decode) {
        double meanFrameBytes() {
            return (double) bytes / frames;
        }
    }

    private final byte[] buffer;
    /** Values converted so far; read at the end, so the conversions cannot be optimised away. */
    long valuesSeen;
    private final int frames;
    private final int corpusFrames;

    private DecodeRate(byte[] buffer, int frames, int corpusFrames) {
        this.buffer = buffer;
        this.frames = frames;
        this.corpusFrames = corpusFrames;
    }

    /** The valid frames of the corpus ({@code valid.txt} and {@code more/valid.txt}), CRLF-terminated, repeated to about 8 MiB. */
    static DecodeRate overCorpus(Path corpusDir) throws IOException {
        List<String> corpus = new ArrayList<>();
        for (Path p : List.of(corpusDir.resolve("valid.txt"), corpusDir.resolve("more").resolve("valid.txt"))) {
            Files.readAllLines(p, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).forEach(corpus::add);
        }
        if (corpus.isEmpty()) {
            throw new IllegalStateException("no frames in " + corpusDir + "/valid.txt");
        }
        ByteArrayOutputStream once = new ByteArrayOutputStream();
        corpus.forEach(f -> once.writeBytes((f + "\r\n").getBytes(StandardCharsets.UTF_8)));
        byte[] unit = once.toByteArray();
        int repeats = Math.max(1, TARGET_BUFFER_BYTES / unit.length);
        byte[] all = new byte[unit.length * repeats];
        for (int i = 0; i < repeats; i++) {
            System.arraycopy(unit, 0, all, i * unit.length, unit.length);
        }
        return new DecodeRate(all, corpus.size() * repeats, corpus.size());
    }

    /** Warms every variant up, then measures {@link #MEASURED_ROUNDS} rounds of each, in turn. Runs on the calling thread only. */
    Result measure(Duration round) {
        List<Variant> variants = List.of(
                new Variant("floor: ## scan + CRC", b -> scanAndCrc(b, false)),
                new Variant("floor with a table-driven CRC", b -> scanAndCrc(b, true)),
                new Variant("splitter + parser", b -> decode(b, false)),
                new Variant("splitter + parser + readings", b -> decode(b, true)));
        for (Variant v : variants) {
            v.check(frames);
        }
        Duration warmup = round.multipliedBy(2);
        for (Variant v : variants) {
            Log.info("decode: warming up %s for %d s", v.name, warmup.toSeconds());
            v.runFor(warmup);
        }
        for (int r = 0; r < MEASURED_ROUNDS; r++) {
            for (Variant v : variants) {
                v.rounds.add(v.runFor(round));
            }
        }
        Rate floor = variants.get(0).median();
        Rate tableFloor = variants.get(1).median();
        Rate splitParse = variants.get(2).median();
        Rate decode = variants.get(3).median();
        Log.info("decode: floor %,.0f, split+parse %,.0f, +readings %,.0f frames/s", floor.framesPerSecond(),
                splitParse.framesPerSecond(), decode.framesPerSecond());
        return new Result(corpusFrames, frames, buffer.length, floor, tableFloor, splitParse, decode);
    }

    /** One way of getting through the buffer, and the rounds it took. */
    private final class Variant {
        final String name;
        final ToLongFunction<byte[]> pass;
        final List<Rate> rounds = new ArrayList<>();
        /** Keeps the JIT from discarding work whose result nobody reads. */
        long sink;

        Variant(String name, ToLongFunction<byte[]> pass) {
            this.name = name;
            this.pass = pass;
        }

        void check(int expectedFrames) {
            long n = pass.applyAsLong(buffer);
            if (n != expectedFrames) {
                throw new IllegalStateException(name + " found " + n + " valid frames in the buffer, expected " + expectedFrames);
            }
        }

        Rate runFor(Duration d) {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long end = start + d.toNanos();
            long passes = 0;
            long now;
            do {
                sink += pass.applyAsLong(buffer);
                passes++;
                now = System.nanoTime();
            } while (now < end);
            long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
            return new Rate(name, passes * frames / ((now - start) / 1e9), (double) cpu / (now - start));
        }

        Rate median() {
            Rate[] sorted = rounds.stream().sorted((a, b) -> Double.compare(a.framesPerSecond(), b.framesPerSecond())).toArray(Rate[]::new);
            return sorted[sorted.length / 2];
        }
    }

    /**
     * The floor: every {@code ##} found by looking at every byte; between two of them, trailing CR/LF
     * dropped, the data segment is what lies after the 4-digit length and before the 4-digit CRC.
     * Returns the number of segments whose CRC matches (all of them, for the corpus). With
     * {@code table}, the same checksum is computed a byte at a time from a 256-entry table instead
     * of {@link Hj212Crc}'s eight shift rounds per byte: what the floor would be with such a CRC.
     */
    long scanAndCrc(byte[] b, boolean table) {
        long matching = 0;
        int start = nextHeader(b, 0);
        while (start >= 0) {
            int next = nextHeader(b, start + 2);
            int end = next < 0 ? b.length : next;
            while (end > start && (b[end - 1] == '\n' || b[end - 1] == '\r')) {
                end--;
            }
            int crc = table ? tableCrc(b, start + 6, end - 4 - (start + 6)) : Hj212Crc.compute(b, start + 6, end - 4 - (start + 6));
            if (crc == hex4(b, end - 4)) {
                matching++;
            }
            start = next;
        }
        return matching;
    }

    /**
     * {@code reg = (reg >> 8) ^ byte} leaves an 8-bit value, and the eight rounds that follow depend
     * only on it: one table lookup per byte gives the same checksum.
     */
    private static final int[] CRC_TABLE = crcTable();

    private static int[] crcTable() {
        int[] t = new int[256];
        for (int x = 0; x < 256; x++) {
            int reg = x;
            for (int round = 0; round < 8; round++) {
                reg = (reg & 1) != 0 ? (reg >> 1) ^ 0xA001 : reg >> 1;
            }
            t[x] = reg;
        }
        return t;
    }

    private static int tableCrc(byte[] data, int offset, int length) {
        int reg = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            reg = CRC_TABLE[(reg >> 8) ^ (data[i] & 0xFF)];
        }
        return reg;
    }

    private static int nextHeader(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '#' && b[i + 1] == '#') {
                return i;
            }
        }
        return -1;
    }

    private static int hex4(byte[] b, int at) {
        int v = 0;
        for (int i = at; i < at + 4; i++) {
            v = v << 4 | Character.digit(b[i], 16);
        }
        return v;
    }

    /**
     * The gateway's path for one connection's bytes; returns the number of valid frames. With
     * {@code readings}, data uploads are also converted; their value count goes to {@link #valuesSeen}.
     */
    long decode(byte[] b, boolean readings) {
        Hj212FrameSplitter splitter = new Hj212FrameSplitter();
        long valid = 0;
        for (int pos = 0; pos < b.length; pos += CHUNK_BYTES) {
            for (Hj212FrameSplitter.Piece piece : splitter.feed(b, pos, Math.min(CHUNK_BYTES, b.length - pos))) {
                if (piece instanceof Hj212FrameSplitter.FrameBytes
                        && Hj212Parser.parse(piece.bytes()) instanceof Hj212ParseResult.Valid v) {
                    valid++;
                    if (readings) {
                        Optional<Hj212Readings.Result> r = READINGS.convert("bench-device", v.frame(), Hj212DeviceProfile.DEFAULT);
                        valuesSeen += r.map(x -> x.readings().isEmpty() ? 0 : x.readings().get(0).values().size()).orElse(0);
                    }
                }
            }
        }
        if (!splitter.finish().isEmpty()) {
            throw new IllegalStateException("the corpus buffer ends with an incomplete frame");
        }
        return valid;
    }
}
