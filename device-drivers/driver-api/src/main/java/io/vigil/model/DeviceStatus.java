package io.vigil.model;

import java.time.Duration;
import java.time.Instant;

/** Whether a device is reporting, judged from when it was last seen. */
public enum DeviceStatus {
    NEVER_SEEN, ONLINE, OFFLINE;

    /** A device is offline once this many expected intervals have passed without a reading. */
    public static final int MISSED_INTERVALS_FOR_OFFLINE = 3;

    /** Status at {@code now} of a device last seen at {@code lastSeen} (null if never). */
    public static DeviceStatus of(Instant lastSeen, Duration expectedInterval, Instant now) {
        if (lastSeen == null) {
            return NEVER_SEEN;
        }
        Duration silent = Duration.between(lastSeen, now);
        return silent.compareTo(expectedInterval.multipliedBy(MISSED_INTERVALS_FOR_OFFLINE)) > 0 ? OFFLINE : ONLINE;
    }
}
