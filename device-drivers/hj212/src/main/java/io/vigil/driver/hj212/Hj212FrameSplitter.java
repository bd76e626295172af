package io.vigil.driver.hj212;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a byte stream (TCP reads, MQTT payloads, lines of a file) into HJ 212 frames. Fed with
 * arbitrary chunks, it emits, in stream order, each complete frame ({@code ##} through the CRC,
 * without CR/LF) as {@link FrameBytes} and everything else as {@link Garbage} with a reason.
 *
 * <p>Framing follows the 4-digit length field, so frames may arrive fragmented, concatenated with
 * CRLF, LF only or nothing in between. A frame never contains CR, LF or {@code ##} after its own
 * header: if one of them turns up before the declared end, the frame is cut short there and reported
 * as garbage, and framing resumes at that point; the same happens when the 4 bytes at the declared
 * end are not hex digits or the length field is not exactly 4 digits (a declared length above 9999).
 * Bytes before a {@code ##} are garbage up to the next CR, LF or {@code ##}; blank bytes between
 * frames are skipped silently. Length and CRC are not checked here ({@link Hj212Parser} does that).
 *
 * <p>Memory is bounded by {@link #MAX_FRAME_BYTES}: a run longer than that without a frame end is
 * reported as garbage and dropped up to the next line break or {@code ##}. One instance per
 * connection; not thread-safe.
 */
public final class Hj212FrameSplitter {

    /** The longest frame: {@code ##}, 4 length digits, 9999 data bytes, 4 CRC digits. Also the buffer bound. */
    public static final int MAX_FRAME_BYTES = 2 + 4 + 9999 + 4;

    private static final int LENGTH_END = 6;
    private static final int CRC_CHARS = 4;
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /** One piece of the stream: a frame or garbage. */
    public sealed interface Piece permits FrameBytes, Garbage {
        /** The bytes of this piece, as received. */
        byte[] bytes();

        /** The bytes decoded as UTF-8. */
        default String text() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }
    }

    /** A frame from {@code ##} through the 4-digit CRC, not yet checked for length and CRC. */
    public record FrameBytes(byte[] bytes) implements Piece {
        public FrameBytes {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return "FrameBytes[" + text() + "]";
        }
    }

    /** Bytes that are not a frame, with the reason. */
    public record Garbage(byte[] bytes, String reason) implements Piece {
        public Garbage {
            bytes = bytes.clone();
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return "Garbage[" + reason + ": " + text() + "]";
        }
    }

    private byte[] buf = new byte[512];
    private int len;
    /** Positions {@code [1, scanned)} of the buffer hold no CR, LF or start of {@code ##}. */
    private int scanned;
    /** Dropping the rest of an over-long rejected run, up to the next line break or {@code ##}. */
    private boolean discarding;

    /** Feeds one chunk; returns the pieces it completed, in order. */
    public List<Piece> feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    /** Feeds {@code length} bytes of {@code chunk} from {@code offset}; returns the pieces completed. */
    public List<Piece> feed(byte[] chunk, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, chunk.length);
        List<Piece> out = new ArrayList<>();
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            int n = Math.min(end - pos, MAX_FRAME_BYTES - len);
            append(chunk, pos, n);
            pos += n;
            drain(out, false);
        }
        return out;
    }

    /** Ends the stream: whatever is still buffered comes out as garbage (an incomplete frame). */
    public List<Piece> finish() {
        List<Piece> out = new ArrayList<>();
        drain(out, true);
        return out;
    }

    /** Bytes held while waiting for the rest of a frame. */
    public int buffered() {
        return len;
    }

    private void drain(List<Piece> out, boolean endOfStream) {
        while (step(out, endOfStream)) {
            // each step consumes bytes or changes state; stops when it must wait for more input
        }
    }

    private boolean step(List<Piece> out, boolean endOfStream) {
        if (len == 0) {
            return false;
        }
        if (discarding) {
            return discard(endOfStream);
        }
        int blank = 0;
        while (blank < len && isBlank(buf[blank])) {
            blank++;
        }
        if (blank > 0) {
            consume(blank);
            return true;
        }
        if (len == 1 && buf[0] == '#' && !endOfStream) {
            return false;
        }
        if (startsWithHeader()) {
            return frame(out, endOfStream);
        }
        return reject(out, endOfStream, nextBoundary(len), "not a frame: no ## header");
    }

    /** The buffer starts with {@code ##}: emit a frame, reject a broken one, or wait. */
    private boolean frame(List<Piece> out, boolean endOfStream) {
        for (int i = 2; i < Math.min(len, LENGTH_END + 1); i++) {
            if (i < LENGTH_END && !Hj212Parser.isDigit(buf[i])) {
                return reject(out, endOfStream, nextBoundary(len),
                        "length field is not 4 decimal digits: \"" + ascii(2, Math.min(len, LENGTH_END)) + "\"");
            }
            if (i == LENGTH_END && Hj212Parser.isDigit(buf[i])) {
                return reject(out, endOfStream, nextBoundary(len),
                        "length field has more than 4 digits: \"" + ascii(2, LENGTH_END + 1) + "…\" (at most 9999 data bytes)");
            }
        }
        if (len <= LENGTH_END) {
            return endOfStream && reject(out, true, -1, "incomplete frame at end of input");
        }
        String lengthField = ascii(2, LENGTH_END);
        int frameEnd = LENGTH_END + Integer.parseInt(lengthField) + CRC_CHARS;
        int cut = nextBoundary(frameEnd);
        if (cut >= 0) {
            return reject(out, endOfStream, cut, "frame cut short: " + (buf[cut] == '#' ? "a new ## header" : "a line break")
                    + " " + (cut - LENGTH_END) + " bytes after the length field " + lengthField + ", which declares "
                    + Integer.parseInt(lengthField) + " data bytes + 4 CRC digits");
        }
        if (len < frameEnd) {
            return endOfStream && reject(out, true, -1,
                    "incomplete frame at end of input: " + len + " of " + frameEnd + " bytes");
        }
        String crc = ascii(frameEnd - CRC_CHARS, frameEnd);
        if (!Hj212Crc.isHex(crc)) {
            return reject(out, endOfStream, nextBoundary(len), "no CRC where the length field " + lengthField
                    + " puts the end of the frame: \"" + crc + "\" is not 4 hex digits");
        }
        out.add(new FrameBytes(Arrays.copyOf(buf, frameEnd)));
        consume(frameEnd);
        return true;
    }

    /**
     * Reports the bytes up to {@code boundary} as garbage. Without a boundary it waits for one,
     * unless the stream ended or the buffer is full; then it reports what it has (and, when full,
     * drops the rest of the run).
     */
    private boolean reject(List<Piece> out, boolean endOfStream, int boundary, String reason) {
        if (boundary >= 0) {
            out.add(new Garbage(Arrays.copyOf(buf, boundary), reason));
            consume(boundary);
            return true;
        }
        if (endOfStream) {
            out.add(new Garbage(Arrays.copyOf(buf, len), reason));
            consume(len);
            return true;
        }
        if (len < MAX_FRAME_BYTES) {
            return false;
        }
        int keep = buf[len - 1] == '#' ? 1 : 0;
        out.add(new Garbage(Arrays.copyOf(buf, len - keep),
                reason + "; more than " + MAX_FRAME_BYTES + " bytes without a line break, dropping the rest up to the next one"));
        consume(len - keep);
        discarding = true;
        return true;
    }

    private boolean discard(boolean endOfStream) {
        int boundary = isLineBreak(buf[0]) || startsWithHeader() ? 0 : nextBoundary(len);
        if (boundary >= 0 || endOfStream) {
            consume(boundary >= 0 ? boundary : len);
            discarding = false;
            return true;
        }
        int keep = buf[len - 1] == '#' ? 1 : 0;
        if (len == keep) {
            return false;
        }
        consume(len - keep);
        return true;
    }

    /**
     * The first position in {@code [1, min(len, limit))} holding CR, LF or the start of {@code ##},
     * or -1 when there is none yet (including a {@code #} whose next byte has not arrived).
     */
    private int nextBoundary(int limit) {
        int i = Math.max(1, scanned);
        int stop = Math.min(len, limit);
        for (; i < stop; i++) {
            if (isLineBreak(buf[i])) {
                scanned = i;
                return i;
            }
            if (buf[i] == '#') {
                if (i + 1 >= len) {
                    break;
                }
                if (buf[i + 1] == '#') {
                    scanned = i;
                    return i;
                }
            }
        }
        scanned = i;
        return -1;
    }

    private boolean startsWithHeader() {
        return len >= 2 && buf[0] == '#' && buf[1] == '#';
    }

    private void append(byte[] chunk, int offset, int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(MAX_FRAME_BYTES, Math.max(buf.length * 2, len + n)));
        }
        System.arraycopy(chunk, offset, buf, len, n);
        len += n;
    }

    private void consume(int n) {
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
        scanned = 0;
    }

    private String ascii(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    private static boolean isLineBreak(byte b) {
        return b == CR || b == LF;
    }

    private static boolean isBlank(byte b) {
        return b == CR || b == LF || b == ' ' || b == '\t';
    }
}
