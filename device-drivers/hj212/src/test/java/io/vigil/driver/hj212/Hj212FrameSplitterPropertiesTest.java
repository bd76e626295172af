package io.vigil.driver.hj212;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vigil.driver.hj212.Hj212FrameSplitter.FrameBytes;
import io.vigil.driver.hj212.Hj212FrameSplitter.Garbage;
import io.vigil.driver.hj212.Hj212FrameSplitter.Piece;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@link Hj212FrameSplitter} over arbitrary byte streams cut into arbitrary chunks:
 * what a data logger, a broken modem or a port scanner may send. Each try is bounded in time, so a
 * quadratic rescan or an endless loop fails the property instead of hanging the build.
 */
class Hj212FrameSplitterPropertiesTest {

    /** Far above what a linear splitter needs for the largest generated stream (~150 KB), even on a busy machine. */
    static final Duration PER_TRY = Duration.ofSeconds(2);

    @Provide
    Arbitrary<byte[]> frameLikeStreams() {
        return Hj212Arbitraries.frameLikeStream();
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        return Hj212Arbitraries.randomBytes();
    }

    @Provide
    Arbitrary<List<Integer>> chunkings() {
        return Hj212Arbitraries.chunking();
    }

    @Property(tries = 400)
    void neverThrowsNorOutgrowsItsBufferOnFrameLikeStreams(@ForAll("frameLikeStreams") byte[] stream,
                                                           @ForAll("chunkings") List<Integer> chunking) {
        assertTimeoutPreemptively(PER_TRY, () -> checkSplitting(stream, chunking));
    }

    @Property(tries = 100)
    void neverThrowsNorOutgrowsItsBufferOnRandomBytes(@ForAll("randomBytes") byte[] stream,
                                                      @ForAll("chunkings") List<Integer> chunking) {
        assertTimeoutPreemptively(PER_TRY, () -> checkSplitting(stream, chunking));
    }

    /**
     * Feeds the stream chunk by chunk, checking the buffer bound after every feed, then ends it; every
     * piece must be well-formed and all pieces together a subsequence of the stream in order.
     */
    private static void checkSplitting(byte[] stream, List<Integer> chunking) {
        Hj212FrameSplitter splitter = new Hj212FrameSplitter();
        List<Piece> pieces = new ArrayList<>();
        for (byte[] chunk : Hj212Arbitraries.cut(stream, chunking)) {
            pieces.addAll(splitter.feed(chunk));
            assertThat(splitter.buffered()).isBetween(0, Hj212FrameSplitter.MAX_FRAME_BYTES);
        }
        pieces.addAll(splitter.finish());
        assertThat(splitter.buffered()).isZero();
        pieces.forEach(Hj212FrameSplitterPropertiesTest::checkWellFormed);
        assertEmittedInStreamOrder(stream, pieces);
    }

    /** A frame is {@code ##}, 4 digits, the declared data bytes, 4 hex digits, no line break; garbage is non-empty and says why. */
    private static void checkWellFormed(Piece piece) {
        byte[] b = piece.bytes();
        assertThat(b.length).isBetween(1, Hj212FrameSplitter.MAX_FRAME_BYTES);
        if (piece instanceof FrameBytes) {
            String text = new String(b, StandardCharsets.ISO_8859_1);
            assertThat(text).matches("(?s)##\\d{4}.*[0-9A-Fa-f]{4}").doesNotContain("\r", "\n");
            assertThat(b.length).isEqualTo(2 + 4 + Integer.parseInt(text.substring(2, 6)) + 4);
            assertThat(Hj212Parser.indexOfHeader(b, 2, b.length - 4)).as("no second ## inside a frame").isEqualTo(-1);
        } else {
            assertThat(((Garbage) piece).reason()).isNotBlank();
        }
    }

    /** Every piece is a contiguous run of the stream, after the previous piece: nothing invented, reordered or repeated. */
    private static void assertEmittedInStreamOrder(byte[] stream, List<Piece> pieces) {
        int from = 0;
        for (Piece p : pieces) {
            byte[] b = p.bytes();
            int at = indexOf(stream, b, from);
            assertThat(at).as("piece %s found in the stream at or after byte %d", p, from).isGreaterThanOrEqualTo(0);
            from = at + b.length;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
