package io.vigil.gateway.ingest;

import io.vigil.driver.RejectReason;

/** What became of one incoming message: accepted (durably journaled) or refused with a reason. */
public record IngestOutcome(RejectReason reason, String detail, int readings) {
    public static final IngestOutcome ACCEPTED_NONE = new IngestOutcome(null, null, 0);

    public static IngestOutcome accepted(int readings) {
        return new IngestOutcome(null, null, readings);
    }

    public static IngestOutcome rejected(RejectReason reason, String detail) {
        return new IngestOutcome(reason, detail, 0);
    }

    public boolean isAccepted() {
        return reason == null;
    }

    /** Whether the refusal is temporary (the store), so the device should send the message again. */
    public boolean isRetryable() {
        return reason == RejectReason.STORE_FAILED;
    }
}
