package io.vigil.gateway.tsdb;

import io.questdb.Bootstrap;
import io.questdb.DefaultBootstrapConfiguration;
import io.questdb.FactoryProviderFactoryImpl;
import io.questdb.PropServerConfiguration;
import io.questdb.ServerConfiguration;
import io.questdb.ServerMain;
import io.questdb.log.LogFactory;
import io.questdb.std.FilesFacadeImpl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The embedded time-series store: QuestDB in this JVM, configured in code (no server.conf), with
 * only its HTTP endpoint on 127.0.0.1 (InfluxDB v2 write API and SQL {@code /exec}). Its own log
 * goes to a size-bounded file under its root, errors only.
 */
public final class EmbeddedQuestDb implements AutoCloseable {
    /** DDL of the readings table: deduplicated on (time, device, metric) so a replayed batch adds no rows. */
    public static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + LineProtocol.MEASUREMENT
            + " (device SYMBOL, metric SYMBOL, site SYMBOL, region SYMBOL, unit SYMBOL, quality SYMBOL, value DOUBLE,"
            + " timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY DAY WAL DEDUP UPSERT KEYS(timestamp, device, metric)";

    private static final String LOG_CONF = String.join("\n",
            "writers=file",
            "w.file.class=io.questdb.log.LogRollingFileWriter",
            "w.file.location=${log.dir}/questdb-${date:yyyyMMdd}.log",
            "w.file.level=ERROR,CRITICAL",
            "w.file.rollEvery=day",
            "w.file.rollSize=16m",
            "w.file.lifeDuration=7d",
            "w.file.sizeLimit=64m",
            "w.file.bufferSize=64k",
            "w.file.spinBeforeFlush=1000",
            "");

    private final Path root;
    private final int requestedPort;
    private ServerMain server;

    public EmbeddedQuestDb(Path root, int httpPort) {
        this.root = root.toAbsolutePath();
        this.requestedPort = httpPort;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.setProperty("http.net.bind.to", "127.0.0.1:" + requestedPort);
        p.setProperty("http.min.enabled", "false");
        p.setProperty("pg.enabled", "false");
        p.setProperty("line.tcp.enabled", "false");
        p.setProperty("line.udp.enabled", "false");
        p.setProperty("line.http.enabled", "true");
        p.setProperty("telemetry.enabled", "false");
        p.setProperty("telemetry.disable.completely", "true");
        p.setProperty("metrics.enabled", "false");
        p.setProperty("cairo.mat.view.enabled", "false");
        p.setProperty("view.compiler.worker.count", "1");
        p.setProperty("shared.network.worker.count", "1");
        p.setProperty("shared.query.worker.count", "1");
        p.setProperty("shared.write.worker.count", "1");
        p.setProperty("wal.apply.worker.count", "1");
        p.setProperty("http.net.connection.limit", "32");
        // QuestDB's workers spin between jobs; on a 2-core edge box that idle spinning costs a third of
        // a core, so they yield and sleep almost at once (the journal, not QuestDB, sets ingest latency)
        for (String pool : new String[] {"shared.worker", "wal.apply.worker"}) {
            p.setProperty(pool + ".yield.threshold", "1");
            p.setProperty(pool + ".nap.threshold", "2");
            p.setProperty(pool + ".sleep.threshold", "5");
        }
        p.setProperty("cairo.sql.copy.root", "");
        return p;
    }

    /** Starts the store; blocks until it serves HTTP. */
    public synchronized EmbeddedQuestDb start() throws IOException {
        Files.createDirectories(root.resolve("conf"));
        Path logConf = root.resolve("conf/log.conf");
        if (!Files.exists(logConf)) {
            Files.writeString(logConf, LOG_CONF, StandardCharsets.UTF_8);
        }
        // QuestDB's log factory is a JVM-wide singleton configured on first use, before Bootstrap sets its root
        LogFactory.configureRootDir(root.toString());
        Properties props = properties();
        Map<String, String> env = new LinkedHashMap<>(); // never the process environment: QDB_* variables stay out
        DefaultBootstrapConfiguration bc = new DefaultBootstrapConfiguration() {
            @Override
            public Map<String, String> getEnv() {
                return env;
            }

            @Override
            public boolean useSite() {
                return false;
            }

            @Override
            public ServerConfiguration getServerConfiguration(Bootstrap b) throws Exception {
                return new PropServerConfiguration(b.getRootDirectory(), props, env, b.getLog(), b.getBuildInformation(),
                        FilesFacadeImpl.INSTANCE, b.getMicrosecondClock(), FactoryProviderFactoryImpl.INSTANCE);
            }
        };
        ServerMain s = new ServerMain(new Bootstrap(bc, Bootstrap.getServerMainArgs(root.toString())));
        try {
            s.start(false);
            s.awaitStartup();
        } catch (Throwable t) {
            try {
                s.close();
            } catch (Throwable t2) {
                t.addSuppressed(t2);
            }
            throw new IOException("VIGIL-TSDB-010 embedded QuestDB did not start under " + root + ": " + t.getMessage(), t);
        }
        server = s;
        return this;
    }

    /** The HTTP port actually bound. */
    public int httpPort() {
        return server.getHttpServerPort();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
