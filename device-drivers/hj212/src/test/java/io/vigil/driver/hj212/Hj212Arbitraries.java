package io.vigil.driver.hj212;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators for the codec's property tests. Uniformly random bytes almost never form a {@code ##}
 * header, a length field or a CRC, so streams are built from tokens biased towards what the splitter
 * and the parser branch on: {@code #}, digits, hex, CR/LF, pieces of real corpus frames, over-long
 * runs without a line break, plus plain random bytes.
 */
final class Hj212Arbitraries {

    static final List<String> VALID_FRAMES = Corpus.allValidFrames();
    /** Bytes the splitter and parser decide on, and a few they should not care about. */
    private static final byte[] SIGNIFICANT = bytes("##\r\n\t 0123456789ABCDEFabcdef&;=,-CPN");

    private Hj212Arbitraries() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A corpus frame, without CRLF. */
    static Arbitrary<String> validFrame() {
        return Arbitraries.of(VALID_FRAMES);
    }

    /** Arbitrary byte streams that often look like HJ 212 traffic, sometimes longer than one frame may be. */
    static Arbitrary<byte[]> frameLikeStream() {
        return streamToken().list().ofMaxSize(40).map(Hj212Arbitraries::concat);
    }

    /** Arbitrary bytes with no structure at all, up to three frames' worth. */
    static Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(3 * Hj212FrameSplitter.MAX_FRAME_BYTES);
    }

    private static Arbitrary<byte[]> streamToken() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(toList(SIGNIFICANT)).list().ofMinSize(1).ofMaxSize(12).map(Hj212Arbitraries::fromList)),
                Tuple.of(4, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64)),
                Tuple.of(3, lengthHeader()),
                Tuple.of(3, validFrame().map(f -> bytes(f + "\r\n"))),
                Tuple.of(3, framePiece()),
                Tuple.of(1, longRunWithoutLineBreak()));
    }

    /** {@code ##} and a length field: 4 digits mostly, sometimes fewer or more. */
    private static Arbitrary<byte[]> lengthHeader() {
        return Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(6)
                .edgeCases(c -> c.add("9999").add("0000"))
                .map(d -> bytes("##" + d));
    }

    /** A prefix, suffix or middle piece of a corpus frame: truncated and spliced frames. */
    private static Arbitrary<byte[]> framePiece() {
        return Combinators.combine(validFrame(), Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 1))
                .as((frame, a, b) -> {
                    int from = (int) (Math.min(a, b) * frame.length());
                    int to = (int) (Math.max(a, b) * frame.length());
                    return bytes(frame.substring(from, to));
                });
    }

    /** A run that forces the splitter to its buffer bound: up to 1.3 frames without a line break. */
    private static Arbitrary<byte[]> longRunWithoutLineBreak() {
        return Combinators.combine(Arbitraries.of("x", "#x", "##9999", "0"), Arbitraries.integers().between(100, 13_000))
                .as((unit, n) -> {
                    byte[] run = new byte[n];
                    byte[] pattern = bytes(unit);
                    for (int i = 0; i < n; i++) {
                        run[i] = pattern[i % pattern.length];
                    }
                    return run;
                });
    }

    /** Chunk sizes applied in turn to cut a stream: single bytes, TCP-segment-like sizes or all at once. */
    static Arbitrary<List<Integer>> chunking() {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(1, 8)),
                Tuple.of(3, Arbitraries.integers().between(1, 1500)),
                Tuple.of(1, Arbitraries.integers().between(1, 70_000)));
        return size.list().ofMinSize(1).ofMaxSize(20);
    }

    /** Cuts {@code stream} into chunks of the given sizes, used in turn until the stream is consumed. */
    static List<byte[]> cut(byte[] stream, List<Integer> sizes) {
        List<byte[]> chunks = new ArrayList<>();
        int pos = 0;
        for (int i = 0; pos < stream.length; i++) {
            int n = Math.min(stream.length - pos, sizes.get(i % sizes.size()));
            chunks.add(Arrays.copyOfRange(stream, pos, pos + n));
            pos += n;
        }
        return chunks;
    }

    /**
     * Text for a data segment, never CR or LF: mostly the shape of a real one (header fields, then
     * {@code CP=&&…&&} with DataTime and pollutant fields) with arbitrary keys and values, so that
     * the header, CP and readings code is reached; sometimes a soup of its syntax.
     */
    static Arbitrary<String> dataSegmentText() {
        return Arbitraries.frequencyOf(Tuple.of(3, structuredDataSegment()), Tuple.of(1, syntaxSoup()));
    }

    private static Arbitrary<String> structuredDataSegment() {
        Arbitrary<String> headerValue = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("2011", "2051", "2061", "2031", "9014", "1011", "22", "32", "1", "2", "5", "7", "20240615103000123")),
                Tuple.of(2, fieldText()));
        // ST and CN are required and each field may appear once: mostly, generate it that way
        Arbitrary<String> header = Combinators.combine(
                Arbitraries.subsetOf("QN", "PW", "MN", "Flag", "ST", "CN", "PNUM", "PNO").map(keys -> {
                    List<String> all = new ArrayList<>(List.of("ST", "CN"));
                    keys.stream().filter(k -> !all.contains(k)).forEach(all::add);
                    // a split packet's PNUM and PNO come as a pair, or one alone now and then
                    if (all.contains("PNUM") != all.contains("PNO") && keys.size() % 3 != 0) {
                        all.removeAll(List.of("PNUM", "PNO"));
                    }
                    return all;
                }),
                headerValue.list().ofSize(8),
                Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("")), Tuple.of(1, fieldText())))
                .as((keys, values, extra) -> {
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < keys.size(); i++) {
                        b.append(keys.get(i)).append('=').append(values.get(i)).append(';');
                    }
                    return b.append(extra.isEmpty() ? "" : extra + ";").toString();
                });
        Arbitrary<String> cpField = Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.of("a34002", "a01001", "w01018", "B01", "011", "LA", "x")), Tuple.of(1, fieldText())),
                Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.of("-Rtd", "-Avg", "-Min", "-Max", "-Cou", "-Flag", "-SampleTime", "-EFlag")),
                        Tuple.of(1, Arbitraries.of("", "-", "-x"))),
                Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.strings().withChars("0123456789.eE+-").ofMaxLength(10)),
                        Tuple.of(2, Arbitraries.of("N", "F", "M", "S", "D", "C", "T", "B", "X", "NaN", "Infinity", "1e999")),
                        Tuple.of(1, fieldText())))
                .as((code, suffix, value) -> code + suffix + "=" + value);
        Arbitrary<String> dataTime = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().numeric().ofMinLength(14).ofMaxLength(17)),
                Tuple.of(1, Arbitraries.of("20240615103000", "20240231250000", "99991231235959999", "")),
                Tuple.of(1, fieldText()));
        Arbitrary<String> cp = Combinators.combine(
                dataTime.injectNull(0.1),
                cpField.list().ofMaxSize(6).map(g -> String.join(",", g)).list().ofMaxSize(5))
                .as((time, groups) -> (time == null ? "" : "DataTime=" + time + ";") + String.join(";", groups));
        return Combinators.combine(header, cp).as((h, body) -> h + "CP=&&" + body + "&&");
    }

    /** A key or value: digits, letters, CP syntax characters or anything else (no CR/LF). */
    private static Arbitrary<String> fieldText() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().alpha().numeric().ofMaxLength(24)),
                Tuple.of(1, Arbitraries.strings().withChars("=;,&-#").ofMaxLength(4)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(4).map(t -> t.replace('\r', ' ').replace('\n', ' '))));
    }

    private static Arbitrary<String> syntaxSoup() {
        Arbitrary<String> token = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of("QN=", "ST=", "CN=", "PW=", "MN=", "Flag=", "PNUM=", "PNO=", "CP=&&", "&&", ";", ",",
                        "=", "-", "DataTime=", "-Rtd=", "-Avg=", "-Flag=", "a34002")),
                Tuple.of(3, Arbitraries.strings().numeric().ofMaxLength(18)),
                Tuple.of(2, fieldText()),
                Tuple.of(1, Arbitraries.of("数", "µg/m³", "#", "##", "\u0000", "\uFFFF")));
        return token.list().ofMaxSize(60).map(tokens -> String.join("", tokens));
    }

    /** A corpus frame with one to four of its bytes changed, each to a different value. */
    record CorruptedFrame(String original, List<Integer> positions, byte[] bytes) {
        @Override
        public String toString() {
            return "flipped bytes " + positions + " of " + original + " -> " + new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** One to four byte flips at distinct positions of a corpus frame. */
    static Arbitrary<CorruptedFrame> corruptedFrame() {
        return validFrame().flatMap(frame -> {
            byte[] original = bytes(frame);
            Arbitrary<List<Integer>> positions = Arbitraries.integers().between(0, original.length - 1).list()
                    .uniqueElements().ofMinSize(1).ofMaxSize(4);
            // XOR with 1..255 always changes the byte
            Arbitrary<List<Integer>> masks = Arbitraries.integers().between(1, 255).list().ofSize(4);
            return Combinators.combine(positions, masks).as((at, mask) -> {
                byte[] out = original.clone();
                for (int i = 0; i < at.size(); i++) {
                    out[at.get(i)] ^= (byte) (int) mask.get(i);
                }
                return new CorruptedFrame(frame, at, out);
            });
        });
    }

    /** Garbage to put between frames: anything, including {@code #}, digits, line breaks and frame pieces. */
    static Arbitrary<byte[]> garbage() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(new byte[0])),
                Tuple.of(6, streamToken().list().ofMaxSize(4).map(Hj212Arbitraries::concat)));
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static List<Byte> toList(byte[] bytes) {
        List<Byte> l = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            l.add(b);
        }
        return l;
    }

    private static byte[] fromList(List<Byte> l) {
        byte[] b = new byte[l.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = l.get(i);
        }
        return b;
    }
}
