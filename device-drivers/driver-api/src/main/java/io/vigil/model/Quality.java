package io.vigil.model;

import java.util.Optional;

/** Quality flag of one measured value; codes follow the HJ 212-2017 data flags. */
public enum Quality {
    NORMAL("N"),
    STOPPED("F"),
    MAINTENANCE("M"),
    MANUAL("S"),
    FAULT("D"),
    CALIBRATION("C"),
    OVER_RANGE("T"),
    COMMUNICATION_LOST("B");

    private final String code;

    Quality(String code) {
        this.code = code;
    }

    /** The one-letter HJ 212 flag. */
    public String code() {
        return code;
    }

    /** Whether the value may be used for compliance judgements. */
    public boolean isValid() {
        return this == NORMAL;
    }

    /** Looks up a quality by its HJ 212 flag or by its name, case-insensitively. */
    public static Optional<Quality> parse(String text) {
        for (Quality q : values()) {
            if (q.code.equalsIgnoreCase(text) || q.name().equalsIgnoreCase(text)) {
                return Optional.of(q);
            }
        }
        return Optional.empty();
    }
}
