package io.vigil.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vigil.config.VigilConfig;
import io.vigil.gateway.api.HttpApi;
import io.vigil.gateway.ingest.Hj212Server;
import io.vigil.gateway.ingest.IngestMetrics;
import io.vigil.gateway.ingest.IngestPipeline;
import io.vigil.gateway.ingest.MqttAdapter;
import io.vigil.gateway.ingest.SouthboundSubscriber;
import io.vigil.gateway.journal.Journal;
import io.vigil.gateway.journal.SqliteJournal;
import io.vigil.gateway.registry.PasswordHasher;
import io.vigil.gateway.registry.Registry;
import io.vigil.gateway.registry.RegistryFile;
import io.vigil.gateway.tsdb.EmbeddedQuestDb;
import io.vigil.gateway.tsdb.InfluxReadingStore;
import io.vigil.gateway.tsdb.InfluxSink;
import io.vigil.gateway.tsdb.QuestDbReadingStore;
import io.vigil.gateway.tsdb.ReadingStore;
import io.vigil.gateway.tsdb.TsdbWriter;
import io.vigil.model.DeviceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: stores, time-series writer, MQTT adapter, external-broker subscribers and the
 * HTTP API, started in that order and stopped in reverse. {@link #start} blocks until everything
 * listens (or fails, having released what it opened).
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final VigilConfig config;
    private final Clock clock = Clock.systemUTC();
    private final Instant startedAt = Instant.now();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Vertx vertx;
    private Registry registry;
    private Journal journal;
    private EmbeddedQuestDb questDb;
    private TsdbWriter tsdbWriter;
    private MqttAdapter mqtt;
    private HttpApi http;
    private ReadingStore readingStore;
    private long lastSeenTimer = -1;
    private IngestMetrics mqttMetrics;
    private IngestMetrics southboundMetrics;
    private IngestMetrics hj212Metrics;
    private Hj212Server hj212;
    private final List<SouthboundSubscriber> subscribers = new ArrayList<>();

    private Gateway(VigilConfig config) {
        this.config = config;
    }

    /** Starts a gateway; throws with a one-line reason if any part cannot start. */
    public static Gateway start(VigilConfig config) throws Exception {
        Gateway g = new Gateway(config);
        try {
            g.openStores();
            g.startTimeSeries();
            g.startIngest();
            g.startHttp();
            LOG.info("Vigil gateway started: HTTP http://{}:{}/, MQTT {}:{}, HJ 212 {}:{}, data in {}", config.http().host(), g.httpPort(),
                    config.mqtt().host(), g.mqttPort(), config.hj212().host(), g.hj212Port(), config.dataDir().toAbsolutePath());
            return g;
        } catch (Exception e) {
            g.close();
            throw e;
        }
    }

    private void openStores() throws Exception {
        Files.createDirectories(config.dataDir());
        vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(8));
        registry = Registry.open(config.dataDir().resolve("registry.db"), new PasswordHasher(config.registry().bcryptCost()));
        resources.add(registry);
        if (config.registry().file() != null) {
            RegistryFile.Imported n = RegistryFile.importFile(config.registry().file(), registry);
            LOG.info("Imported {} regions, {} sites, {} devices from {}", n.regions(), n.sites(), n.devices(), config.registry().file());
        }
        journal = SqliteJournal.open(config.dataDir().resolve("journal.db"), config.journal().maxBytes());
        resources.add(journal);
        meters.gauge("vigil.journal.bytes", journal, Journal::usedBytes);
        lastSeenTimer = vertx.setPeriodic(5_000, id -> vertx.executeBlocking(() -> {
            registry.persistLastSeen();
            return null;
        }, false));
    }

    private void startTimeSeries() throws Exception {
        VigilConfig.Tsdb t = config.tsdb();
        InfluxSink sink;
        ReadingStore store;
        if (t.embedded()) {
            questDb = new EmbeddedQuestDb(config.dataDir().resolve("tsdb"), t.embeddedPort()).start();
            resources.add(questDb);
            QuestDbReadingStore qs = new QuestDbReadingStore(WebClient.create(vertx), questDb.httpPort());
            qs.execute(EmbeddedQuestDb.CREATE_TABLE).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            sink = new InfluxSink("http://127.0.0.1:" + questDb.httpPort(), "", "vigil", "vigil", t.writeTimeout(), false);
            store = qs;
            LOG.info("Embedded time-series store (QuestDB) on http://127.0.0.1:{} in {}", questDb.httpPort(),
                    config.dataDir().resolve("tsdb").toAbsolutePath());
        } else {
            sink = new InfluxSink(t.url().toString(), t.token(), t.org(), t.bucket(), t.writeTimeout(), true);
            store = new InfluxReadingStore(vertx, sink.client(), t.org(), t.bucket());
            LOG.info("Time-series store: InfluxDB v2 API at {} (org {}, bucket {})", t.url(), t.org(), t.bucket());
        }
        resources.add(sink);
        readingStore = store;
        tsdbWriter = new TsdbWriter(journal, sink, t.batchSize(), t.flushInterval(), meters).start();
        resources.add(tsdbWriter);
    }

    private void startIngest() throws Exception {
        IngestPipeline pipeline = new IngestPipeline(registry, journal, clock, meters);
        mqttMetrics = new IngestMetrics(meters, "mqtt");
        mqtt = new MqttAdapter(config.mqtt(), registry, pipeline, mqttMetrics);
        await(vertx.deployVerticle(mqtt), "MQTT adapter on " + config.mqtt().host() + ":" + config.mqtt().port(), "mqtt.port");
        hj212Metrics = new IngestMetrics(meters, "hj212");
        hj212 = new Hj212Server(config.hj212(), registry, pipeline, hj212Metrics, clock);
        await(vertx.deployVerticle(hj212), "HJ 212 server on " + config.hj212().host() + ":" + config.hj212().port(), "hj212.port");
        southboundMetrics = new IngestMetrics(meters, "southbound");
        for (VigilConfig.Broker b : config.brokers()) {
            SouthboundSubscriber s = new SouthboundSubscriber(b, pipeline, southboundMetrics).start();
            subscribers.add(s);
            resources.add(s);
        }
    }

    private void startHttp() throws Exception {
        http = new HttpApi(vertx, config.http(), registry, readingStore, meters, this::status, this::health, id -> hj212.connection(id), clock);
        await(http.start(), "HTTP API on " + config.http().host() + ":" + config.http().port(), "http.port");
    }

    private static <T> T await(io.vertx.core.Future<T> f, String what, String portKey) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            String msg = c.getMessage() == null ? c.toString() : c.getMessage();
            if (c instanceof java.net.BindException || msg.contains("Address already in use")) {
                msg = "port already in use (choose another with --set " + portKey + "=...)";
            }
            throw new IllegalStateException("cannot start " + what + ": " + msg, c);
        }
    }

    public int httpPort() {
        return http.actualPort();
    }

    public int hj212Port() {
        return hj212.actualPort();
    }

    public int mqttPort() {
        return mqtt.actualPort();
    }

    public Registry registry() {
        return registry;
    }

    private HttpApi.Health health() {
        if (journal.isFull()) {
            return HttpApi.Health.DOWN;
        }
        boolean allWell = tsdbWriter.healthy() && subscribers.stream().allMatch(SouthboundSubscriber::isConnected);
        return allWell ? HttpApi.Health.UP : HttpApi.Health.DEGRADED;
    }

    /** The status document of /api/v1/status. */
    public JsonObject status() {
        Map<DeviceStatus, Integer> counts = new EnumMap<>(DeviceStatus.class);
        for (DeviceStatus s : DeviceStatus.values()) {
            counts.put(s, 0);
        }
        Instant now = clock.instant();
        registry.devices().forEach(d -> counts.merge(DeviceStatus.of(registry.lastSeen(d.id()), d.expectedInterval(), now), 1, Integer::sum));
        JsonObject devices = new JsonObject().put("registered", registry.deviceCount());
        counts.forEach((s, n) -> devices.put(s.name().toLowerCase().replace('_', '-'), n));
        JsonArray brokers = new JsonArray();
        subscribers.forEach(s -> brokers.add(s.status()));
        return new JsonObject()
                .put("startedAt", startedAt.toString())
                .put("jvm", new JsonObject().put("heapUsedBytes", Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory())
                        .put("heapMaxBytes", Runtime.getRuntime().maxMemory()))
                .put("devices", devices)
                .put("mqtt", new JsonObject().put("port", mqttPort()).put("connections", mqtt.connectionCount())
                        .put("acceptedMessages", mqttMetrics.acceptedMessages()).put("acceptedReadings", mqttMetrics.acceptedReadings())
                        .put("authFailures", mqttMetrics.authFailures()).put("rejected", new JsonObject(new java.util.LinkedHashMap<>(mqttMetrics.rejectedByReason()))))
                .put("hj212", new JsonObject().put("port", hj212Port())
                        .put("acceptedMessages", hj212Metrics.acceptedMessages()).put("acceptedReadings", hj212Metrics.acceptedReadings())
                        .put("authFailures", hj212Metrics.authFailures()).put("rejected", new JsonObject(new java.util.LinkedHashMap<>(hj212Metrics.rejectedByReason()))))
                .put("southbound", new JsonObject().put("brokers", brokers)
                        .put("acceptedMessages", southboundMetrics.acceptedMessages())
                        .put("rejected", new JsonObject(new java.util.LinkedHashMap<>(southboundMetrics.rejectedByReason()))))
                .put("journal", new JsonObject().put("lastSeq", journal.lastSeq()).put("usedBytes", journal.usedBytes())
                        .put("maxBytes", config.journal().maxBytes()))
                .put("tsdb", tsdbWriter.status().put("store", config.tsdb().embedded() ? "embedded QuestDB" : config.tsdb().url().toString()));
    }

    @Override
    public void close() {
        if (lastSeenTimer >= 0) {
            vertx.cancelTimer(lastSeenTimer);
        }
        if (http != null) {
            quietly(() -> http.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
        }
        for (io.vertx.core.VerticleBase v : new io.vertx.core.VerticleBase[] {hj212, mqtt}) {
            if (v != null && v.deploymentID() != null) {
                quietly(() -> vertx.undeploy(v.deploymentID()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
            }
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            AutoCloseable r = resources.get(i);
            quietly(r::close);
        }
        if (vertx != null) {
            quietly(() -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(Step s) {
        try {
            s.run();
        } catch (Exception e) {
            LOG.warn("VIGIL-GATEWAY-002 during shutdown: {}", e.toString());
        }
    }
}
