package io.vigil.gateway.tsdb;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.query.FluxRecord;
import com.influxdb.query.FluxTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads from a real InfluxDB v2 with Flux through influxdb-client-java (blocking calls on a worker). */
public final class InfluxReadingStore implements ReadingStore {
    private final Vertx vertx;
    private final InfluxDBClient client;
    private final String org;
    private final String bucket;

    public InfluxReadingStore(Vertx vertx, InfluxDBClient client, String org, String bucket) {
        this.vertx = vertx;
        this.client = client;
        this.org = org;
        this.bucket = bucket;
    }

    @Override
    public Future<List<StoredValue>> readings(String deviceId, String metric, Instant from, Instant to, int limit) {
        String flux = "from(bucket: " + str(bucket) + ")"
                + " |> range(start: " + from + ", stop: " + to + ")"
                + " |> filter(fn: (r) => r._measurement == " + str(LineProtocol.MEASUREMENT) + " and r._field == \"value\""
                + " and r.device == " + str(deviceId) + (metric == null ? "" : " and r.metric == " + str(metric)) + ")"
                + " |> group() |> sort(columns: [\"_time\"]) |> limit(n: " + limit + ")";
        return run(flux);
    }

    @Override
    public Future<List<StoredValue>> latest(String deviceId) {
        String flux = "from(bucket: " + str(bucket) + ") |> range(start: -30d)"
                + " |> filter(fn: (r) => r._measurement == " + str(LineProtocol.MEASUREMENT) + " and r._field == \"value\""
                + " and r.device == " + str(deviceId) + ") |> group(columns: [\"metric\"]) |> last()";
        return run(flux);
    }

    private Future<List<StoredValue>> run(String flux) {
        return vertx.executeBlocking(() -> {
            List<StoredValue> out = new ArrayList<>();
            for (FluxTable t : client.getQueryApi().query(flux, org)) {
                for (FluxRecord r : t.getRecords()) {
                    out.add(new StoredValue(r.getTime(), (String) r.getValueByKey("metric"), ((Number) r.getValue()).doubleValue(),
                            (String) r.getValueByKey("unit"), (String) r.getValueByKey("quality")));
                }
            }
            out.sort(Comparator.comparing(StoredValue::timestamp));
            return out;
        }, false);
    }

    private static String str(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
