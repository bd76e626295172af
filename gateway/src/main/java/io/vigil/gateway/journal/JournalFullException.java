package io.vigil.gateway.journal;

/** The journal reached its disk quota (or its write queue is full); the caller should ask the device to retry. */
public final class JournalFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JournalFullException(String message) {
        super(message);
    }
}
