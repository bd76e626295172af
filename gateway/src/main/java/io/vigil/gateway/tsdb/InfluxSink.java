package io.vigil.gateway.tsdb;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.InfluxException;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * Writes through influxdb-client-java's InfluxDB v2 write API ({@code /api/v2/write}, gzip), the same
 * code path for a real InfluxDB and for the embedded store.
 */
public final class InfluxSink implements TsdbSink {
    private final InfluxDBClient client;
    private final WriteApiBlocking writeApi;
    private final String org;
    private final String bucket;

    public InfluxSink(String url, String token, String org, String bucket, Duration timeout, boolean gzip) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout).retryOnConnectionFailure(false);
        InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder()
                .url(url).org(org).bucket(bucket).okHttpClient(http).precision(WritePrecision.MS);
        if (token != null && !token.isEmpty()) {
            options.authenticateToken(token.toCharArray());
        }
        this.client = InfluxDBClientFactory.create(options.build());
        if (gzip) {
            client.enableGzip();
        }
        this.writeApi = client.getWriteApiBlocking();
        this.org = org;
        this.bucket = bucket;
    }

    /** The underlying client, for queries against a real InfluxDB. */
    public InfluxDBClient client() {
        return client;
    }

    @Override
    public void write(List<String> lines) {
        try {
            writeApi.writeRecords(bucket, org, WritePrecision.MS, lines);
        } catch (InfluxException e) {
            int status = e.status();
            boolean retryable = status == 0 || status == 408 || status == 429 || status >= 500;
            long retryAfter = 0;
            String header = e.headers() == null ? null : e.headers().get("Retry-After");
            if (header != null) {
                try {
                    retryAfter = Long.parseLong(header.trim()) * 1000;
                } catch (NumberFormatException ignored) {
                    // an HTTP-date Retry-After: fall back to our own backoff
                }
            }
            throw new TsdbWriteException("HTTP " + status + ": " + e.getMessage(), retryable, retryAfter, e);
        } catch (RuntimeException e) {
            throw new TsdbWriteException(e.getClass().getSimpleName() + ": " + e.getMessage(), true, 0, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
