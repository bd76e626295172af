package io.vigil.gateway.registry;

import io.vigil.model.Device;
import java.time.Instant;

/** A device as the registry keeps it: the model, its password hash and when it last sent data. */
public record DeviceRecord(Device device, String passwordHash, Instant lastSeen) {
    public DeviceRecord withLastSeen(Instant t) {
        return new DeviceRecord(device, passwordHash, t);
    }

    @Override
    public String toString() {
        return "DeviceRecord[" + device.id() + ", lastSeen=" + lastSeen + "]";
    }
}
