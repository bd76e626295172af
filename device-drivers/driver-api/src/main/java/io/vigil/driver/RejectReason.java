package io.vigil.driver;

/** Why an incoming message was refused. Each reason has its own counter and log code. */
public enum RejectReason {
    MALFORMED("VIGIL-INGEST-001", "malformed payload"),
    NOT_A_NUMBER("VIGIL-INGEST-002", "value is not a finite number"),
    UNKNOWN_METRIC("VIGIL-INGEST-003", "metric not declared for the device"),
    FUTURE_TIMESTAMP("VIGIL-INGEST-004", "timestamp too far in the future"),
    TOO_LARGE("VIGIL-INGEST-005", "payload too large"),
    UNKNOWN_DEVICE("VIGIL-INGEST-006", "unknown device"),
    NOT_AUTHORIZED("VIGIL-INGEST-007", "not authorized"),
    TOPIC_INVALID("VIGIL-INGEST-008", "topic not in the telemetry scheme"),
    STORE_FAILED("VIGIL-INGEST-009", "could not be stored durably");

    private final String code;
    private final String description;

    RejectReason(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** Stable code for logs and documentation. */
    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** Lower-case name used as a metric tag. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
