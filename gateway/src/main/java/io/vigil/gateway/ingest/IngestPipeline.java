package io.vigil.gateway.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.driver.DecodeResult;
import io.vigil.driver.RawReading;
import io.vigil.driver.RejectReason;
import io.vigil.driver.hj212.Hj212CodeTable;
import io.vigil.driver.hj212.Hj212DeviceProfile;
import io.vigil.driver.hj212.Hj212Frame;
import io.vigil.driver.hj212.Hj212FrameSplitter;
import io.vigil.driver.hj212.Hj212ParseResult;
import io.vigil.driver.hj212.Hj212Parser;
import io.vigil.driver.hj212.Hj212Readings;
import io.vigil.driver.mqtt.TelemetryCodec;
import io.vigil.driver.mqtt.TelemetryTopic;
import io.vigil.gateway.journal.Journal;
import io.vigil.gateway.journal.JournalFullException;
import io.vigil.gateway.registry.Hj212Binding;
import io.vigil.gateway.registry.Registry;
import io.vigil.model.Reading;
import io.vigil.model.Unit;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final Hj212Readings hj212Readings = new Hj212Readings(Hj212CodeTable.standard());
    private final RateLimitedLog rejectLog = new RateLimitedLog(LOG, 60_000);
    private final Counter hj212Undeclared;
    private final Counter hj212UnknownCodes;
    private final Counter hj212Problems;

    public IngestPipeline(Registry registry, Journal journal, Clock clock, MeterRegistry meters) {
        this.registry = registry;
        this.journal = journal;
        this.clock = clock;
        this.hj212Undeclared = Counter.builder("vigil.hj212.undeclared.metrics")
                .description("HJ 212 values kept although the device declares no channel for them").register(meters);
        this.hj212UnknownCodes = Counter.builder("vigil.hj212.unknown.codes")
                .description("HJ 212 CP fields with a pollutant code missing from the code table (kept)").register(meters);
        this.hj212Problems = Counter.builder("vigil.hj212.field.problems")
                .description("HJ 212 CP fields that could not be used (e.g. not a number)").register(meters);
    }

    /** Handles one payload a device sent on a topic of the scheme (JSON telemetry or raw HJ 212 frames). */
    public CompletableFuture<IngestOutcome> handle(TelemetryTopic topic, byte[] payload, IngestMetrics metrics) {
        return switch (topic.kind()) {
            case TELEMETRY -> telemetry(topic.deviceId(), payload, metrics);
            case HJ212 -> hj212Payload(topic.deviceId(), payload, metrics);
        };
    }

    private CompletableFuture<IngestOutcome> telemetry(String deviceId, byte[] payload, IngestMetrics metrics) {
        Instant now = clock.instant();
        DecodeResult decoded = codec.decode(deviceId, payload, now);
        if (decoded instanceof DecodeResult.Invalid inv) {
            return rejected(deviceId, inv.reason(), inv.detail(), metrics);
        }
        List<Reading> readings = new ArrayList<>();
        for (RawReading raw : ((DecodeResult.Valid) decoded).readings()) {
            DecodeResult.Invalid inv = registry.normalize(raw, readings);
            if (inv != null) {
                return rejected(deviceId, inv.reason(), inv.detail(), metrics);
            }
        }
        return store(deviceId, readings, now, metrics);
    }

    /**
     * HJ 212 frames wrapped in MQTT: the payload holds one or more frames of the device's data logger
     * (its MN must be the device's). The MQTT connection authenticated the device, so PW is not checked.
     */
    private CompletableFuture<IngestOutcome> hj212Payload(String deviceId, byte[] payload, IngestMetrics metrics) {
        Hj212Binding binding = registry.hj212(deviceId).orElse(null);
        if (binding == null) {
            return rejected(deviceId, RejectReason.NOT_AUTHORIZED, "device has no hj212 binding (MN) registered", metrics);
        }
        Hj212FrameSplitter splitter = new Hj212FrameSplitter();
        List<Hj212FrameSplitter.Piece> pieces = new ArrayList<>(splitter.feed(payload));
        pieces.addAll(splitter.finish());
        if (pieces.isEmpty()) {
            return rejected(deviceId, RejectReason.MALFORMED, "no HJ 212 frame in the payload", metrics);
        }
        CompletableFuture<IngestOutcome> all = CompletableFuture.completedFuture(IngestOutcome.ACCEPTED_NONE);
        for (Hj212FrameSplitter.Piece piece : pieces) {
            CompletableFuture<IngestOutcome> one;
            if (piece instanceof Hj212FrameSplitter.Garbage g) {
                one = rejected(deviceId, RejectReason.MALFORMED, g.reason(), metrics);
            } else {
                one = frameOverMqtt(deviceId, binding, Hj212Parser.parse(piece.bytes()), metrics);
            }
            all = all.thenCombine(one, IngestPipeline::combine);
        }
        return all;
    }

    private CompletableFuture<IngestOutcome> frameOverMqtt(String deviceId, Hj212Binding binding, Hj212ParseResult parsed,
                                                           IngestMetrics metrics) {
        if (parsed instanceof Hj212ParseResult.Invalid inv) {
            return rejected(deviceId, RejectReason.MALFORMED, inv.reason(), metrics);
        }
        Hj212Frame frame = ((Hj212ParseResult.Valid) parsed).frame();
        if (!binding.mn().equals(frame.mn())) {
            return rejected(deviceId, RejectReason.NOT_AUTHORIZED, "frame MN '" + frame.mn() + "' is not the device's MN '" + binding.mn() + "'", metrics);
        }
        return hj212Frame(deviceId, binding, frame, metrics);
    }

    private static IngestOutcome combine(IngestOutcome a, IngestOutcome b) {
        if (!a.isAccepted()) {
            return a;
        }
        return b.isAccepted() ? IngestOutcome.accepted(a.readings() + b.readings()) : b;
    }

    /**
     * Journals the readings of a valid, authenticated HJ 212 frame of {@code deviceId}. A frame that
     * is not a data upload (heartbeat, notices) only marks the device as seen. Values of codes the
     * device does not declare are kept and counted; fields that are not numbers are counted and logged.
     */
    public CompletableFuture<IngestOutcome> hj212Frame(String deviceId, Hj212Binding binding, Hj212Frame frame, IngestMetrics metrics) {
        Instant now = clock.instant();
        Hj212DeviceProfile profile = new Hj212DeviceProfile(binding.zone(), binding.metrics(), Map.of());
        var converted = hj212Readings.convert(deviceId, frame, profile);
        if (converted.isEmpty()) {
            registry.markSeen(deviceId, now);
            return CompletableFuture.completedFuture(IngestOutcome.ACCEPTED_NONE);
        }
        Hj212Readings.Result result = converted.get();
        result.unknownCodes().values().forEach(hj212UnknownCodes::increment);
        if (!result.problems().isEmpty()) {
            hj212Problems.increment(result.problems().size());
            rejectLog.warn(deviceId + "/hj212-problem", "VIGIL-HJ212-002 device '{}' CN {}: {} unusable field(s), first: {} ({})", deviceId,
                    frame.cn(), result.problems().size(), result.problems().get(0).field(), result.problems().get(0).reason());
        }
        if (result.readings().isEmpty()) {
            return rejected(deviceId, RejectReason.MALFORMED, "CN " + frame.cn() + " frame without a usable value or DataTime", metrics);
        }
        Map<String, Unit> units = new HashMap<>();
        result.units().forEach((metric, text) -> Hj212CodeTable.toUnit(text).ifPresent(u -> units.put(metric, u)));
        List<Reading> readings = new ArrayList<>();
        List<String> undeclared = new ArrayList<>();
        for (RawReading raw : result.readings()) {
            DecodeResult.Invalid inv = registry.normalizeKeepingUndeclared(raw, units, readings, undeclared);
            if (inv != null) {
                return rejected(deviceId, inv.reason(), inv.detail(), metrics);
            }
        }
        if (!undeclared.isEmpty()) {
            hj212Undeclared.increment(undeclared.size());
            rejectLog.warn(deviceId + "/hj212-undeclared", "VIGIL-HJ212-003 device '{}' sent metrics it declares no channel for (kept): {}",
                    deviceId, undeclared);
        }
        return store(deviceId, readings, now, metrics);
    }

    private CompletableFuture<IngestOutcome> store(String deviceId, List<Reading> readings, Instant now, IngestMetrics metrics) {
        return journal.append(readings).handle((ok, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                String detail = cause instanceof JournalFullException ? cause.getMessage() : "journal write failed: " + cause.getMessage();
                return reject(deviceId, RejectReason.STORE_FAILED, detail, metrics);
            }
            registry.markSeen(deviceId, now);
            metrics.accepted(readings.size());
            return IngestOutcome.accepted(readings.size());
        });
    }

    private CompletableFuture<IngestOutcome> rejected(String deviceId, RejectReason reason, String detail, IngestMetrics metrics) {
        return CompletableFuture.completedFuture(reject(deviceId, reason, detail, metrics));
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
