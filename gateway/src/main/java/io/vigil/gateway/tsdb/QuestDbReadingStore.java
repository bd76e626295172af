package io.vigil.gateway.tsdb;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads from the embedded QuestDB through its HTTP SQL endpoint ({@code /exec}). */
public final class QuestDbReadingStore implements ReadingStore {
    private final WebClient client;
    private final int port;

    public QuestDbReadingStore(WebClient client, int port) {
        this.client = client;
        this.port = port;
    }

    @Override
    public Future<List<StoredValue>> readings(String deviceId, String metric, Instant from, Instant to, int limit) {
        String sql = "SELECT timestamp, metric, value, unit, quality FROM " + LineProtocol.MEASUREMENT
                + " WHERE device = " + literal(deviceId)
                + (metric == null ? "" : " AND metric = " + literal(metric))
                + " AND timestamp >= " + micros(from) + " AND timestamp < " + micros(to)
                + " ORDER BY timestamp LIMIT " + limit;
        return query(sql);
    }

    @Override
    public Future<List<StoredValue>> latest(String deviceId) {
        return query("SELECT timestamp, metric, value, unit, quality FROM " + LineProtocol.MEASUREMENT
                + " WHERE device = " + literal(deviceId) + " LATEST ON timestamp PARTITION BY metric");
    }

    /** Runs a statement that returns no rows (DDL). */
    public Future<Void> execute(String sql) {
        return client.get(port, "127.0.0.1", "/exec").addQueryParam("query", sql).send().compose(r -> {
            if (r.statusCode() != 200) {
                return Future.failedFuture("QuestDB refused '" + sql + "': HTTP " + r.statusCode() + " " + r.bodyAsString());
            }
            return Future.succeededFuture();
        });
    }

    private Future<List<StoredValue>> query(String sql) {
        return client.get(port, "127.0.0.1", "/exec").addQueryParam("query", sql).send().compose(this::parse);
    }

    private Future<List<StoredValue>> parse(HttpResponse<Buffer> r) {
        JsonObject body = r.bodyAsJsonObject();
        if (r.statusCode() != 200) {
            String error = body == null ? r.bodyAsString() : body.getString("error");
            if (error != null && error.contains("table does not exist")) {
                return Future.succeededFuture(List.of());
            }
            return Future.failedFuture("QuestDB query failed: HTTP " + r.statusCode() + " " + error);
        }
        List<StoredValue> out = new ArrayList<>();
        JsonArray rows = body.getJsonArray("dataset", new JsonArray());
        for (int i = 0; i < rows.size(); i++) {
            JsonArray row = rows.getJsonArray(i);
            out.add(new StoredValue(Instant.parse(row.getString(0)), row.getString(1), row.getDouble(2), row.getString(3), row.getString(4)));
        }
        return Future.succeededFuture(out);
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String micros(Instant t) {
        return Long.toString(Math.multiplyExact(t.getEpochSecond(), 1_000_000L) + t.getNano() / 1000);
    }
}
