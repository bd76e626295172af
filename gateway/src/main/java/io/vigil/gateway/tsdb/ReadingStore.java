package io.vigil.gateway.tsdb;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/** Reads stored readings back from the time-series store, for the API. */
public interface ReadingStore {

    /**
     * Values of one device, oldest first, within [from, to).
     *
     * @param metric one metric, or null for all
     */
    Future<List<StoredValue>> readings(String deviceId, String metric, Instant from, Instant to, int limit);

    /** The newest value of each metric of the device. */
    Future<List<StoredValue>> latest(String deviceId);
}
