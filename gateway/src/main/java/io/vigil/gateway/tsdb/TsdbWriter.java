package io.vigil.gateway.tsdb;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vigil.gateway.journal.Journal;
import io.vigil.gateway.journal.JournalEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the journal into the time-series store: batches of up to {@code batchSize} readings, at
 * most one partial batch per flush interval; an entry leaves the journal only after the store
 * acknowledged it. Retryable failures (timeouts, 5xx, 429) back off exponentially with jitter and
 * honour Retry-After; a batch the store refuses outright (other 4xx) is split to find the bad lines,
 * which go to the journal's dead letters with the reason. Runs on its own thread.
 */
public final class TsdbWriter implements AutoCloseable {
    /** Journal destination name. */
    public static final String DESTINATION = "tsdb";
    private static final Logger LOG = LoggerFactory.getLogger(TsdbWriter.class);
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final Journal journal;
    private final TsdbSink sink;
    private final int batchSize;
    private final long flushMillis;
    private final Thread thread;
    private final Counter written;
    private final Counter failures;
    private volatile boolean running = true;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant lastWriteAt;
    private volatile boolean retrying;

    public TsdbWriter(Journal journal, TsdbSink sink, int batchSize, Duration flushInterval, MeterRegistry meters) {
        this.journal = journal;
        this.sink = sink;
        this.batchSize = batchSize;
        this.flushMillis = flushInterval.toMillis();
        journal.registerDestination(DESTINATION);
        this.written = Counter.builder("vigil.tsdb.written").description("Readings written to the time-series store").register(meters);
        this.failures = Counter.builder("vigil.tsdb.write.failures").description("Failed write attempts").register(meters);
        meters.gauge("vigil.tsdb.backlog", journal, j -> j.depth(DESTINATION));
        this.thread = new Thread(this::run, "vigil-tsdb-writer");
        thread.setDaemon(true);
    }

    public TsdbWriter start() {
        thread.start();
        return this;
    }

    private void run() {
        long lastWriteNanos = 0;
        long backoff = 0;
        while (running) {
            try {
                List<JournalEntry> batch = journal.read(DESTINATION, batchSize);
                if (batch.isEmpty()) {
                    journal.awaitNewer(journal.lastSeq(), flushMillis * 5 + 100);
                    continue;
                }
                long sinceLast = (System.nanoTime() - lastWriteNanos) / 1_000_000;
                if (batch.size() < batchSize && sinceLast < flushMillis) {
                    // linger: let a partial batch fill up rather than send many small requests
                    journal.awaitNewer(batch.get(batch.size() - 1).seq() + (batchSize - batch.size()), flushMillis - sinceLast);
                    if (batch.size() < batchSize) {
                        batch = journal.read(DESTINATION, batchSize);
                    }
                }
                lastWriteNanos = System.nanoTime();
                writeOrDeadLetter(batch);
                journal.acknowledge(DESTINATION, batch.get(batch.size() - 1).seq());
                written.increment(countLines(batch));
                lastWriteAt = Instant.now();
                retrying = false;
                backoff = 0;
            } catch (TsdbWriteException e) {
                failures.increment();
                backoff = backoff == 0 ? 250 : Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                long wait = Math.max(e.retryAfterMillis(), backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
                if (!retrying) {
                    LOG.warn("VIGIL-TSDB-001 time-series write failed, backlog {} readings kept in the journal; retrying with backoff: {}",
                            journal.depth(DESTINATION), e.getMessage());
                }
                retrying = true;
                lastError = e.getMessage();
                lastErrorAt = Instant.now();
                sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("VIGIL-TSDB-003 time-series writer error; retrying in 1 s", e);
                lastError = e.toString();
                lastErrorAt = Instant.now();
                sleep(1000);
            }
        }
    }

    private void writeOrDeadLetter(List<JournalEntry> batch) {
        try {
            sink.write(lines(batch));
        } catch (TsdbWriteException e) {
            if (e.retryable()) {
                throw e;
            }
            if (batch.size() == 1) {
                LOG.error("VIGIL-TSDB-002 the store refused reading #{} of device '{}'; moved to dead letters: {}",
                        batch.get(0).seq(), batch.get(0).reading().deviceId(), e.getMessage());
                journal.deadLetter(DESTINATION, batch, e.getMessage());
                return;
            }
            int half = batch.size() / 2;
            writeOrDeadLetter(batch.subList(0, half));
            writeOrDeadLetter(batch.subList(half, batch.size()));
        }
    }

    private static List<String> lines(List<JournalEntry> batch) {
        List<String> lines = new ArrayList<>(batch.size());
        StringBuilder b = new StringBuilder(256);
        for (JournalEntry e : batch) {
            b.setLength(0);
            LineProtocol.append(e.reading(), b);
            b.setLength(b.length() - 1);
            lines.add(b.toString());
        }
        return lines;
    }

    private static int countLines(List<JournalEntry> batch) {
        int n = 0;
        for (JournalEntry e : batch) {
            n += e.reading().values().size();
        }
        return n;
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** State for /api/v1/status. */
    public JsonObject status() {
        return new JsonObject()
                .put("state", retrying ? "retrying" : "ok")
                .put("backlog", journal.depth(DESTINATION))
                .put("written", (long) written.count())
                .put("deadLetters", journal.deadLetterCount(DESTINATION))
                .put("lastWriteAt", lastWriteAt == null ? null : lastWriteAt.toString())
                .put("lastError", lastError)
                .put("lastErrorAt", lastErrorAt == null ? null : lastErrorAt.toString());
    }

    public boolean healthy() {
        return !retrying;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
