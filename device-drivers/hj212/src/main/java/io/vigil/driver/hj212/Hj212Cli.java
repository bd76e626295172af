package io.vigil.driver.hj212;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * The logic of {@code vigil hj212 decode} and {@code vigil hj212 encode}, without the process
 * around it: streams in, text out, exit codes returned. Stateless; each call stands alone.
 */
public final class Hj212Cli {

    /** Exit code when every piece of input was a valid frame. */
    public static final int OK = 0;
    /** Exit code when some input was not a valid frame, or there was no frame at all. */
    public static final int INVALID_INPUT = 1;

    private static final int READ_CHUNK = 8192;

    /**
     * Reads frames from {@code in}, one per line (LF or CRLF) or as a raw stream, and writes one
     * JSON object per frame or per run of garbage to {@code out}, flushing after each line.
     *
     * @return {@link #OK} if at least one frame came in and everything was a valid frame, else
     *         {@link #INVALID_INPUT}
     * @throws IOException only when reading {@code in} or writing {@code out} fails
     */
    public int decode(InputStream in, Writer out) throws IOException {
        Hj212FrameSplitter splitter = new Hj212FrameSplitter();
        Tally tally = new Tally();
        byte[] chunk = new byte[READ_CHUNK];
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            write(splitter.feed(chunk, 0, n), out, tally);
        }
        write(splitter.finish(), out, tally);
        return tally.valid > 0 && tally.invalid == 0 ? OK : INVALID_INPUT;
    }

    /**
     * Builds a frame from header fields (wire names such as {@code QN}, {@code ST}, {@code CN},
     * {@code PW}, {@code MN}, {@code Flag}, in the order given) and the CP text, with the length
     * field and CRC filled in; the result has no trailing CRLF.
     *
     * @throws IllegalArgumentException if the fields would not make a well-formed frame
     */
    public String encode(Map<String, String> headerFields, String cp) {
        return Hj212Encoder.frame(Hj212Encoder.dataSegment(headerFields, cp)).stripTrailing();
    }

    private static final class Tally {
        int valid;
        int invalid;
    }

    private static void write(List<Hj212FrameSplitter.Piece> pieces, Writer out, Tally tally) throws IOException {
        for (Hj212FrameSplitter.Piece piece : pieces) {
            out.write(json(piece, tally));
            out.write('\n');
            out.flush();
        }
    }

    private static String json(Hj212FrameSplitter.Piece piece, Tally tally) {
        if (piece instanceof Hj212FrameSplitter.Garbage garbage) {
            tally.invalid++;
            return Hj212Json.error(garbage.reason(), garbage.text());
        }
        Hj212ParseResult result = Hj212Parser.parse(piece.bytes());
        if (result instanceof Hj212ParseResult.Valid valid) {
            tally.valid++;
            return Hj212Json.frame(valid.frame());
        }
        Hj212ParseResult.Invalid invalid = (Hj212ParseResult.Invalid) result;
        tally.invalid++;
        return Hj212Json.error(invalid.reason(), invalid.frame());
    }
}
