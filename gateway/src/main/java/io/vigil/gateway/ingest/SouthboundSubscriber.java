package io.vigil.gateway.ingest;

import io.vertx.core.json.JsonObject;
import io.vigil.config.VigilConfig;
import io.vigil.driver.RejectReason;
import io.vigil.driver.mqtt.TelemetryTopic;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
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
 * scheme with the Paho MQTT v5 client: persistent session, reconnect with backoff (also when the broker
 * is down at start) and re-subscribe, optional shared subscription. A message is acknowledged to the broker only after
 * its readings are journaled, so a gateway crash or a broker restart loses nothing sent with QoS 1.
 * Uses the client-level callback only: Paho v5 drops shared-subscription messages that arrive for a
 * per-subscription listener.
 */
public final class SouthboundSubscriber implements MqttCallback, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SouthboundSubscriber.class);
    private static final String[] TOPICS = {"devices/+/telemetry", "devices/+/hj212"};
    private static final long MIN_BACKOFF_MILLIS = 1_000;
    private static final long MAX_BACKOFF_MILLIS = 60_000;

    private final VigilConfig.Broker config;
    private final IngestPipeline pipeline;
    private final IngestMetrics metrics;
    private volatile MqttAsyncClient client;
    private int failedAttempts;
    private final AtomicLong received = new AtomicLong();
    private volatile boolean connected;
    private volatile String lastError;
    private volatile Instant since = Instant.now();
    private volatile boolean closed;
    private final MqttConnectionOptions options;
    private final ScheduledExecutorService watchdog;
    private long backoffMillis = MIN_BACKOFF_MILLIS;
    private long nextAttemptNanos;

    public SouthboundSubscriber(VigilConfig.Broker config, IngestPipeline pipeline, IngestMetrics metrics) throws MqttException {
        this.config = config;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.client = newClient();
        this.options = options(config);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-southbound-" + config.clientId());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts connecting. A watchdog (re)connects with exponential backoff (1 s to 60 s) whenever the
     * client is not connected: Paho's own automatic reconnect neither covers a broker that is down
     * when the gateway starts nor was seen to resume reliably after a broker restart.
     */
    public SouthboundSubscriber start() {
        watchdog.scheduleWithFixedDelay(this::keepConnected, 0, 500, TimeUnit.MILLISECONDS);
        return this;
    }

    private MqttAsyncClient newClient() throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(config.url().toString(), config.clientId(), new MemoryPersistence());
        c.setCallback(this);
        c.setManualAcks(true);
        return c;
    }

    private void keepConnected() {
        if (closed || client.isConnected()) {
            backoffMillis = MIN_BACKOFF_MILLIS;
            failedAttempts = 0;
            return;
        }
        long now = System.nanoTime();
        if (now - nextAttemptNanos < 0) {
            return;
        }
        nextAttemptNanos = now + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        try {
            client.connect(options).waitForCompletion(15_000);
        } catch (MqttException e) {
            lastError = e.getMessage();
            failedAttempts++;
            if (failedAttempts == 3) {
                LOG.warn("VIGIL-SOUTH-001 broker {} still not reachable after 3 attempts (retrying with backoff up to {} s): {}",
                        config.url(), MAX_BACKOFF_MILLIS / 1000, e.getMessage());
            }
            if (e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_DISCONNECTING
                    || e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_CLOSED
                    || e.getReasonCode() == MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS) {
                replaceStuckClient(e);
            }
        }
    }

    /**
     * A Paho client whose connection broke mid-write can stay "disconnecting" for good; it is
     * replaced. Messages it received but did not acknowledge are delivered again by the broker.
     */
    private void replaceStuckClient(MqttException why) {
        LOG.warn("VIGIL-SOUTH-005 replacing the MQTT client of broker {} stuck in state {}", config.url(), why.getReasonCode());
        MqttAsyncClient old = client;
        try {
            client = newClient();
        } catch (MqttException e) {
            lastError = e.getMessage();
            return;
        }
        try {
            old.disconnectForcibly(0, 0, false);
        } catch (MqttException ignored) {
            // it is being thrown away
        }
        try {
            old.close(true);
        } catch (MqttException ignored) {
            // it is being thrown away
        }
    }

    private static MqttConnectionOptions options(VigilConfig.Broker config) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        if (config.username() != null) {
            o.setUserName(config.username());
        }
        if (config.password() != null) {
            o.setPassword(config.password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return o;
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
        MqttAsyncClient origin = client;
        var parsed = TelemetryTopic.parse(topic);
        if (parsed.isEmpty()) {
            pipeline.reject("?", RejectReason.TOPIC_INVALID, "topic '" + topic + "' is not devices/{deviceId}/telemetry", metrics);
            complete(origin, message);
            return;
        }
        pipeline.handle(parsed.get(), message.getPayload(), metrics).whenComplete((outcome, failure) -> {
            if (outcome != null && outcome.isRetryable()) {
                // not acknowledged: drop the connection so the broker delivers it again after the
                // watchdog's reconnect (with backoff, giving the journal time)
                lastError = outcome.detail();
                try {
                    origin.disconnectForcibly(0, 1000, false);
                } catch (MqttException e) {
                    LOG.debug("forced disconnect: {}", e.getMessage());
                }
                return;
            }
            complete(origin, message);
        });
    }

    /** Acknowledges to the broker, only on the connection the message came in on (ids are per session). */
    private void complete(MqttAsyncClient origin, MqttMessage message) {
        if (message.getQos() == 0 || origin != client) {
            return;
        }
        try {
            origin.messageArrivedComplete(message.getId(), message.getQos());
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
        watchdog.shutdownNow();
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
