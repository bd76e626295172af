package io.vigil.gateway.journal;

import io.vigil.model.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Journal} on SQLite in WAL mode with {@code synchronous=FULL}. One writer thread group-commits
 * whatever appends are waiting (one transaction and one fsync for many devices' messages), which
 * keeps acknowledgement latency low under load. Readers use their own connection.
 */
public final class SqliteJournal implements Journal {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteJournal.class);
    private static final int MAX_QUEUED_APPENDS = 65_536;
    private static final int MAX_APPENDS_PER_COMMIT = 4_096;
    private static final long QUOTA_CHECK_EVERY_COMMITS = 64;

    private final Path file;
    private final long maxBytes;
    private final Connection writeConn;
    private final Connection readConn;
    private final BlockingQueue<PendingAppend> queue = new ArrayBlockingQueue<>(MAX_QUEUED_APPENDS);
    private final Map<String, Long> cursors = new ConcurrentHashMap<>();
    private final AtomicLong lastSeq = new AtomicLong();
    private final AtomicLong usedBytes = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final Thread writer;
    private volatile boolean closed;
    private long commits;

    private record PendingAppend(List<Reading> readings, CompletableFuture<Void> done) {
    }

    /** Opens (or creates) the journal at {@code file} with a disk quota of {@code maxBytes}. */
    public static SqliteJournal open(Path file, long maxBytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return new SqliteJournal(file, maxBytes);
        } catch (Exception e) {
            throw new IllegalStateException("VIGIL-JOURNAL-001 cannot open journal " + file + ": " + e.getMessage(), e);
        }
    }

    private SqliteJournal(Path file, long maxBytes) throws SQLException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.writeConn = connect(file);
        try (Statement s = writeConn.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS entries (seq INTEGER PRIMARY KEY, body BLOB NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS dead_letters (id INTEGER PRIMARY KEY AUTOINCREMENT, destination TEXT NOT NULL,"
                    + " seq INTEGER NOT NULL, body BLOB NOT NULL, reason TEXT NOT NULL, at INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS cursors (destination TEXT PRIMARY KEY, acked INTEGER NOT NULL)");
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM entries")) {
                lastSeq.set(rs.getLong(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT destination, acked FROM cursors")) {
                while (rs.next()) {
                    cursors.put(rs.getString(1), rs.getLong(2));
                }
            }
            if (lastSeq.get() == 0) {
                // the entries table may be empty after truncation: continue numbering after the cursors
                try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(acked), 0) FROM cursors")) {
                    lastSeq.set(rs.getLong(1));
                }
            }
        }
        writeConn.setAutoCommit(false);
        this.readConn = connect(file);
        refreshUsedBytes();
        this.writer = new Thread(this::writeLoop, "vigil-journal-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=10000");
        }
        return c;
    }

    @Override
    public CompletableFuture<Void> append(List<Reading> readings) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("journal is closed"));
        } else if (isFull()) {
            done.completeExceptionally(new JournalFullException(
                    "journal " + file + " reached its quota of " + maxBytes + " bytes (journal.maxBytes)"));
        } else if (!queue.offer(new PendingAppend(readings, done))) {
            done.completeExceptionally(new JournalFullException("journal write queue is full (" + MAX_QUEUED_APPENDS + ")"));
        }
        return done;
    }

    private void writeLoop() {
        List<PendingAppend> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                PendingAppend first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_APPENDS_PER_COMMIT - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<PendingAppend> batch) {
        long seq = lastSeq.get();
        try (PreparedStatement insert = writeConn.prepareStatement("INSERT INTO entries (seq, body) VALUES (?, ?)")) {
            for (PendingAppend p : batch) {
                for (Reading r : p.readings) {
                    insert.setLong(1, ++seq);
                    insert.setBytes(2, ReadingSerializer.toBytes(r));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
            writeConn.commit();
        } catch (SQLException | RuntimeException e) {
            LOG.error("VIGIL-JOURNAL-002 journal write failed, {} appends refused: {}", batch.size(), e.getMessage());
            try {
                writeConn.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            for (PendingAppend p : batch) {
                p.done.completeExceptionally(e);
            }
            return;
        }
        lastSeq.set(seq);
        for (PendingAppend p : batch) {
            p.done.complete(null);
        }
        signalAppended();
        if (++commits % QUOTA_CHECK_EVERY_COMMITS == 0) {
            refreshUsedBytes();
        }
    }

    private void signalAppended() {
        lock.lock();
        try {
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void awaitNewer(long afterSeq, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (lastSeq.get() <= afterSeq && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                appended.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void registerDestination(String destination) {
        cursors.computeIfAbsent(destination, d -> {
            long start = lastSeq.get();
            saveCursor(d, start);
            return start;
        });
    }

    @Override
    public synchronized List<JournalEntry> read(String destination, int max) {
        long after = cursor(destination);
        List<JournalEntry> out = new ArrayList<>(Math.min(max, 1024));
        try (PreparedStatement q = readConn.prepareStatement("SELECT seq, body FROM entries WHERE seq > ? ORDER BY seq LIMIT ?")) {
            q.setLong(1, after);
            q.setInt(2, max);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new JournalEntry(rs.getLong(1), ReadingSerializer.fromBytes(rs.getBytes(2))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("VIGIL-JOURNAL-003 journal read failed: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void acknowledge(String destination, long seq) {
        if (seq <= cursor(destination)) {
            return;
        }
        cursors.put(destination, seq);
        saveCursor(destination, seq);
        truncate();
    }

    private long cursor(String destination) {
        Long c = cursors.get(destination);
        if (c == null) {
            throw new IllegalArgumentException("unknown journal destination " + destination);
        }
        return c;
    }

    private synchronized void saveCursor(String destination, long acked) {
        try (PreparedStatement s = readConn.prepareStatement(
                "INSERT INTO cursors (destination, acked) VALUES (?, ?) ON CONFLICT(destination) DO UPDATE SET acked = excluded.acked")) {
            s.setString(1, destination);
            s.setLong(2, acked);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("VIGIL-JOURNAL-004 cannot save cursor of " + destination + ": " + e.getMessage(), e);
        }
    }

    /** Deletes entries every destination has acknowledged. */
    private synchronized void truncate() {
        long min = cursors.values().stream().mapToLong(Long::longValue).min().orElse(0);
        try (PreparedStatement s = readConn.prepareStatement("DELETE FROM entries WHERE seq <= ?")) {
            s.setLong(1, min);
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("VIGIL-JOURNAL-005 journal truncation failed (will retry on the next acknowledgement): {}", e.getMessage());
        }
        refreshUsedBytes();
    }

    private synchronized void refreshUsedBytes() {
        try (Statement s = readConn.createStatement();
             ResultSet rs = s.executeQuery("SELECT (page_count - freelist_count) * page_size FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()")) {
            usedBytes.set(rs.getLong(1));
        } catch (SQLException e) {
            LOG.warn("VIGIL-JOURNAL-006 cannot measure journal size: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void deadLetter(String destination, List<JournalEntry> entries, String reason) {
        try (PreparedStatement s = readConn.prepareStatement(
                "INSERT INTO dead_letters (destination, seq, body, reason, at) VALUES (?, ?, ?, ?, ?)")) {
            for (JournalEntry e : entries) {
                s.setString(1, destination);
                s.setLong(2, e.seq());
                s.setBytes(3, ReadingSerializer.toBytes(e.reading()));
                s.setString(4, reason);
                s.setLong(5, System.currentTimeMillis());
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("VIGIL-JOURNAL-008 cannot store dead letters: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized long deadLetterCount(String destination) {
        try (PreparedStatement s = readConn.prepareStatement("SELECT COUNT(*) FROM dead_letters WHERE destination = ?")) {
            s.setString(1, destination);
            try (ResultSet rs = s.executeQuery()) {
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("VIGIL-JOURNAL-009 cannot count dead letters: " + e.getMessage(), e);
        }
    }

    @Override
    public long depth(String destination) {
        return Math.max(0, lastSeq.get() - cursor(destination));
    }

    @Override
    public long lastSeq() {
        return lastSeq.get();
    }

    @Override
    public long usedBytes() {
        return usedBytes.get();
    }

    @Override
    public boolean isFull() {
        return usedBytes.get() >= maxBytes;
    }

    @Override
    public void close() {
        closed = true;
        signalAppended();
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (PendingAppend p; (p = queue.poll()) != null; ) {
            p.done.completeExceptionally(new IllegalStateException("journal closed"));
        }
        synchronized (this) {
            closeQuietly(readConn);
        }
        closeQuietly(writeConn);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("VIGIL-JOURNAL-007 closing journal connection: {}", e.getMessage());
        }
    }
}
