package io.vigil.driver.hj212;

import java.util.Objects;

/** The outcome of parsing one frame: the frame, or a reason naming what is wrong. Never thrown. */
public sealed interface Hj212ParseResult {

    /** A frame whose header, length, CRC and CP structure are all valid. */
    record Valid(Hj212Frame frame) implements Hj212ParseResult {
        public Valid {
            Objects.requireNonNull(frame, "frame");
        }
    }

    /** A refused frame: {@code reason} says what is wrong, {@code frame} is the text as received. */
    record Invalid(String reason, String frame) implements Hj212ParseResult {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(frame, "frame");
        }
    }
}
