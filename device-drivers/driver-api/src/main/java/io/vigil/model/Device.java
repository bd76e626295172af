package io.vigil.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A registered sensor device with the channels it reports. Credentials are kept by the registry. */
public record Device(String id, String name, String type, String siteId, List<Channel> channels) {

    public Device {
        Ids.require(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        channels = List.copyOf(channels == null ? List.of() : channels);
        Map<String, Channel> seen = new LinkedHashMap<>();
        for (Channel c : channels) {
            if (seen.put(c.metric(), c) != null) {
                throw new IllegalArgumentException("metric '" + c.metric() + "' is declared twice");
            }
        }
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a device needs at least one channel");
        }
    }

    /** The channel for {@code metric}, if the device declares it. */
    public Optional<Channel> channel(String metric) {
        for (Channel c : channels) {
            if (c.metric().equals(metric)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The shortest expected interval of its channels: the device's heartbeat. */
    public Duration expectedInterval() {
        Duration min = null;
        for (Channel c : channels) {
            if (min == null || c.expectedInterval().compareTo(min) < 0) {
                min = c.expectedInterval();
            }
        }
        return min;
    }
}
