package io.vigil.gateway.ingest;

import io.vertx.core.json.JsonObject;
import io.vigil.config.VigilConfig;
import io.vigil.driver.RejectReason;
import io.vigil.driver.mqtt.TelemetryTopic;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to an external broker (a city's EMQX, HiveMQ or Mosquitto) for the device topic
 * scheme with the Paho MQTT v5 client: persistent session, automatic reconnect with backoff and
 * re-subscribe, optional shared subscription. A message is acknowledged to the broker only after
 * its readings are journaled, so a gateway crash or a broker restart loses nothing sent with QoS 1.
 * Uses the client-level callback only: Paho v5 drops shared-subscription messages that arrive for a
 * per-subscription listener.
 */
public final class SouthboundSubscriber implements MqttCallback, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SouthboundSubscriber.class);
    private static final String[] TOPICS = {"devices/+/telemetry", "devices/+/hj212"};

    private final VigilConfig.Broker config;
    private final IngestPipeline pipeline;
    private final IngestMetrics metrics;
    private final MqttAsyncClient client;
    private final AtomicLong received = new AtomicLong();
    private volatile boolean connected;
    private volatile String lastError;
    private volatile Instant since = Instant.now();
    private volatile boolean closed;

    public SouthboundSubscriber(VigilConfig.Broker config, IngestPipeline pipeline, IngestMetrics metrics) throws MqttException {
        this.config = config;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.client = new MqttAsyncClient(config.url().toString(), config.clientId(), new MemoryPersistence());
        client.setCallback(this);
        client.setManualAcks(true);
    }

    /** Starts connecting; the client keeps reconnecting by itself if the broker is not there yet. */
    public SouthboundSubscriber start() {
        connect();
        return this;
    }

    private void connect() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 60);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        if (config.username() != null) {
            o.setUserName(config.username());
        }
        if (config.password() != null) {
            o.setPassword(config.password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try {
            client.connect(o);
        } catch (MqttException e) {
            lastError = e.getMessage();
            LOG.warn("VIGIL-SOUTH-001 cannot connect to broker {}: {}", config.url(), e.getMessage());
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        connected = true;
        since = Instant.now();
        LOG.info("{} broker {} as '{}'", reconnect ? "Reconnected to" : "Connected to", serverURI, config.clientId());
        try {
            MqttSubscription[] subs = new MqttSubscription[TOPICS.length];
            for (int i = 0; i < TOPICS.length; i++) {
                subs[i] = new MqttSubscription(config.topicFilter(TOPICS[i]), config.qos());
            }
            client.subscribe(subs);
        } catch (MqttException e) {
            lastError = "subscribe failed: " + e.getMessage();
            LOG.warn("VIGIL-SOUTH-002 subscribing at broker {} failed: {}", config.url(), e.getMessage());
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        received.incrementAndGet();
        var parsed = TelemetryTopic.parse(topic);
        if (parsed.isEmpty()) {
            pipeline.reject("?", RejectReason.TOPIC_INVALID, "topic '" + topic + "' is not devices/{deviceId}/telemetry", metrics);
            complete(message);
            return;
        }
        pipeline.handle(parsed.get(), message.getPayload(), metrics).whenComplete((outcome, failure) -> {
            if (outcome != null && outcome.isRetryable()) {
                // not acknowledged: drop the connection so the broker delivers it again after the reconnect
                lastError = outcome.detail();
                try {
                    client.disconnectForcibly(0, 1000, false);
                } catch (MqttException e) {
                    LOG.debug("forced disconnect: {}", e.getMessage());
                }
                scheduleReconnect();
                return;
            }
            complete(message);
        });
    }

    private void scheduleReconnect() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(1000);
                if (!closed && !client.isConnected()) {
                    client.reconnect();
                }
            } catch (Exception e) {
                LOG.debug("reconnect: {}", e.getMessage());
            }
        }, "vigil-southbound-reconnect");
        t.setDaemon(true);
        t.start();
    }

    private void complete(MqttMessage message) {
        if (message.getQos() == 0) {
            return;
        }
        try {
            client.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException e) {
            LOG.debug("ack of message {} not sent (connection lost; the broker will send it again): {}", message.getId(), e.getMessage());
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        connected = false;
        since = Instant.now();
        lastError = response.getReasonString() != null ? response.getReasonString() : String.valueOf(response.getException());
        if (!closed) {
            LOG.warn("VIGIL-SOUTH-003 lost broker {}: {}; reconnecting with backoff", config.url(), lastError);
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        lastError = exception.getMessage();
        LOG.warn("VIGIL-SOUTH-004 broker {} error: {}", config.url(), exception.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // subscriber only: nothing is published
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }

    public boolean isConnected() {
        return connected;
    }

    /** State for /api/v1/status. Never includes the password. */
    public JsonObject status() {
        return new JsonObject().put("url", config.url().toString()).put("clientId", config.clientId())
                .put("filter", config.topicFilter(TOPICS[0])).put("state", connected ? "connected" : "reconnecting")
                .put("since", since.toString()).put("received", received.get()).put("lastError", lastError);
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (client.isConnected()) {
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            LOG.debug("disconnect: {}", e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("close: {}", e.getMessage());
        }
    }
}
