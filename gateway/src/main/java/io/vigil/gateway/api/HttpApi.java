package io.vigil.gateway.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vigil.config.VigilConfig;
import io.vigil.gateway.registry.Registry;
import io.vigil.gateway.registry.RegistryException;
import io.vigil.gateway.registry.RegistryJson;
import io.vigil.gateway.tsdb.ReadingStore;
import io.vigil.gateway.tsdb.StoredValue;
import io.vigil.model.Channel;
import io.vigil.model.Device;
import io.vigil.model.DeviceStatus;
import io.vigil.model.Region;
import io.vigil.model.Site;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side: REST API under {@code /api/v1}, {@code /health}, {@code /metrics}, the console at {@code /}.
 * Errors are JSON {@code {"error": "...", "field": "..."}} with 400 (invalid), 404, 409 or 503.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final int MAX_LIMIT = 10_000;
    private static final String JSON = "application/json";

    private final Vertx vertx;
    private final VigilConfig.Http config;
    private final Registry registry;
    private final ReadingStore readings;
    private final PrometheusMeterRegistry meters;
    private final Supplier<JsonObject> status;
    private final Supplier<Health> health;
    private final Function<String, Optional<JsonObject>> hj212Connection;
    private final Clock clock;
    private HttpServer server;

    public HttpApi(Vertx vertx, VigilConfig.Http config, Registry registry, ReadingStore readings, PrometheusMeterRegistry meters,
                   Supplier<JsonObject> status, Supplier<Health> health,
                   Function<String, Optional<JsonObject>> hj212Connection, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.registry = registry;
        this.readings = readings;
        this.meters = meters;
        this.status = status;
        this.health = health;
        this.hj212Connection = hj212Connection;
        this.clock = clock;
    }

    public Future<HttpServer> start() {
        Router r = Router.router(vertx);
        r.route("/api/v1/*").handler(BodyHandler.create().setBodyLimit(1 << 20));
        r.get("/health").handler(this::health);
        r.get("/metrics").handler(ctx -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4").end(meters.scrape()));
        r.get("/api/v1/openapi.yaml").handler(ctx -> ctx.response().putHeader("content-type", "application/yaml").end(resource("openapi.yaml")));
        r.get("/api/v1/status").handler(ctx -> json(ctx, 200, status.get()));

        resource(r, new Resource<>("region", registry::regions, registry::region, RegistryJson::toJson,
                RegistryJson::region, Region::id, registry::putRegion, registry::deleteRegion));
        resource(r, new Resource<>("site", registry::sites, registry::site, RegistryJson::toJson,
                RegistryJson::site, Site::id, registry::putSite, registry::deleteSite));
        resource(r, new Resource<RegistryJson.DeviceInput, Device>("device", registry::devices, registry::device, this::deviceJson,
                RegistryJson::device, in -> in.device().id(), registry::putDevice,
                registry::deleteDevice));
        r.get("/api/v1/devices/:id/readings").handler(this::deviceReadings);
        r.get("/api/v1/devices/:id/latest").handler(this::deviceLatest);
        r.route("/api/v1/*").handler(ctx -> error(ctx, 404, "no such API resource: " + ctx.request().method() + " " + ctx.request().path(), null));

        r.route("/*").handler(StaticHandler.create("console").setCachingEnabled(false));
        // no cleartext HTTP/2 upgrade: a JDK HttpClient's h2c upgrade against it was seen to hang on large
        // responses; every client speaks HTTP/1.1 here, and HTTP/2 belongs behind TLS
        server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setHttp2ClearTextEnabled(false));
        return server.requestHandler(r).listen(config.port(), config.host())
                .onSuccess(s -> LOG.info("HTTP API and console on http://{}:{}/", config.host(), s.actualPort()));
    }

    public int actualPort() {
        return server.actualPort();
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private JsonObject deviceJson(Device d) {
        Instant seen = registry.lastSeen(d.id());
        JsonObject j = RegistryJson.toJson(d);
        registry.hj212(d.id()).ifPresent(b -> j.put("hj212", RegistryJson.toJson(b)
                .put("connection", hj212Connection.apply(d.id()).orElse(null))));
        return j
                .put("status", DeviceStatus.of(seen, d.expectedInterval(), clock.instant()).name().toLowerCase().replace('_', '-'))
                .put("lastSeen", seen == null ? null : seen.toString())
                .put("expectedInterval", d.expectedInterval().toString());
    }

    /**
     * One registry collection under /api/v1/{name}s: list, get, create (409 if the id exists),
     * replace, delete. {@code I} is the parsed input, {@code T} what the registry stores.
     */
    private record Resource<I, T>(String name, Supplier<List<T>> list, Function<String, Optional<T>> get,
                                  Function<T, JsonObject> toJson, BiFunction<JsonObject, String, I> parse, Function<I, String> idOf,
                                  Function<I, T> put, Consumer<String> delete) {
    }

    private <I, T> void resource(Router r, Resource<I, T> res) {
        String base = "/api/v1/" + res.name() + "s";
        r.get(base).handler(ctx -> json(ctx, 200, array(res.list().get().stream().map(res.toJson()).toList())));
        r.get(base + "/:id").handler(ctx -> found(ctx, res.get().apply(ctx.pathParam("id")).map(res.toJson()).orElse(null), res.name()));
        r.post(base).handler(ctx -> change(ctx, 201, () -> {
            I in = res.parse().apply(body(ctx), null);
            String id = res.idOf().apply(in);
            if (res.get().apply(id).isPresent()) {
                throw RegistryException.conflict(res.name() + " '" + id + "' already exists; use PUT " + base + "/" + id + " to change it");
            }
            return res.toJson().apply(res.put().apply(in));
        }));
        r.put(base + "/:id").handler(ctx -> change(ctx, 200,
                () -> res.toJson().apply(res.put().apply(res.parse().apply(body(ctx), ctx.pathParam("id"))))));
        r.delete(base + "/:id").handler(ctx -> change(ctx, 204, () -> {
            res.delete().accept(ctx.pathParam("id"));
            return null;
        }));
    }

    private void deviceReadings(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Device d = registry.device(id).orElse(null);
        if (d == null) {
            error(ctx, 404, "device '" + id + "' does not exist", null);
            return;
        }
        try {
            String metric = ctx.queryParams().get("metric");
            if (metric != null && d.channel(metric).isEmpty()) {
                throw RegistryException.invalid("metric", "'" + metric + "' is not a channel of device '" + id + "' (declared: "
                        + String.join(", ", d.channels().stream().map(Channel::metric).toList()) + ")");
            }
            // default window: the last 24 hours (plus a day ahead for devices whose clocks run fast)
            Instant now = clock.instant();
            Instant to = time(ctx, "to", now.plusSeconds(86_400));
            Instant from = time(ctx, "from", ctx.queryParams().contains("to") ? to.minusSeconds(86_400) : now.minusSeconds(86_400));
            if (!from.isBefore(to)) {
                throw RegistryException.invalid("from", "must be before 'to'");
            }
            int limit = limit(ctx);
            readings.readings(id, metric, from, to, limit).onComplete(ar -> {
                if (ar.failed()) {
                    storeUnavailable(ctx, ar.cause());
                } else {
                    json(ctx, 200, new JsonObject().put("device", id).put("from", from.toString()).put("to", to.toString())
                            .put("readings", array(ar.result().stream().map(StoredValue::toJson).toList())));
                }
            });
        } catch (RegistryException e) {
            registryError(ctx, e);
        }
    }

    private void deviceLatest(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (registry.device(id).isEmpty()) {
            error(ctx, 404, "device '" + id + "' does not exist", null);
            return;
        }
        readings.latest(id).onComplete(ar -> {
            if (ar.failed()) {
                storeUnavailable(ctx, ar.cause());
            } else {
                JsonObject values = new JsonObject();
                ar.result().forEach(v -> values.put(v.metric(), v.toJson()));
                Instant seen = registry.lastSeen(id);
                json(ctx, 200, new JsonObject().put("device", id).put("lastSeen", seen == null ? null : seen.toString()).put("values", values));
            }
        });
    }

    private void storeUnavailable(RoutingContext ctx, Throwable cause) {
        LOG.warn("VIGIL-API-002 time-series query failed: {}", cause.getMessage());
        error(ctx, 503, "time-series store unavailable: " + cause.getMessage(), null);
    }

    private static Instant time(RoutingContext ctx, String param, Instant fallback) {
        String s = ctx.queryParams().get(param);
        if (s == null || s.isBlank()) {
            return fallback;
        }
        try {
            return s.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(s)) : OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw RegistryException.invalid(param, "'" + s + "' is neither epoch milliseconds nor ISO-8601 with offset (2026-11-23T08:00:00+08:00)");
        }
    }

    private static int limit(RoutingContext ctx) {
        String s = ctx.queryParams().get("limit");
        if (s == null) {
            return 1000;
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw RegistryException.invalid("limit", "'" + s + "' must be an integer from 1 to " + MAX_LIMIT);
    }

    /**
     * 200 while the gateway accepts data (a failing store or broker only makes it DEGRADED: readings
     * are kept in the journal meanwhile); 503 when it cannot accept data.
     */
    private void health(RoutingContext ctx) {
        Health h = health.get();
        json(ctx, h == Health.DOWN ? 503 : 200, new JsonObject().put("status", h.name()).put("details", status.get()));
    }

    /** Overall state for /health. */
    public enum Health { UP, DEGRADED, DOWN }

    private static JsonObject body(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw RegistryException.invalid("", "request body must be a JSON object");
        }
        try {
            Object v = io.vertx.core.json.Json.decodeValue(text);
            if (!(v instanceof JsonObject o)) {
                throw RegistryException.invalid("", "request body must be a JSON object");
            }
            return o;
        } catch (DecodeException e) {
            throw RegistryException.invalid("", "request body is not valid JSON: " + e.getMessage());
        }
    }

    /** Runs a registry change on a worker (SQLite, bcrypt) and answers with its result. */
    private void change(RoutingContext ctx, int okStatus, Callable<JsonObject> work) {
        vertx.executeBlocking(work, true).onComplete(ar -> {
            if (ar.succeeded()) {
                if (okStatus == 204) {
                    ctx.response().setStatusCode(204).end();
                } else {
                    json(ctx, okStatus, ar.result());
                }
            } else if (ar.cause() instanceof RegistryException e) {
                registryError(ctx, e);
            } else if (ar.cause() instanceof IllegalArgumentException e) {
                error(ctx, 400, e.getMessage(), null);
            } else {
                LOG.error("VIGIL-API-001 registry change failed", ar.cause());
                error(ctx, 500, "internal error: " + ar.cause().getMessage(), null);
            }
        });
    }

    private static void registryError(RoutingContext ctx, RegistryException e) {
        int code = switch (e.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
        };
        String field = e.field() == null || e.field().isEmpty() ? null : e.field();
        error(ctx, code, field == null ? e.getMessage() : field + ": " + e.getMessage(), field);
    }

    private static void found(RoutingContext ctx, JsonObject value, String what) {
        if (value == null) {
            error(ctx, 404, what + " '" + ctx.pathParam("id") + "' does not exist", null);
        } else {
            json(ctx, 200, value);
        }
    }

    private static void error(RoutingContext ctx, int status, String message, String field) {
        JsonObject e = new JsonObject().put("error", message);
        if (field != null) {
            e.put("field", field);
        }
        json(ctx, status, e);
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("content-type", JSON)
                .end(body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode());
    }

    private static JsonArray array(List<JsonObject> items) {
        return new JsonArray(new java.util.ArrayList<>(items));
    }

    private static String resource(String name) {
        try (InputStream in = HttpApi.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            return "";
        }
    }
}
