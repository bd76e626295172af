package io.vigil.driver;

import java.util.List;
import java.util.Objects;

/** The outcome of decoding one message: readings, or the reason it was refused. Never thrown. */
public sealed interface DecodeResult {

    /** A message that decoded into readings. */
    record Valid(List<RawReading> readings) implements DecodeResult {
        public Valid {
            readings = List.copyOf(readings);
        }
    }

    /** A message that was refused, with the reason and a human-readable detail. */
    record Invalid(RejectReason reason, String detail) implements DecodeResult {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    static DecodeResult valid(List<RawReading> readings) {
        return new Valid(readings);
    }

    static DecodeResult invalid(RejectReason reason, String detail) {
        return new Invalid(reason, detail);
    }
}
