package io.vigil.gateway.ingest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vigil.config.VigilConfig;
import io.vigil.driver.RejectReason;
import io.vigil.driver.hj212.Hj212Encoder;
import io.vigil.driver.hj212.Hj212Frame;
import io.vigil.driver.hj212.Hj212FrameSplitter;
import io.vigil.driver.hj212.Hj212PacketAssembler;
import io.vigil.driver.hj212.Hj212ParseResult;
import io.vigil.driver.hj212.Hj212Parser;
import io.vigil.gateway.registry.DeviceRecord;
import io.vigil.gateway.registry.Registry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HJ 212-2017 TCP server data loggers connect to. Per connection, frames are taken in order:
 * split from the byte stream (resynchronising after garbage), parsed, the MN looked up and the access
 * password checked, split packets reassembled, readings journaled, and only then the answer the
 * frame asked for (9014) written back. Unknown MN or wrong PW: refused, counted, answered with 9011
 * when an answer was asked for, and the connection closed after {@code hj212.maxAuthFailures}.
 */
public final class Hj212Server extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Hj212Server.class);
    private static final java.time.format.DateTimeFormatter DATA_TIME = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final java.time.format.DateTimeFormatter QN = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

    private final VigilConfig.Hj212 config;
    private final Registry registry;
    private final IngestPipeline pipeline;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final Map<String, ConnectionState> stateByDevice = new ConcurrentHashMap<>();
    private final Map<NetSocket, Boolean> open = new ConcurrentHashMap<>();
    private NetServer server;

    public Hj212Server(VigilConfig.Hj212 config, Registry registry, IngestPipeline pipeline, IngestMetrics metrics, Clock clock) {
        this.config = config;
        this.registry = registry;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.clock = clock;
        metrics.meters().gauge("vigil.hj212.connections", open, Map::size);
    }

    @Override
    public Future<?> start() {
        NetServerOptions options = new NetServerOptions().setHost(config.host()).setPort(config.port())
                .setIdleTimeout((int) config.idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS).setTcpNoDelay(true);
        server = vertx.createNetServer(options).connectHandler(socket -> new Connection(socket, vertx.getOrCreateContext()));
        return server.listen().onSuccess(s -> LOG.info("HJ 212 server listening on {}:{}", config.host(), s.actualPort()));
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    public int actualPort() {
        return server.actualPort();
    }

    /** Connection state of a device's data logger for the device API, if it ever connected since start. */
    public Optional<JsonObject> connection(String deviceId) {
        return Optional.ofNullable(stateByDevice.get(deviceId)).map(ConnectionState::toJson);
    }

    /** What the API shows of a data logger's connection. */
    private static final class ConnectionState {
        volatile String remote;
        volatile boolean connected;
        volatile Instant since;
        volatile Instant lastFrameAt;
        volatile String lastFrameCn;
        volatile String lastFrameQn;
        volatile long frames;
        volatile Long clockOffsetSeconds;
        volatile Instant clockSetAt;

        JsonObject toJson() {
            return new JsonObject().put("connected", connected).put("remote", remote).put("since", String.valueOf(since))
                    .put("frames", frames).put("lastFrameAt", lastFrameAt == null ? null : lastFrameAt.toString())
                    .put("lastFrameCn", lastFrameCn).put("lastFrameQn", lastFrameQn)
                    .put("clockOffsetSeconds", clockOffsetSeconds).put("clockSetAt", clockSetAt == null ? null : clockSetAt.toString());
        }
    }

    /** One data logger connection; everything runs on its event loop, frames strictly one after another. */
    private final class Connection {
        private final NetSocket socket;
        private final Context context;
        private final Hj212FrameSplitter splitter = new Hj212FrameSplitter();
        private final Hj212PacketAssembler assembler = new Hj212PacketAssembler();
        private final ArrayDeque<Hj212FrameSplitter.Piece> queue = new ArrayDeque<>();
        private boolean busy;
        private boolean closeAfterReply;
        private boolean clockAsked;
        private int authFailures;
        private String authenticatedMn;
        private String authenticatedPw;
        private ConnectionState state;

        Connection(NetSocket socket, Context context) {
            this.socket = socket;
            this.context = context;
            open.put(socket, Boolean.TRUE);
            socket.handler(this::onData);
            socket.closeHandler(v -> {
                open.remove(socket);
                if (state != null) {
                    state.connected = false;
                }
            });
            socket.exceptionHandler(e -> LOG.debug("HJ 212 connection {}: {}", socket.remoteAddress(), e.getMessage()));
        }

        private void onData(Buffer data) {
            queue.addAll(splitter.feed(data.getBytes()));
            next();
        }

        private void next() {
            while (!busy && !queue.isEmpty()) {
                Hj212FrameSplitter.Piece piece = queue.poll();
                if (piece instanceof Hj212FrameSplitter.Garbage g) {
                    pipeline.reject(peer(), RejectReason.MALFORMED, g.reason(), metrics);
                    continue;
                }
                Hj212ParseResult parsed = Hj212Parser.parse(piece.bytes());
                if (parsed instanceof Hj212ParseResult.Invalid inv) {
                    pipeline.reject(peer(), RejectReason.MALFORMED, inv.reason() + " in " + abbreviate(inv.frame()), metrics);
                    continue;
                }
                busy = true;
                handle(((Hj212ParseResult.Valid) parsed).frame()).whenComplete((reply, failure) -> context.runOnContext(v -> {
                    if (reply != null && !reply.isEmpty()) {
                        socket.write(reply);
                    }
                    if (failure != null) {
                        LOG.error("VIGIL-HJ212-004 handling a frame from {} failed", peer(), failure);
                    }
                    busy = false;
                    if (closeAfterReply) {
                        queue.clear();
                        socket.close();
                        return;
                    }
                    next();
                }));
            }
        }

        /** Handles one frame; completes with the text to write back ("" for none) once the data is durable. */
        private CompletableFuture<String> handle(Hj212Frame frame) {
            Optional<DeviceRecord> device = registry.deviceByMn(frame.mn());
            if (device.isEmpty()) {
                return CompletableFuture.completedFuture(refuse(frame, RejectReason.UNKNOWN_DEVICE, "no device registered with MN '" + frame.mn() + "'",
                        Hj212Encoder.QnRtn.WRONG_MN));
            }
            DeviceRecord rec = device.get();
            if (frame.mn().equals(authenticatedMn) && frame.pw() != null && frame.pw().equals(authenticatedPw)) {
                return accepted(rec, frame);
            }
            String pw = frame.pw();
            return vertx.executeBlocking(() -> registry.authenticateHj212(frame.mn(), pw), false).toCompletionStage().toCompletableFuture()
                    .thenCompose(ok -> {
                        if (!ok) {
                            return CompletableFuture.completedFuture(refuse(frame, RejectReason.NOT_AUTHORIZED,
                                    "wrong access password (PW) for MN '" + frame.mn() + "'", Hj212Encoder.QnRtn.WRONG_PASSWORD));
                        }
                        authenticatedMn = frame.mn();
                        authenticatedPw = pw;
                        return accepted(rec, frame);
                    });
        }

        private CompletableFuture<String> accepted(DeviceRecord rec, Hj212Frame packet) {
            String deviceId = rec.device().id();
            Instant now = clock.instant();
            track(deviceId, packet, now);
            if ("1011".equals(packet.cn()) && packet.cpValue("SystemTime") != null) {
                return CompletableFuture.completedFuture(clockReport(rec, packet, now));
            }
            return stored(rec, packet, now).thenApply(reply -> reply + clockQuery(rec, packet));
        }

        /** Once per connection, after the logger's first frame: ask for its clock (CN 1011). */
        private String clockQuery(DeviceRecord rec, Hj212Frame first) {
            if (!config.clockCheck() || clockAsked || first.cn() == null || first.cn().startsWith("9")) {
                return "";
            }
            clockAsked = true;
            return command(rec, first, "1011", "");
        }

        /** The logger's answer to 1011: record the offset, and set its clock (CN 1012) when it is off by too much. */
        private String clockReport(DeviceRecord rec, Hj212Frame report, Instant now) {
            String systemTime = report.cpValue("SystemTime");
            String ack = Hj212Encoder.acknowledgementFor(report).orElse("");
            try {
                Instant theirs = java.time.LocalDateTime.parse(systemTime, DATA_TIME).atZone(rec.hj212().zone()).toInstant();
                long offset = java.time.Duration.between(now, theirs).toSeconds();
                state.clockOffsetSeconds = offset;
                if (Math.abs(offset) <= config.maxClockSkew().toSeconds()) {
                    return ack;
                }
                LOG.info("VIGIL-HJ212-005 data logger of device '{}' (MN {}) is {} s off; setting its clock", rec.device().id(), report.mn(), offset);
                state.clockSetAt = now;
                return ack + command(rec, report, "1012", "SystemTime=" + now.atZone(rec.hj212().zone()).format(DATA_TIME));
            } catch (java.time.format.DateTimeParseException e) {
                pipeline.reject(rec.device().id(), RejectReason.MALFORMED, "SystemTime '" + systemTime + "' is not yyyyMMddHHmmss", metrics);
                return ack;
            }
        }

        /** A command to the logger (answer requested), with its own ST and PW. */
        private String command(DeviceRecord rec, Hj212Frame from, String cn, String cp) {
            return Hj212Encoder.frame(clock.instant().atZone(rec.hj212().zone()).format(QN), from.st(), cn, from.pw(), from.mn(), "5", cp);
        }

        /** Journals the readings of a data frame (reassembling split packets); completes with the answer to send. */
        private CompletableFuture<String> stored(DeviceRecord rec, Hj212Frame packet, Instant now) {
            String deviceId = rec.device().id();
            Hj212PacketAssembler.Result assembled = assembler.offer(packet, now);
            if (assembled instanceof Hj212PacketAssembler.Result.Incomplete) {
                return CompletableFuture.completedFuture(Hj212Encoder.acknowledgementFor(packet).orElse(""));
            }
            if (assembled instanceof Hj212PacketAssembler.Result.Invalid inv) {
                pipeline.reject(deviceId, RejectReason.MALFORMED, inv.reason(), metrics);
                return CompletableFuture.completedFuture("");
            }
            Hj212Frame frame = ((Hj212PacketAssembler.Result.Complete) assembled).frame();
            return pipeline.hj212Frame(deviceId, rec.hj212(), frame, metrics).thenApply(outcome -> {
                if (outcome.isRetryable()) {
                    // not stored: no answer, so the logger sends it again (or re-sends it as supplementary data)
                    return "";
                }
                return Hj212Encoder.acknowledgementFor(packet).orElse("");
            });
        }

        private void track(String deviceId, Hj212Frame frame, Instant now) {
            if (state == null || !stateByDevice.containsKey(deviceId)) {
                ConnectionState s = stateByDevice.computeIfAbsent(deviceId, id -> new ConnectionState());
                s.remote = String.valueOf(socket.remoteAddress());
                s.since = now;
                state = s;
            }
            state.connected = true;
            state.lastFrameAt = now;
            state.lastFrameCn = frame.cn();
            state.lastFrameQn = frame.qn();
            state.frames++;
        }

        private String refuse(Hj212Frame frame, RejectReason reason, String detail, Hj212Encoder.QnRtn rtn) {
            metrics.authFailed();
            pipeline.reject(frame.mn() == null ? peer() : frame.mn(), reason, detail + " (from " + peer() + ")", metrics);
            if (++authFailures >= config.maxAuthFailures()) {
                LOG.warn("VIGIL-HJ212-001 closing HJ 212 connection from {} after {} refused frames", peer(), authFailures);
                closeAfterReply = true;
            }
            boolean answerAsked = Hj212Encoder.acknowledgementFor(frame).isPresent();
            return answerAsked ? Hj212Encoder.requestAnswer(frame, rtn) : "";
        }

        private String peer() {
            return String.valueOf(socket.remoteAddress());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }
}
