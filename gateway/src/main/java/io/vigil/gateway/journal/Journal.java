package io.vigil.gateway.journal;

import io.vigil.model.Reading;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable, ordered journal of accepted readings that every northbound destination drains.
 *
 * <p>Guarantees: {@link #append} completes only after the readings are on disk (they survive a
 * {@code kill -9} or power loss from then on); entries keep their append order; each destination
 * has its own cursor, and an entry is removed only when every registered destination has
 * acknowledged it. Thread-safe.
 */
public interface Journal extends AutoCloseable {

    /** Appends readings durably, in order. Fails with {@link JournalFullException} over the quota. */
    CompletableFuture<Void> append(List<Reading> readings);

    /** Registers a destination; a new destination starts after the last entry already in the journal. */
    void registerDestination(String destination);

    /** Up to {@code max} entries after the destination's cursor, oldest first. Blocking: call off the event loop. */
    List<JournalEntry> read(String destination, int max);

    /** Moves the destination's cursor to {@code seq}: everything up to it is delivered. Blocking. */
    void acknowledge(String destination, long seq);

    /** Keeps entries a destination refused for good, with the reason, for inspection and replay. Blocking. */
    void deadLetter(String destination, List<JournalEntry> entries, String reason);

    /** How many dead letters a destination has. */
    long deadLetterCount(String destination);

    /** Entries not yet acknowledged by the destination. */
    long depth(String destination);

    /** Sequence number of the newest entry, 0 when none was ever written. */
    long lastSeq();

    /** Bytes the journal occupies on disk (used pages). */
    long usedBytes();

    /** Whether the journal reached its disk quota, so appends are refused. */
    boolean isFull();

    /** Blocks until an entry newer than {@code afterSeq} exists or the timeout passes. */
    void awaitNewer(long afterSeq, long timeoutMillis) throws InterruptedException;

    @Override
    void close();
}
