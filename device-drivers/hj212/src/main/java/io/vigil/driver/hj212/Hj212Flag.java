package io.vigil.driver.hj212;

import java.util.Optional;

/**
 * The header field {@code Flag} (拆分包及应答标志) of HJ 212-2017, table 3: one byte written in
 * decimal, bits {@code V5 V4 V3 V2 V1 V0 D A} from the most significant.
 * <ul>
 *   <li>bit 0, {@code A}: 1 = the sender asks for an answer (the platform replies 9014 to data);</li>
 *   <li>bit 1, {@code D}: 1 = the packet carries {@code PNUM} and {@code PNO} (split packet);</li>
 *   <li>bits 2..7, {@code V5..V0}: protocol version, {@code 000000} = HJ/T 212-2005,
 *       {@code 000001} = HJ 212-2017. Devices also send {@code 000010} (Flag 8 and 9); the 2017
 *       text does not define it, so it is reported as version 2 and the A and D bits keep their
 *       meaning.</li>
 * </ul>
 * So Flag=4 is "2017, no answer", Flag=5 "2017, answer requested", Flag=7 "2017, split, answer".
 * Real frames set D without sending PNUM/PNO and send PNUM/PNO without any Flag, so the packet
 * assembler goes by the presence of PNUM/PNO, not by D. Immutable.
 */
public record Hj212Flag(int value) {

    /** Version bits of HJ/T 212-2005. */
    public static final int VERSION_2005 = 0;
    /** Version bits of HJ 212-2017. */
    public static final int VERSION_2017 = 1;

    private static final int ACKNOWLEDGE = 0b01;
    private static final int SPLIT = 0b10;

    public Hj212Flag {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("Flag must be 0..255, was " + value);
        }
    }

    /** Parses the field as sent; empty when it is absent, empty or not a number in 0..255. */
    public static Optional<Hj212Flag> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 3 || !text.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int v = Integer.parseInt(text);
        return v <= 0xFF ? Optional.of(new Hj212Flag(v)) : Optional.empty();
    }

    /** Builds a flag from its parts. */
    public static Hj212Flag of(int version, boolean split, boolean acknowledgementRequested) {
        if (version < 0 || version > 0b111111) {
            throw new IllegalArgumentException("version must be 0..63, was " + version);
        }
        return new Hj212Flag(version << 2 | (split ? SPLIT : 0) | (acknowledgementRequested ? ACKNOWLEDGE : 0));
    }

    /** Bit A: the sender expects an answer. */
    public boolean acknowledgementRequested() {
        return (value & ACKNOWLEDGE) != 0;
    }

    /** Bit D: the packet is one of a split set and carries PNUM/PNO. */
    public boolean split() {
        return (value & SPLIT) != 0;
    }

    /** Bits V5..V0: {@link #VERSION_2005}, {@link #VERSION_2017} or an undefined later value. */
    public int version() {
        return value >> 2;
    }

    /** The same version with the A and D bits cleared: the flag an answer carries. */
    public Hj212Flag forAnswer() {
        return of(version(), false, false);
    }

    /** The field as written in a frame. */
    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
