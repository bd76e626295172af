package io.vigil.gateway.journal;

import io.vigil.model.Reading;

/** A journal entry: the reading and its position in the journal. */
public record JournalEntry(long seq, Reading reading) {
}
