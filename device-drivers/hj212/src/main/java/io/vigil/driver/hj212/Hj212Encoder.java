package io.vigil.driver.hj212;

import io.vigil.driver.hj212.Hj212Frame.CpField;
import io.vigil.driver.hj212.Hj212Frame.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Builds HJ 212 frames: {@code ##}, the 4-digit byte length of the data segment, the data segment,
 * its CRC as 4 upper-case hex digits, CRLF. Also builds the platform's answers of HJ 212-2017
 * (system interaction, ST=91): 9011 request answer, 9012 execution result and 9014 data
 * answer; an answer echoes the request's QN, PW and MN and carries the request's protocol version
 * in Flag with the A and D bits cleared. Stateless and thread-safe.
 */
public final class Hj212Encoder {

    /** System code of system-interaction frames (answers). */
    public static final String ST_SYSTEM = "91";
    /** Largest data segment the 4-digit length field can declare. */
    public static final int MAX_DATA_BYTES = 9999;

    /** {@code QnRtn} values of the 9011 request answer (HJ 212-2017). */
    public enum QnRtn {
        READY(1), REJECTED(2), WRONG_PASSWORD(3), WRONG_MN(4), WRONG_ST(5), WRONG_FLAG(6), WRONG_QN(7), WRONG_CN(8),
        WRONG_CRC(9), UNKNOWN_ERROR(100);

        private final int code;

        QnRtn(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** {@code ExeRtn} values of the 9012 execution result (HJ 212-2017). */
    public enum ExeRtn {
        SUCCESS(1), FAILED(2), CONDITION_ERROR(3), COMMUNICATION_TIMEOUT(4), SYSTEM_BUSY(5), SYSTEM_FAULT(6),
        NO_DATA(100);

        private final int code;

        ExeRtn(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private Hj212Encoder() {
    }

    /**
     * The complete frame for a data segment, ending with CRLF.
     *
     * @throws IllegalArgumentException if the data segment is longer than 9999 bytes or contains CR or LF
     */
    public static String frame(String dataSegment) {
        byte[] data = dataSegment.getBytes(StandardCharsets.UTF_8);
        if (data.length > MAX_DATA_BYTES) {
            throw new IllegalArgumentException("data segment is " + data.length + " bytes, at most " + MAX_DATA_BYTES + " fit the length field");
        }
        if (dataSegment.indexOf('\r') >= 0 || dataSegment.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("data segment must not contain CR or LF");
        }
        return "##" + String.format(Locale.ROOT, "%04d", data.length) + dataSegment + Hj212Crc.toHex(Hj212Crc.compute(data)) + "\r\n";
    }

    /**
     * A data segment from header fields (wire name to value, in the order given, {@code null}
     * values left out) and the CP text: {@code QN=…;ST=…;…;CP=&&cp&&}.
     *
     * @throws IllegalArgumentException if a header name or value would break the structure
     */
    public static String dataSegment(Map<String, String> header, String cp) {
        Objects.requireNonNull(cp, "cp");
        StringBuilder b = new StringBuilder(64 + cp.length());
        header.forEach((name, value) -> {
            if (value == null) {
                return;
            }
            if (name.isEmpty() || name.contains("=") || name.contains(";") || value.contains(";") || value.contains("CP=&&")) {
                throw new IllegalArgumentException("header field '" + name + "' = '" + value + "' would break the frame structure");
            }
            b.append(name).append('=').append(value).append(';');
        });
        return b.append("CP=&&").append(cp).append("&&").toString();
    }

    /** CP text from groups: groups joined by {@code ;}, fields by {@code ,}. */
    public static String cp(List<List<CpField>> groups) {
        StringJoiner cp = new StringJoiner(";");
        for (List<CpField> group : groups) {
            StringJoiner g = new StringJoiner(",");
            group.forEach(f -> g.add(f.key() + "=" + f.value()));
            cp.add(g.toString());
        }
        return cp.toString();
    }

    /** 9011: the answer to a platform-bound request, {@code CP=&&QnRtn=n&&}. */
    public static String requestAnswer(Hj212Frame request, QnRtn rtn) {
        return answer(request, "9011", "QnRtn=" + rtn.code());
    }

    /** 9012: the result of executing a request, {@code CP=&&ExeRtn=n&&}. */
    public static String executionResult(Hj212Frame request, ExeRtn rtn) {
        return answer(request, "9012", "ExeRtn=" + rtn.code());
    }

    /**
     * A complete frame (ending with CRLF) from the usual header fields, in the standard's order;
     * a null field is left out.
     */
    public static String frame(String qn, String st, String cn, String pw, String mn, String flag, String cp) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put(HeaderField.QN.wireName(), qn);
        header.put(HeaderField.ST.wireName(), st);
        header.put(HeaderField.CN.wireName(), cn);
        header.put(HeaderField.PW.wireName(), pw);
        header.put(HeaderField.MN.wireName(), mn);
        header.put(HeaderField.FLAG.wireName(), flag);
        return frame(dataSegment(header, cp));
    }

    /** 9014: the answer to uploaded data, with an empty CP. */
    public static String dataAnswer(Hj212Frame data) {
        return answer(data, "9014", "");
    }

    /**
     * The 9014 data answer when {@code incoming} asks for one (Flag bit A set); never for an
     * answer itself (CN 9xxx), so two gateways cannot acknowledge each other forever.
     */
    public static Optional<String> acknowledgementFor(Hj212Frame incoming) {
        boolean requested = Hj212Flag.parse(incoming.flag()).map(Hj212Flag::acknowledgementRequested).orElse(false);
        boolean isAnswer = incoming.cn() != null && incoming.cn().startsWith("9");
        return requested && !isAnswer ? Optional.of(dataAnswer(incoming)) : Optional.empty();
    }

    private static String answer(Hj212Frame request, String cn, String cp) {
        return frame(request.qn(), ST_SYSTEM, cn, request.pw(), request.mn(),
                Hj212Flag.parse(request.flag()).map(f -> f.forAnswer().toString()).orElse(null), cp);
    }
}
