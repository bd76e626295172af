package io.vigil.driver.hj212;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vigil.driver.hj212.Hj212Arbitraries.CorruptedFrame;
import io.vigil.driver.hj212.Hj212FrameSplitter.FrameBytes;
import io.vigil.driver.hj212.Hj212FrameSplitter.Piece;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of {@link Hj212Parser} (and of the readings taken from what it accepts) over arbitrary
 * input: bad input is an {@link Hj212ParseResult.Invalid} with a reason, never an exception; a
 * corrupted frame gets through only when its length and CRC really agree; and the splitter and the
 * parser together find every valid frame in a stream, whatever garbage lies between them.
 */
class Hj212ParserPropertiesTest {

    private static final Hj212Readings READINGS = new Hj212Readings(Hj212CodeTable.standard());

    @Provide
    Arbitrary<byte[]> frameLikeStreams() {
        return Hj212Arbitraries.frameLikeStream();
    }

    @Provide
    Arbitrary<String> dataSegments() {
        return Hj212Arbitraries.dataSegmentText();
    }

    @Provide
    Arbitrary<String> validFrames() {
        return Hj212Arbitraries.validFrame();
    }

    @Provide
    Arbitrary<CorruptedFrame> corruptedFrames() {
        return Hj212Arbitraries.corruptedFrame();
    }

    /** Pairs of (garbage, then a corpus frame). */
    @Provide
    Arbitrary<List<Tuple2<byte[], String>>> framesAfterGarbage() {
        return Combinators.combine(Hj212Arbitraries.garbage(), Hj212Arbitraries.validFrame()).as(Tuple::of).list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Integer>> chunkings() {
        return Hj212Arbitraries.chunking();
    }

    @Property(tries = 300)
    void neverThrowsOnArbitraryText(@ForAll String text) {
        checkParses(text.getBytes(StandardCharsets.UTF_8));
        assertThat(Hj212Parser.parse(text)).isNotNull();
    }

    @Property(tries = 300)
    void neverThrowsOnArbitraryBytes(@ForAll byte[] bytes) {
        checkParses(bytes);
    }

    @Property(tries = 300)
    void neverThrowsOnFrameLikeBytes(@ForAll("frameLikeStreams") byte[] bytes) {
        checkParses(bytes);
    }

    /** Length and CRC correct around an arbitrary data segment: this reaches the header and CP parsing. */
    @Property(tries = 500)
    void neverThrowsOnAnyDataSegmentInACorrectEnvelope(@ForAll("dataSegments") String data) {
        String frame = Hj212Encoder.frame(data);
        Hj212ParseResult r = checkParses(frame.getBytes(StandardCharsets.UTF_8));
        if (r instanceof Hj212ParseResult.Valid v) {
            // what went over the wire: an unpaired surrogate in the generated text became '?' in UTF-8
            assertThat(v.frame().dataSegment()).isEqualTo(new String(data.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
        Statistics.label("outcome").collect(r instanceof Hj212ParseResult.Valid ? "valid" : "invalid");
        Statistics.label("outcome").coverage(c -> c.check("valid").percentage(p -> p > 10.0));
        assertThat(Hj212Parser.parseDataSegment(data)).isNotNull();
    }

    /**
     * One to four flipped bytes: the frame is refused with a reason, or accepted only if the bytes
     * still carry a consistent length and CRC (the HJ 212 CRC has 256 values, so about 1 in 256
     * corruptions of the data segment goes unnoticed; a flipped case of a CRC hex letter is harmless).
     */
    @Property(tries = 1000)
    void rejectsCorruptedFramesUnlessLengthAndCrcStillAgree(@ForAll("corruptedFrames") CorruptedFrame frame) {
        byte[] corrupted = frame.bytes();
        Hj212ParseResult r = checkParses(corrupted);
        boolean accepted = r instanceof Hj212ParseResult.Valid;
        if (accepted) {
            assertThat(envelopeAgrees(corrupted)).as("accepted only with a consistent length and CRC").isTrue();
        }
        Statistics.label("corrupted frame").collect(accepted ? "accepted" : "rejected");
        Statistics.label("corrupted frame").coverage(c -> c.check("accepted").percentage(p -> p < 5.0));
    }

    /** Valid frames with arbitrary garbage between them, cut anywhere: each valid frame comes out, in order. */
    @Property(tries = 300)
    void findsEveryValidFrameAmongGarbage(@ForAll("framesAfterGarbage") List<Tuple2<byte[], String>> framesAfterGarbage,
                                          @ForAll("chunkings") List<Integer> chunking) {
        List<String> sent = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (Tuple2<byte[], String> garbageThenFrame : framesAfterGarbage) {
            stream.writeBytes(garbageThenFrame.get1());
            stream.writeBytes(Hj212Arbitraries.bytes(garbageThenFrame.get2()));
            sent.add(garbageThenFrame.get2());
        }
        byte[] all = stream.toByteArray();
        assertTimeoutPreemptively(Hj212FrameSplitterPropertiesTest.PER_TRY, () -> {
            Hj212FrameSplitter splitter = new Hj212FrameSplitter();
            List<Piece> pieces = new ArrayList<>();
            Hj212Arbitraries.cut(all, chunking).forEach(c -> pieces.addAll(splitter.feed(c)));
            pieces.addAll(splitter.finish());
            List<String> found = pieces.stream().filter(p -> p instanceof FrameBytes)
                    .filter(p -> Hj212Parser.parse(p.bytes()) instanceof Hj212ParseResult.Valid).map(Piece::text).toList();
            // the garbage may itself hold corpus frames, so the frames sent are a subsequence of those found
            assertThat(isSubsequence(sent, found)).as("sent %s%nfound %s", sent, found).isTrue();
        });
    }

    /** Parses without throwing; an invalid result has a reason; readings of a valid frame convert without throwing. */
    private static Hj212ParseResult checkParses(byte[] bytes) {
        Hj212ParseResult r = Hj212Parser.parse(bytes);
        assertThat(r).isNotNull();
        if (r instanceof Hj212ParseResult.Invalid inv) {
            assertThat(inv.reason()).isNotBlank();
        } else {
            Hj212Frame f = ((Hj212ParseResult.Valid) r).frame();
            assertThat(READINGS.convert("fuzz-device", f, Hj212DeviceProfile.DEFAULT)).isNotNull();
            assertThat(Hj212Encoder.acknowledgementFor(f)).isNotNull();
        }
        return r;
    }

    /** An independent check of the envelope: {@code ##}, 4 digits equal to the data length, 4 hex digits equal to its CRC. */
    private static boolean envelopeAgrees(byte[] frame) {
        int end = frame.length;
        while (end > 0 && (frame[end - 1] == '\r' || frame[end - 1] == '\n')) {
            end--;
        }
        String text = new String(frame, 0, end, StandardCharsets.ISO_8859_1);
        if (!text.matches("(?s)##\\d{4}.*[0-9A-Fa-f]{4}") || end < 10) {
            return false;
        }
        int dataLength = end - 10;
        byte[] data = Arrays.copyOfRange(frame, 6, 6 + dataLength);
        return Integer.parseInt(text.substring(2, 6)) == dataLength
                && Integer.parseInt(text.substring(end - 4), 16) == Hj212Crc.compute(data);
    }

    private static boolean isSubsequence(List<String> wanted, List<String> in) {
        int i = 0;
        for (String s : in) {
            if (i < wanted.size() && wanted.get(i).equals(s)) {
                i++;
            }
        }
        return i == wanted.size();
    }
}
