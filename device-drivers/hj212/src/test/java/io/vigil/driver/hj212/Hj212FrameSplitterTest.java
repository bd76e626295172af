package io.vigil.driver.hj212;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.driver.hj212.Hj212FrameSplitter.FrameBytes;
import io.vigil.driver.hj212.Hj212FrameSplitter.Garbage;
import io.vigil.driver.hj212.Hj212FrameSplitter.Piece;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Hj212FrameSplitterTest {

    private static final List<String> FRAMES = Corpus.allValidFrames();

    static Stream<Corpus.SegmentCase> segmentCases() {
        return Corpus.segmentCases();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Feeds the chunks, then ends the stream; returns every piece. */
    private static List<Piece> split(List<byte[]> chunks) {
        Hj212FrameSplitter splitter = new Hj212FrameSplitter();
        List<Piece> pieces = new ArrayList<>();
        chunks.forEach(c -> pieces.addAll(splitter.feed(c)));
        pieces.addAll(splitter.finish());
        assertThat(splitter.buffered()).isZero();
        return pieces;
    }

    private static List<Piece> split(String... chunks) {
        return split(Arrays.stream(chunks).map(Hj212FrameSplitterTest::bytes).toList());
    }

    private static List<String> frames(List<Piece> pieces) {
        return pieces.stream().filter(p -> p instanceof FrameBytes).map(Piece::text).toList();
    }

    private static List<Garbage> garbage(List<Piece> pieces) {
        return pieces.stream().filter(p -> p instanceof Garbage).map(p -> (Garbage) p).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("segmentCases")
    void emitsExactlyTheFramesOfEverySegmentCase(Corpus.SegmentCase c) {
        List<Piece> pieces = split(c.segments().toArray(String[]::new));
        assertThat(pieces).allMatch(p -> p instanceof FrameBytes);
        assertThat(frames(pieces)).isEqualTo(c.frames());
    }

    @Test
    void emitsAFrameAsSoonAsItsCrcArrivesWithoutWaitingForCrLf() {
        Hj212FrameSplitter splitter = new Hj212FrameSplitter();
        assertThat(splitter.feed(bytes(FRAMES.get(0)))).extracting(Piece::text).containsExactly(FRAMES.get(0));
        assertThat(splitter.feed(bytes("\r\n"))).isEmpty();
    }

    @Test
    void reassemblesAFrameFedByteByByte() {
        Hj212FrameSplitter splitter = new Hj212FrameSplitter();
        List<Piece> pieces = new ArrayList<>();
        for (byte b : bytes(FRAMES.get(2) + "\r\n")) {
            pieces.addAll(splitter.feed(new byte[] {b}));
        }
        assertThat(frames(pieces)).containsExactly(FRAMES.get(2));
    }

    @ParameterizedTest(name = "separator {0}")
    @ValueSource(strings = {"CRLF", "LF", "NONE", "GARBAGE"})
    void fragmentationFuzzEmitsExactlyTheCorpusFrames(String separator) {
        Random random = new Random(0x212 + separator.hashCode());
        for (int round = 0; round < 20; round++) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            for (String frame : FRAMES) {
                stream.writeBytes(bytes(frame));
                stream.writeBytes(bytes(switch (separator) {
                    case "CRLF" -> "\r\n";
                    case "LF" -> "\n";
                    case "NONE" -> "";
                    default -> garbage(random) + (random.nextBoolean() ? "\r\n" : "");
                }));
            }
            byte[] all = stream.toByteArray();
            List<Piece> pieces = split(round == 0 ? byteByByte(all) : randomChunks(all, random));
            assertThat(frames(pieces)).as("round %d", round).isEqualTo(FRAMES);
            if (!separator.equals("GARBAGE")) {
                assertThat(garbage(pieces)).isEmpty();
            }
        }
    }

    /** Printable junk that may contain a single {@code #} but never {@code ##}. */
    private static String garbage(Random random) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            char c = (char) (' ' + random.nextInt(95));
            if (c == '#' && b.length() > 0 && b.charAt(b.length() - 1) == '#') {
                c = '$';
            }
            b.append(c);
        }
        // a trailing '#' is followed by the next frame's "##": that must not swallow the frame
        return b.toString();
    }

    private static List<byte[]> byteByByte(byte[] all) {
        List<byte[]> chunks = new ArrayList<>(all.length);
        for (byte b : all) {
            chunks.add(new byte[] {b});
        }
        return chunks;
    }

    private static List<byte[]> randomChunks(byte[] all, Random random) {
        List<byte[]> chunks = new ArrayList<>();
        for (int pos = 0; pos < all.length; ) {
            int n = Math.min(all.length - pos, 1 + random.nextInt(random.nextBoolean() ? 16 : 2048));
            chunks.add(Arrays.copyOfRange(all, pos, pos + n));
            pos += n;
        }
        return chunks;
    }

    @Test
    void resynchronisesAfterGarbage() {
        List<Piece> pieces = split("GET http://110.249.212.46/testget?q=23333&port=8888 HTTP/1.1\r\n",
                "xx#yy" + FRAMES.get(15) + "\r\n", "junk" + FRAMES.get(16));
        assertThat(frames(pieces)).containsExactly(FRAMES.get(15), FRAMES.get(16));
        assertThat(garbage(pieces)).extracting(Piece::text)
                .containsExactly("GET http://110.249.212.46/testget?q=23333&port=8888 HTTP/1.1", "xx#yy", "junk");
        assertThat(garbage(pieces)).allMatch(g -> g.reason().equals("not a frame: no ## header"));
    }

    @Test
    void recoversTheNextFrameAfterATruncatedOne() {
        String truncated = FRAMES.get(12).substring(0, 200);
        List<Piece> pieces = split(truncated + FRAMES.get(13));
        assertThat(frames(pieces)).containsExactly(FRAMES.get(13));
        assertThat(garbage(pieces)).singleElement().satisfies(g -> {
            assertThat(g.text()).isEqualTo(truncated);
            assertThat(g.reason()).startsWith("frame cut short: a new ## header 194 bytes after the length field 0435");
        });
    }

    @Test
    void cutsAFrameWhoseLengthFieldRunsPastTheLineEnd() {
        String frame = FRAMES.get(6);
        String tooLong = "##0412" + frame.substring(6);
        List<Piece> pieces = split(tooLong + "\r\n" + frame + "\r\n");
        assertThat(frames(pieces)).containsExactly(frame);
        assertThat(garbage(pieces)).singleElement().satisfies(g -> {
            assertThat(g.text()).isEqualTo(tooLong);
            assertThat(g.reason()).contains("a line break 415 bytes after the length field 0412");
        });
    }

    @Test
    void rejectsAFrameWhoseCrcIsNotWhereTheLengthFieldSays() {
        String frame = FRAMES.get(6);
        String tooShort = "##0410" + frame.substring(6);
        List<Piece> pieces = split(tooShort + "\n" + frame);
        assertThat(frames(pieces)).containsExactly(frame);
        assertThat(garbage(pieces)).singleElement().satisfies(g -> {
            assertThat(g.text()).isEqualTo(tooShort);
            assertThat(g.reason()).contains("\"&D64\" is not 4 hex digits");
        });
    }

    @Test
    void rejectsADeclaredLengthAboveTheFourDigitLimitAndResyncs() {
        String oversize = "##10024QN=20240615103101200;ST=39;CN=2051;CP=&&" + "x".repeat(300);
        List<Piece> pieces = split(oversize + "\r\n" + FRAMES.get(0));
        assertThat(frames(pieces)).containsExactly(FRAMES.get(0));
        assertThat(garbage(pieces)).singleElement().satisfies(g -> {
            assertThat(g.text()).isEqualTo(oversize);
            assertThat(g.reason()).startsWith("length field has more than 4 digits: \"10024…\"");
        });
    }

    @Test
    void keepsMemoryBoundedWhenNoLineBreakEverComes() {
        Hj212FrameSplitter splitter = new Hj212FrameSplitter();
        List<Piece> pieces = new ArrayList<>();
        byte[] chunk = bytes("##9999" + "y".repeat(4090));
        for (int i = 0; i < 100; i++) {
            pieces.addAll(splitter.feed(chunk));
            assertThat(splitter.buffered()).isLessThanOrEqualTo(Hj212FrameSplitter.MAX_FRAME_BYTES);
        }
        pieces.addAll(splitter.feed(bytes("\r\n" + FRAMES.get(0))));
        assertThat(garbage(pieces)).isNotEmpty().allMatch(g -> g.bytes().length <= Hj212FrameSplitter.MAX_FRAME_BYTES);
        assertThat(frames(pieces)).containsExactly(FRAMES.get(0));
    }

    @Test
    void dropsTheRestOfAnOverlongRunUpToTheNextLineBreak() {
        Hj212FrameSplitter splitter = new Hj212FrameSplitter();
        List<Piece> pieces = new ArrayList<>(splitter.feed(bytes("x".repeat(Hj212FrameSplitter.MAX_FRAME_BYTES + 5000))));
        assertThat(pieces).singleElement().isInstanceOf(Garbage.class);
        assertThat(((Garbage) pieces.get(0)).reason()).contains("dropping the rest up to the next one");
        pieces.addAll(splitter.feed(bytes("more junk\n" + FRAMES.get(1))));
        assertThat(pieces).hasSize(2);
        assertThat(frames(pieces)).containsExactly(FRAMES.get(1));
    }

    @Test
    void reportsAnIncompleteFrameAtTheEndOfTheStream() {
        List<Piece> pieces = split(FRAMES.get(3).substring(0, 100));
        assertThat(garbage(pieces)).singleElement().satisfies(g -> {
            assertThat(g.text()).isEqualTo(FRAMES.get(3).substring(0, 100));
            assertThat(g.reason()).isEqualTo("incomplete frame at end of input: 100 of 599 bytes");
        });
    }

    @Test
    void skipsBlankLinesSilently() {
        assertThat(split("\r\n\r\n  \t\n" + FRAMES.get(0) + "\n\n")).extracting(Piece::text).containsExactly(FRAMES.get(0));
    }

    @Test
    void waitsOnALoneHashThatMayStartAHeader() {
        Hj212FrameSplitter splitter = new Hj212FrameSplitter();
        assertThat(splitter.feed(bytes("#"))).isEmpty();
        assertThat(splitter.feed(bytes(FRAMES.get(0).substring(1)))).extracting(Piece::text).containsExactly(FRAMES.get(0));
    }

    @Test
    void passesWellFramedButCorruptFramesToTheParser() {
        String badCrc = Corpus.invalidCases().findFirst().orElseThrow().frame();
        assertThat(split(badCrc + "\r\n")).extracting(Piece::text).containsExactly(badCrc);
    }
}
