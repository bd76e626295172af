package io.vigil.driver.hj212;

import io.vigil.driver.hj212.Hj212Frame.CpField;
import io.vigil.driver.hj212.Hj212Frame.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one complete frame ({@code ##} + 4-digit length + data segment + 4-hex CRC, optionally
 * followed by CRLF) into an {@link Hj212Frame}. Checks, in order: the {@code ##} header, the length
 * field, the CRC field's shape, a second header inside the frame, the length, the CRC, then the
 * data segment's structure. Every failure is an {@link Hj212ParseResult.Invalid} whose reason names
 * the problem; nothing is thrown for bad input. Length and CRC are computed over the bytes as
 * received; field values are decoded as UTF-8. Stateless and thread-safe.
 */
public final class Hj212Parser {

    private static final String CP_OPEN = "CP=&&";
    private static final String CP_CLOSE = "&&";
    private static final int HEADER_AND_LENGTH = 6;
    private static final int CRC_CHARS = 4;

    private Hj212Parser() {
    }

    /** Parses a frame given as text (encoded as UTF-8 for the length and CRC checks). */
    public static Hj212ParseResult parse(String frameText) {
        return parse(frameText.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a frame given as the bytes received, with or without the trailing CRLF. */
    public static Hj212ParseResult parse(byte[] frameBytes) {
        int end = frameBytes.length;
        while (end > 0 && (frameBytes[end - 1] == '\n' || frameBytes[end - 1] == '\r')) {
            end--;
        }
        byte[] frame = Arrays.copyOf(frameBytes, end);
        String problem = framingProblem(frame);
        if (problem != null) {
            return invalid(problem, frame);
        }
        Hj212ParseResult result = parseDataSegment(text(frame, HEADER_AND_LENGTH, frame.length - CRC_CHARS));
        return result instanceof Hj212ParseResult.Invalid inv ? invalid(inv.reason(), frame) : result;
    }

    /**
     * Parses a data segment (the text between the length field and the CRC) without length or CRC
     * checks: {@code header fields;CP=&&...&&}.
     */
    public static Hj212ParseResult parseDataSegment(String data) {
        int cpStart = data.indexOf(CP_OPEN);
        if (cpStart < 0) {
            return new Hj212ParseResult.Invalid("missing CP=&&…&&", data);
        }
        if (cpStart > 0 && data.charAt(cpStart - 1) != ';') {
            return new Hj212ParseResult.Invalid("no ';' between the header and CP=&&", data);
        }
        if (!data.endsWith(CP_CLOSE) || data.length() < cpStart + CP_OPEN.length() + CP_CLOSE.length()) {
            return new Hj212ParseResult.Invalid("CP not closed: the data segment must end with &&", data);
        }
        Map<HeaderField, String> header = new EnumMap<>(HeaderField.class);
        String problem = parseHeader(data.substring(0, cpStart), header);
        if (problem == null) {
            problem = checkHeader(header);
        }
        List<List<CpField>> groups = new ArrayList<>();
        if (problem == null) {
            problem = parseCp(data.substring(cpStart + CP_OPEN.length(), data.length() - CP_CLOSE.length()), groups);
        }
        if (problem != null) {
            return new Hj212ParseResult.Invalid(problem, data);
        }
        return new Hj212ParseResult.Valid(new Hj212Frame(header.get(HeaderField.QN), header.get(HeaderField.ST),
                header.get(HeaderField.CN), header.get(HeaderField.PW), header.get(HeaderField.MN),
                header.get(HeaderField.FLAG), header.get(HeaderField.PNUM), header.get(HeaderField.PNO), groups, data));
    }

    /** What is wrong with the envelope ({@code ##}, length, CRC), or {@code null}. */
    private static String framingProblem(byte[] frame) {
        if (frame.length == 0) {
            return "empty frame";
        }
        if (frame.length < 2 || frame[0] != '#' || frame[1] != '#') {
            return "missing ## header: frame starts with \"" + text(frame, 0, Math.min(frame.length, 6)) + "\"";
        }
        int digits = 0;
        while (2 + digits < frame.length && isDigit(frame[2 + digits])) {
            digits++;
        }
        if (digits > 4) {
            return "length field has " + digits + " digits (\"" + text(frame, 2, 2 + digits)
                    + "\"): at most 4, a data segment of at most 9999 bytes";
        }
        if (digits < 4) {
            return "length field is not 4 decimal digits: \"" + text(frame, 2, Math.min(frame.length, 6)) + "\"";
        }
        if (frame.length < HEADER_AND_LENGTH + CRC_CHARS) {
            return "frame too short: " + frame.length + " bytes, no room for a data segment and a 4-digit CRC";
        }
        String crcField = text(frame, frame.length - CRC_CHARS, frame.length);
        if (!Hj212Crc.isHex(crcField)) {
            return "CRC field is not 4 hex digits: \"" + crcField + "\"";
        }
        int dataLength = frame.length - HEADER_AND_LENGTH - CRC_CHARS;
        int secondHeader = indexOfHeader(frame, HEADER_AND_LENGTH, frame.length - CRC_CHARS);
        if (secondHeader >= 0) {
            return "a second ## header at byte " + secondHeader + ": two frames without a line break between them?";
        }
        String lengthField = text(frame, 2, HEADER_AND_LENGTH);
        if (Integer.parseInt(lengthField) != dataLength) {
            return "length field says " + lengthField + " but data segment has " + dataLength + " bytes";
        }
        int computed = Hj212Crc.compute(frame, HEADER_AND_LENGTH, dataLength);
        if (!Hj212Crc.matches(crcField, computed)) {
            return "CRC mismatch: frame says " + crcField + ", computed " + Hj212Crc.toHex(computed);
        }
        return null;
    }

    private static String parseHeader(String headerText, Map<HeaderField, String> header) {
        for (String field : headerText.split(";", -1)) {
            if (field.isEmpty()) {
                continue;
            }
            int eq = field.indexOf('=');
            if (eq < 0) {
                return "header field without '=': \"" + field + "\"";
            }
            HeaderField key = HeaderField.ofWireName(field.substring(0, eq));
            // Unknown header keys stay in the raw data segment; the standard defines no others.
            if (key != null && header.put(key, field.substring(eq + 1)) != null) {
                return "header field " + key.wireName() + " appears twice";
            }
        }
        return null;
    }

    private static String checkHeader(Map<HeaderField, String> header) {
        for (HeaderField required : List.of(HeaderField.ST, HeaderField.CN)) {
            if (!header.containsKey(required)) {
                return "missing " + required.wireName() + " in the header";
            }
        }
        String pnum = header.get(HeaderField.PNUM);
        String pno = header.get(HeaderField.PNO);
        if ((pnum == null) != (pno == null)) {
            return pnum == null ? "PNO without PNUM" : "PNUM without PNO";
        }
        if (pnum != null) {
            if (packetNumber(pnum) < 1 || packetNumber(pno) < 1) {
                return "PNUM and PNO must be numbers 1..9999, were PNUM=" + pnum + " and PNO=" + pno;
            }
            if (packetNumber(pno) > packetNumber(pnum)) {
                return "PNO " + pno + " is greater than PNUM " + pnum;
            }
        }
        return null;
    }

    private static String parseCp(String cp, List<List<CpField>> groups) {
        for (String groupText : cp.split(";", -1)) {
            List<CpField> group = new ArrayList<>();
            for (String field : groupText.split(",", -1)) {
                if (field.isEmpty()) {
                    continue;
                }
                int eq = field.indexOf('=');
                if (eq < 0) {
                    return "CP field without '=': \"" + field + "\"";
                }
                if (eq == 0) {
                    return "CP field with an empty key: \"" + field + "\"";
                }
                group.add(new CpField(field.substring(0, eq), field.substring(eq + 1)));
            }
            if (!group.isEmpty()) {
                groups.add(group);
            }
        }
        return null;
    }

    /** Index of the first {@code ##} in {@code [from, to)}, or -1. */
    static int indexOfHeader(byte[] bytes, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (bytes[i] == '#' && bytes[i + 1] == '#') {
                return i;
            }
        }
        return -1;
    }

    /** PNUM or PNO as a number, or -1 when it is not 1 to 4 decimal digits. */
    static int packetNumber(String text) {
        boolean digits = !text.isEmpty() && text.length() <= 4 && text.chars().allMatch(Character::isDigit);
        return digits ? Integer.parseInt(text) : -1;
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    private static Hj212ParseResult invalid(String reason, byte[] frame) {
        return new Hj212ParseResult.Invalid(reason, text(frame, 0, frame.length));
    }
}
