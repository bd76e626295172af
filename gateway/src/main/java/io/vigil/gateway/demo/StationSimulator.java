package io.vigil.gateway.demo;

import io.vigil.driver.mqtt.TelemetryCodec;
import io.vigil.driver.mqtt.TelemetryTopic;
import io.vigil.model.Channel;
import io.vigil.model.Device;
import io.vigil.model.Unit;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the demo's stations as real devices do: one MQTT v5 connection per device with its own
 * credentials, QoS 1 telemetry on its own topic, values with a daily pattern (local time
 * Asia/Shanghai), noise and occasional excursions (a pollution event at a water section, a dusty
 * afternoon on a site, a smoggy hour at an air station).
 */
public final class StationSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StationSimulator.class);
    private static final ZoneId LOCAL = ZoneId.of("Asia/Shanghai");

    private final String brokerUrl;
    private final List<Device> devices;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "vigil-demo-simulator");
        t.setDaemon(true);
        return t;
    });
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final Random random = new Random(212);
    private final AtomicLong published = new AtomicLong();
    private final Map<String, Integer> excursionLeft = new java.util.concurrent.ConcurrentHashMap<>();

    public StationSimulator(String brokerUrl, List<Device> devices) {
        this.brokerUrl = brokerUrl;
        this.devices = devices;
    }

    public StationSimulator start() {
        long periodMs = DemoDistrict.INTERVAL.toMillis();
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            long offset = i * periodMs / devices.size();
            connect(d, offset, periodMs);
        }
        return this;
    }

    /** Connects without waiting (all stations come up together) and starts reporting once connected. */
    private void connect(Device d, long offset, long periodMs) {
        try {
            MqttAsyncClient c = new MqttAsyncClient(brokerUrl, "sim-" + d.id(), new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName(d.id());
            o.setPassword(DemoDistrict.password(d.id()).getBytes(StandardCharsets.UTF_8));
            o.setAutomaticReconnect(true);
            o.setCleanStart(true);
            synchronized (clients) {
                clients.add(c);
            }
            c.connect(o, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    scheduler.execute(() -> publish(c, d));
                    scheduler.scheduleAtFixedRate(() -> publish(c, d), periodMs + offset, periodMs, TimeUnit.MILLISECONDS);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    LOG.warn("demo station {} could not connect: {}", d.id(), e.getMessage());
                }
            });
        } catch (MqttException e) {
            LOG.warn("demo station {} could not connect: {}", d.id(), e.getMessage());
        }
    }

    private void publish(MqttAsyncClient c, Device d) {
        if (!c.isConnected()) {
            return;
        }
        Instant now = Instant.now();
        Map<String, Double> values = values(d, now);
        try {
            MqttMessage m = new MqttMessage(TelemetryCodec.encode(now, values).getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            c.publish(new TelemetryTopic(d.id(), TelemetryTopic.Kind.TELEMETRY).name(), m);
            published.incrementAndGet();
        } catch (MqttException e) {
            LOG.debug("demo station {}: {}", d.id(), e.getMessage());
        }
    }

    /** Values in the units the device sends, with a daily pattern and occasional excursions. */
    Map<String, Double> values(Device d, Instant now) {
        ZonedDateTime local = now.atZone(LOCAL);
        double hour = local.getHour() + local.getMinute() / 60.0;
        double day = Math.sin((hour - 9) / 24 * 2 * Math.PI); // peaks mid-afternoon, lowest before dawn
        int left = excursionLeft.getOrDefault(d.id(), 0);
        if (left == 0 && random.nextDouble() < 0.004) {
            left = 6 + random.nextInt(18); // an event lasting one to four minutes
        }
        excursionLeft.put(d.id(), Math.max(0, left - 1));
        double boost = left > 0 ? 2.0 + random.nextDouble() * 1.5 : 1.0;
        int station = Integer.parseInt(d.id().replaceAll("\\D", ""));
        Map<String, Double> out = new LinkedHashMap<>();
        for (Channel ch : d.channels()) {
            double v = switch (ch.metric()) {
                case "codmn" -> (3.5 + station % 5 * 0.4 + 0.4 * day) * boost;
                case "nh3n" -> (0.45 + station % 7 * 0.06 + 0.08 * day) * boost;
                case "tp" -> (d.id().startsWith("ws-3") ? 0.04 : 0.12 + station % 4 * 0.02) * boost;
                case "do" -> Math.max(0.5, (7.2 + 1.3 * day) / boost);
                case "ph" -> 7.4 + 0.3 * day;
                case "water_temp" -> 17 + 3 * day;
                case "pm10" -> d.type().equals("dust-monitor") ? (70 + 40 * Math.max(0, day) + station * 2) * boost : (55 + 20 * day) * boost;
                case "pm25" -> d.type().equals("dust-monitor") ? (38 + 15 * Math.max(0, day)) * boost : (32 - 10 * day) * boost;
                case "tsp" -> (140 + 90 * Math.max(0, day)) * boost;
                case "noise" -> 58 + 12 * Math.max(0, day);
                case "wind_speed" -> 2.2 + 1.5 * Math.max(0, day);
                case "wind_dir" -> (135 + 40 * day + 360) % 360;
                case "so2" -> 9 + 3 * day;
                case "no2" -> (32 - 12 * day) * boost;
                case "co" -> 0.7 - 0.2 * day;
                case "o3" -> 60 + 55 * day;
                default -> 1.0;
            };
            v *= 1 + random.nextGaussian() * 0.04;
            if (ch.metric().equals("wind_dir") || ch.metric().equals("ph")) {
                v = ch.metric().equals("ph") ? Math.min(9.5, Math.max(5.5, v)) : ((v % 360) + 360) % 360;
            } else {
                v = Math.max(0, v);
            }
            // the device sends in its own unit (some dust monitors in mg/m3)
            double sent = ch.unit().convert(v, ch.reportedUnit());
            out.put(ch.metric(), round(sent, ch.reportedUnit() == Unit.MG_PER_M3 ? 4 : 3));
        }
        return out;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    public long published() {
        return published.get();
    }

    public int connected() {
        synchronized (clients) {
            return (int) clients.stream().filter(MqttAsyncClient::isConnected).count();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        synchronized (clients) {
            for (MqttAsyncClient c : clients) {
                try {
                    if (c.isConnected()) {
                        c.disconnect(1000).waitForCompletion(2000);
                    }
                    c.close();
                } catch (MqttException e) {
                    LOG.debug("closing demo client: {}", e.getMessage());
                }
            }
        }
    }
}
