package io.vigil.gateway.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.driver.RejectReason;
import java.util.EnumMap;
import java.util.Map;

/** Ingest counters per transport: accepted messages and readings, refusals per reason, auth failures. */
public final class IngestMetrics {
    private final MeterRegistry meters;
    private final String transport;
    private final Counter messages;
    private final Counter readings;
    private final Counter authFailures;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);

    public IngestMetrics(MeterRegistry meters, String transport) {
        this.meters = meters;
        this.transport = transport;
        this.messages = Counter.builder("vigil.ingest.messages").description("Messages accepted and journaled")
                .tag("transport", transport).register(meters);
        this.readings = Counter.builder("vigil.ingest.readings").description("Readings accepted and journaled")
                .tag("transport", transport).register(meters);
        this.authFailures = Counter.builder("vigil.ingest.auth.failures").description("Connections refused: unknown device or wrong password")
                .tag("transport", transport).register(meters);
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, Counter.builder("vigil.ingest.rejected").description("Messages refused, by reason")
                    .tag("transport", transport).tag("reason", r.tag()).register(meters));
        }
    }

    public String transport() {
        return transport;
    }

    public void accepted(int readingCount) {
        messages.increment();
        readings.increment(readingCount);
    }

    public void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    public void authFailed() {
        authFailures.increment();
    }

    public long acceptedMessages() {
        return (long) messages.count();
    }

    public long acceptedReadings() {
        return (long) readings.count();
    }

    public long authFailures() {
        return (long) authFailures.count();
    }

    /** Refusal counts by reason tag, for the status API. */
    public Map<String, Long> rejectedByReason() {
        Map<String, Long> out = new java.util.TreeMap<>();
        rejected.forEach((r, c) -> out.put(r.tag(), (long) c.count()));
        return out;
    }

    MeterRegistry meters() {
        return meters;
    }
}
