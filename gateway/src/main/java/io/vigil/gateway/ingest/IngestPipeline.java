package io.vigil.gateway.ingest;

import io.vigil.driver.DecodeResult;
import io.vigil.driver.RawReading;
import io.vigil.driver.RejectReason;
import io.vigil.driver.mqtt.TelemetryCodec;
import io.vigil.driver.mqtt.TelemetryTopic;
import io.vigil.gateway.journal.Journal;
import io.vigil.gateway.journal.JournalFullException;
import io.vigil.gateway.registry.Registry;
import io.vigil.model.Reading;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path every southbound message takes: decode → normalize (registry) → append to the
 * durable journal → outcome. The returned future completes after the journal write, so the caller
 * acknowledges only durable data. Never throws; every refusal is counted and logged with its code.
 */
public final class IngestPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);

    private final Registry registry;
    private final Journal journal;
    private final Clock clock;
    private final TelemetryCodec codec = new TelemetryCodec();
    private final RateLimitedLog rejectLog = new RateLimitedLog(LOG, 60_000);

    public IngestPipeline(Registry registry, Journal journal, Clock clock) {
        this.registry = registry;
        this.journal = journal;
        this.clock = clock;
    }

    /** Handles one payload a device sent on a topic of the scheme. */
    public CompletableFuture<IngestOutcome> handle(TelemetryTopic topic, byte[] payload, IngestMetrics metrics) {
        Instant now = clock.instant();
        DecodeResult decoded = switch (topic.kind()) {
            case TELEMETRY -> codec.decode(topic.deviceId(), payload, now);
            case HJ212 -> DecodeResult.invalid(RejectReason.TOPIC_INVALID,
                    "HJ 212 frames over MQTT are not accepted by this gateway version; use devices/{id}/telemetry");
        };
        if (decoded instanceof DecodeResult.Invalid inv) {
            return CompletableFuture.completedFuture(reject(topic.deviceId(), inv.reason(), inv.detail(), metrics));
        }
        List<Reading> readings = new ArrayList<>();
        for (RawReading raw : ((DecodeResult.Valid) decoded).readings()) {
            DecodeResult.Invalid inv = registry.normalize(raw, readings);
            if (inv != null) {
                return CompletableFuture.completedFuture(reject(topic.deviceId(), inv.reason(), inv.detail(), metrics));
            }
        }
        return journal.append(readings).handle((ok, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                String detail = cause instanceof JournalFullException ? cause.getMessage() : "journal write failed: " + cause.getMessage();
                return reject(topic.deviceId(), RejectReason.STORE_FAILED, detail, metrics);
            }
            registry.markSeen(topic.deviceId(), now);
            metrics.accepted(readings.size());
            return IngestOutcome.accepted(readings.size());
        });
    }

    /** Counts and logs a refusal that happened outside the pipeline (authorization, topic). */
    public IngestOutcome reject(String deviceId, RejectReason reason, String detail, IngestMetrics metrics) {
        metrics.rejected(reason);
        logRefusal(deviceId, reason, detail, metrics);
        return IngestOutcome.rejected(reason, detail);
    }

    /** Logs a refusal (rate-limited per device and reason) without counting it as a refused message. */
    public void logRefusal(String deviceId, RejectReason reason, String detail, IngestMetrics metrics) {
        rejectLog.warn(deviceId + "/" + reason, "{} {} from device '{}' via {}: {}", reason.code(), reason.description(), deviceId,
                metrics.transport(), detail);
    }
}
