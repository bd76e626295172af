package io.vigil.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The whole gateway configuration, validated. Keys and defaults: reference.yaml. */
public record VigilConfig(Path dataDir, Http http, Mqtt mqtt, Hj212 hj212, List<Broker> brokers, Tsdb tsdb, Journal journal,
                          Registry registry) {

    public VigilConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        brokers = List.copyOf(brokers);
    }

    /** {@code http.*}. */
    public record Http(String host, int port) {
    }

    /** {@code mqtt.*}: the device-facing MQTT adapter. */
    public record Mqtt(String host, int port, int maxPacketBytes, Duration timeoutOnConnect) {
    }

    /** {@code hj212.*}: the HJ 212 TCP server. */
    public record Hj212(String host, int port, Duration idleTimeout, int maxAuthFailures, boolean clockCheck, Duration maxClockSkew) {
    }

    /** One entry of {@code southbound.brokers}. */
    public record Broker(URI url, String clientId, String username, String password, String shareGroup, int qos,
                         Duration sessionExpiry) {
        /** The topic filter to subscribe to, shared when a share group is set. */
        public String topicFilter(String topic) {
            return shareGroup == null ? topic : "$share/" + shareGroup + "/" + topic;
        }

        @Override
        public String toString() {
            return "Broker[url=" + url + ", clientId=" + clientId + ", username=" + username
                    + ", password=" + (password == null ? "none" : "***") + ", shareGroup=" + shareGroup + ", qos=" + qos + "]";
        }
    }

    /** {@code tsdb.*}; {@link #url()} null means the embedded store. */
    public record Tsdb(URI url, String token, String org, String bucket, int batchSize, Duration flushInterval,
                       Duration writeTimeout, int embeddedPort) {
        public boolean embedded() {
            return url == null;
        }

        @Override
        public String toString() {
            return "Tsdb[url=" + (url == null ? "embedded" : url) + ", token=" + (token.isEmpty() ? "none" : "***")
                    + ", org=" + org + ", bucket=" + bucket + ", batchSize=" + batchSize + "]";
        }
    }

    /** {@code journal.*}. */
    public record Journal(long maxBytes) {
    }

    /** {@code registry.*}; {@link #file()} null when no seed file is given. */
    public record Registry(Path file, int bcryptCost) {
    }
}
