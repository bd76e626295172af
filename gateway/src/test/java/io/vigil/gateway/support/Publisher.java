package io.vigil.gateway.support;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A device that publishes QoS 1 telemetry and remembers exactly which messages were acknowledged
 * (by their timestamp), so a test can check that every acknowledged reading arrived.
 */
public final class Publisher implements AutoCloseable {
    private final MqttAsyncClient client;
    private final String topic;
    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();

    public Publisher(String url, String deviceId, String password, int maxInflight) throws MqttException {
        this.client = new MqttAsyncClient(url, "pub-" + deviceId + "-" + System.nanoTime(), new MemoryPersistence());
        this.topic = "devices/" + deviceId + "/telemetry";
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (password != null) {
            o.setUserName(deviceId);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        o.setReceiveMaximum(maxInflight);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 2);
        client.connect(o).waitForCompletion(10_000);
    }

    /** Publishes one reading stamped {@code tsMillis} without waiting; the ack is recorded when it comes. */
    public void publishAsync(long tsMillis, double value) throws MqttException {
        client.publish(topic, message(tsMillis, value), null, new org.eclipse.paho.mqttv5.client.MqttActionListener() {
            @Override
            public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken token) {
                int[] codes = token.getReasonCodes();
                if (codes == null || codes.length == 0 || codes[0] < 0x80) {
                    acknowledged.add(tsMillis);
                }
            }

            @Override
            public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken token, Throwable e) {
                // not acknowledged: the test does not expect it
            }
        });
    }

    /** Publishes and waits for the acknowledgement; false if none came. */
    public boolean publish(long tsMillis, double value) {
        try {
            var token = client.publish(topic, message(tsMillis, value));
            token.waitForCompletion(5_000);
            int[] codes = token.getReasonCodes();
            if (codes == null || codes.length == 0 || codes[0] < 0x80) {
                acknowledged.add(tsMillis);
                return true;
            }
            return false;
        } catch (MqttException e) {
            return false;
        }
    }

    private static MqttMessage message(long tsMillis, double value) {
        MqttMessage m = new MqttMessage(("{\"ts\":" + tsMillis + ",\"values\":{\"pm10\":" + value + "}}").getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return m;
    }

    public Set<Long> acknowledged() {
        return acknowledged;
    }

    public MqttAsyncClient client() {
        return client;
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2_000);
            }
            client.close(true);
        } catch (MqttException e) {
            // already gone
        }
    }
}
