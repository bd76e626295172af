package io.vigil.gateway.ingest;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vigil.config.VigilConfig;
import io.vigil.driver.RejectReason;
import io.vigil.driver.mqtt.TelemetryTopic;
import io.vigil.gateway.registry.Registry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device-facing MQTT endpoint (3.1.1 and 5). A device connects with its id as user name and its
 * own password, publishes to {@code devices/{its id}/telemetry}, and gets its QoS 1 PUBACK only after
 * the reading is in the durable journal, in the order it published.
 */
public final class MqttAdapter extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(MqttAdapter.class);
    private static final int MQTT_5 = 5;

    private final VigilConfig.Mqtt config;
    private final Registry registry;
    private final IngestPipeline pipeline;
    private final IngestMetrics metrics;
    private final Map<String, MqttEndpoint> byClientId = new ConcurrentHashMap<>();
    private MqttServer server;

    public MqttAdapter(VigilConfig.Mqtt config, Registry registry, IngestPipeline pipeline, IngestMetrics metrics) {
        this.config = config;
        this.registry = registry;
        this.pipeline = pipeline;
        this.metrics = metrics;
        metrics.meters().gauge("vigil.mqtt.connections", byClientId, Map::size);
    }

    @Override
    public Future<?> start() {
        MqttServerOptions options = new MqttServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setMaxMessageSize(config.maxPacketBytes())
                .setTimeoutOnConnect((int) config.timeoutOnConnect().toSeconds())
                .setMaxClientIdLength(256);
        server = MqttServer.create(vertx, options).endpointHandler(this::onConnect);
        return server.listen().onSuccess(s -> LOG.info("MQTT adapter listening on {}:{}", config.host(), s.actualPort()));
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port actually bound (differs from the config when it asked for 0). */
    public int actualPort() {
        return server.actualPort();
    }

    public int connectionCount() {
        return byClientId.size();
    }

    private void onConnect(MqttEndpoint endpoint) {
        String deviceId = endpoint.auth() == null ? null : endpoint.auth().getUsername();
        String password = endpoint.auth() == null ? null : endpoint.auth().getPassword();
        boolean v5 = endpoint.protocolVersion() == MQTT_5;
        if (deviceId == null || password == null || !registry.knows(deviceId)) {
            refuse(endpoint, deviceId, v5, deviceId == null ? "no user name (the device id) given" : "unknown device");
            return;
        }
        // bcrypt on a worker; the result handler runs back on this connection's event loop
        vertx.executeBlocking(() -> registry.authenticate(deviceId, password), false).onComplete(ar -> {
            if (ar.failed() || !ar.result()) {
                refuse(endpoint, deviceId, v5, "wrong password");
            } else {
                accept(endpoint, deviceId, v5);
            }
        });
    }

    private void refuse(MqttEndpoint endpoint, String deviceId, boolean v5, String why) {
        metrics.authFailed();
        pipeline.logRefusal(deviceId == null ? "?" : deviceId, RejectReason.NOT_AUTHORIZED, "MQTT CONNECT refused: " + why, metrics);
        endpoint.reject(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
    }

    private void accept(MqttEndpoint endpoint, String deviceId, boolean v5) {
        String clientId = endpoint.clientIdentifier();
        MqttEndpoint previous = byClientId.put(clientId, endpoint);
        if (previous != null && previous != endpoint) {
            // session take-over: the same client connected again, the older connection goes
            LOG.info("MQTT client '{}' (device '{}') connected again; closing its previous connection", clientId, deviceId);
            previous.close();
        }
        Connection conn = new Connection(endpoint, deviceId, v5, vertx.getOrCreateContext());
        endpoint.publishAutoAck(false);
        endpoint.publishHandler(conn::onPublish);
        endpoint.publishReleaseHandler(endpoint::publishComplete);
        endpoint.subscribeHandler(conn::onSubscribe);
        endpoint.unsubscribeHandler(m -> endpoint.unsubscribeAcknowledge(m.messageId()));
        endpoint.closeHandler(v -> byClientId.remove(clientId, endpoint));
        endpoint.exceptionHandler(e -> LOG.debug("MQTT connection of device '{}': {}", deviceId, e.getMessage()));
        endpoint.accept(false);
    }

    /** One device connection: keeps acknowledgements in publish order. Used on its event loop only. */
    private final class Connection {
        private final MqttEndpoint endpoint;
        private final String deviceId;
        private final boolean v5;
        private final Context context;
        private final ArrayDeque<PendingAck> pending = new ArrayDeque<>();

        Connection(MqttEndpoint endpoint, String deviceId, boolean v5, Context context) {
            this.endpoint = endpoint;
            this.deviceId = deviceId;
            this.v5 = v5;
            this.context = context;
        }

        void onPublish(MqttPublishMessage msg) {
            String topicName = msg.topicName();
            var topic = TelemetryTopic.parse(topicName);
            CompletableFuture<IngestOutcome> outcome;
            if (topic.isEmpty()) {
                outcome = CompletableFuture.completedFuture(pipeline.reject(deviceId, RejectReason.TOPIC_INVALID,
                        "topic '" + topicName + "' is not devices/{deviceId}/telemetry", metrics));
            } else if (!topic.get().deviceId().equals(deviceId)) {
                outcome = CompletableFuture.completedFuture(pipeline.reject(deviceId, RejectReason.NOT_AUTHORIZED,
                        "may publish only to its own topics, not '" + topicName + "'", metrics));
            } else {
                outcome = pipeline.handle(topic.get(), msg.payload().getBytes(), metrics);
            }
            if (msg.qosLevel() == MqttQoS.AT_MOST_ONCE) {
                return;
            }
            PendingAck ack = new PendingAck(msg.messageId(), msg.qosLevel());
            pending.add(ack);
            outcome.whenComplete((o, failure) -> context.runOnContext(v -> {
                ack.outcome = o != null ? o : IngestOutcome.rejected(RejectReason.STORE_FAILED, String.valueOf(failure));
                flush();
            }));
        }

        /** Sends the acknowledgements that are due, oldest first, stopping at the first still pending. */
        private void flush() {
            while (!pending.isEmpty() && pending.peek().outcome != null) {
                PendingAck a = pending.poll();
                if (!endpoint.isConnected()) {
                    continue;
                }
                IngestOutcome o = a.outcome;
                if (!v5 && (o.isRetryable() || o.reason() == RejectReason.NOT_AUTHORIZED)) {
                    // MQTT 3.1.1 has no negative PUBACK: closing without acknowledging makes the
                    // device send the message again after it reconnects
                    pending.clear();
                    endpoint.close();
                    return;
                }
                if (a.qos == MqttQoS.EXACTLY_ONCE) {
                    endpoint.publishReceived(a.messageId);
                } else if (v5) {
                    endpoint.publishAcknowledge(a.messageId, reasonCode(o), reasonString(o));
                } else {
                    endpoint.publishAcknowledge(a.messageId);
                }
            }
        }

        void onSubscribe(MqttSubscribeMessage msg) {
            List<MqttSubAckReasonCode> codes = new ArrayList<>();
            msg.topicSubscriptions().forEach(s -> codes.add(MqttSubAckReasonCode.NOT_AUTHORIZED));
            if (v5) {
                endpoint.subscribeAcknowledge(msg.messageId(), codes, MqttProperties.NO_PROPERTIES);
            } else {
                List<MqttQoS> failures = new ArrayList<>();
                msg.topicSubscriptions().forEach(s -> failures.add(MqttQoS.FAILURE));
                endpoint.subscribeAcknowledge(msg.messageId(), failures);
            }
        }
    }

    private static final class PendingAck {
        final int messageId;
        final MqttQoS qos;
        IngestOutcome outcome;

        PendingAck(int messageId, MqttQoS qos) {
            this.messageId = messageId;
            this.qos = qos;
        }
    }

    static MqttPubAckReasonCode reasonCode(IngestOutcome o) {
        if (o.isAccepted()) {
            return MqttPubAckReasonCode.SUCCESS;
        }
        return switch (o.reason()) {
            case MALFORMED, NOT_A_NUMBER -> MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
            case NOT_AUTHORIZED, UNKNOWN_DEVICE -> MqttPubAckReasonCode.NOT_AUTHORIZED;
            case TOPIC_INVALID -> MqttPubAckReasonCode.TOPIC_NAME_INVALID;
            case STORE_FAILED -> MqttPubAckReasonCode.QUOTA_EXCEEDED;
            case UNKNOWN_METRIC, FUTURE_TIMESTAMP, TOO_LARGE -> MqttPubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
        };
    }

    private static MqttProperties reasonString(IngestOutcome o) {
        if (o.isAccepted()) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties p = new MqttProperties();
        String text = o.reason().code() + " " + o.detail();
        p.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(),
                text.length() > 256 ? text.substring(0, 256) : text));
        return p;
    }
}
