package io.vigil.gateway.registry;

import io.vigil.model.Device;
import java.time.Instant;

/** A device as the registry keeps it: the model, its MQTT password hash, its HJ 212 binding (or null) and when it last sent data. */
public record DeviceRecord(Device device, String passwordHash, Hj212Binding hj212, Instant lastSeen) {

    @Override
    public String toString() {
        return "DeviceRecord[" + device.id() + ", lastSeen=" + lastSeen + "]";
    }
}
