package io.vigil.driver.hj212;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One structurally valid HJ 212 frame (length and CRC already checked). Header values are strings
 * exactly as sent, {@code null} when the field was absent and {@code ""} when present but empty.
 * {@link #cpGroups()} is the lossless form of CP (groups split on {@code ;}, fields on {@code ,},
 * key and value on the first {@code =}, empty groups and fields left out); {@link #cp()} is the
 * flat view. Immutable.
 */
public record Hj212Frame(String qn, String st, String cn, String pw, String mn, String flag, String pnum, String pno,
                         List<List<CpField>> cpGroups, String dataSegment) {

    /** The data-segment limit of HJ 212-2017 §6.3.1; real devices exceed it, so it is a warning only. */
    public static final int STANDARD_MAX_DATA_BYTES = 1024;

    /** One {@code key=value} field of CP. */
    public record CpField(String key, String value) {
        public CpField {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Header fields of the data segment, with their names on the wire, in the standard's order. */
    public enum HeaderField {
        QN("QN"), ST("ST"), CN("CN"), PW("PW"), MN("MN"), FLAG("Flag"), PNUM("PNUM"), PNO("PNO");

        private final String wireName;

        HeaderField(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The field with this exact wire name, or {@code null}. */
        public static HeaderField ofWireName(String name) {
            for (HeaderField f : values()) {
                if (f.wireName.equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    public Hj212Frame {
        Objects.requireNonNull(dataSegment, "dataSegment");
        List<List<CpField>> groups = new ArrayList<>(cpGroups.size());
        for (List<CpField> g : cpGroups) {
            groups.add(List.copyOf(g));
        }
        cpGroups = Collections.unmodifiableList(groups);
    }

    /** The value of a header field as sent, or {@code null} when absent. */
    public String header(HeaderField field) {
        return switch (field) {
            case QN -> qn;
            case ST -> st;
            case CN -> cn;
            case PW -> pw;
            case MN -> mn;
            case FLAG -> flag;
            case PNUM -> pnum;
            case PNO -> pno;
        };
    }

    /** The header fields present, by wire name, in the standard's order. */
    public Map<String, String> header() {
        Map<String, String> header = new LinkedHashMap<>();
        for (HeaderField f : HeaderField.values()) {
            if (header(f) != null) {
                header.put(f.wireName(), header(f));
            }
        }
        return Collections.unmodifiableMap(header);
    }

    /** Flat view of CP: each key with all its values in frame order (repeated keys occur in CN 3020). */
    public Map<String, List<String>> cp() {
        Map<String, List<String>> flat = new LinkedHashMap<>();
        for (List<CpField> group : cpGroups) {
            for (CpField f : group) {
                flat.computeIfAbsent(f.key(), k -> new ArrayList<>(1)).add(f.value());
            }
        }
        flat.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(flat);
    }

    /** The first value of a CP key, or {@code null}. */
    public String cpValue(String key) {
        for (List<CpField> group : cpGroups) {
            for (CpField f : group) {
                if (f.key().equals(key)) {
                    return f.value();
                }
            }
        }
        return null;
    }

    /** Whether this is one packet of a split set (PNUM and PNO present). */
    public boolean isSplit() {
        return pnum != null;
    }

    /** Whether the data segment is longer than the standard's 1024 bytes (accepted, worth a warning). */
    public boolean exceedsStandardLength() {
        return dataSegment.getBytes(StandardCharsets.UTF_8).length > STANDARD_MAX_DATA_BYTES;
    }
}
