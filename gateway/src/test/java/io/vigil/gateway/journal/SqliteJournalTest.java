package io.vigil.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.Measurement;
import io.vigil.model.Quality;
import io.vigil.model.Reading;
import io.vigil.model.Unit;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Component tests of the journal on a real SQLite file. */
class SqliteJournalTest {
    @TempDir
    Path dir;

    private static Reading reading(String device, int i) {
        return new Reading(device, Instant.ofEpochMilli(1_700_000_000_000L + i),
                Map.of("pm10", new Measurement(i, Unit.UG_PER_M3, Quality.NORMAL)), Map.of("site", "s1", "region", "c/d"));
    }

    @Test
    void appendedEntriesSurviveReopenInOrder() throws Exception {
        try (SqliteJournal j = SqliteJournal.open(dir.resolve("j.db"), 1L << 30)) {
            j.registerDestination("tsdb");
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                acks.add(j.append(List.of(reading("d" + (i % 7), i))));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        }
        try (SqliteJournal j = SqliteJournal.open(dir.resolve("j.db"), 1L << 30)) {
            j.registerDestination("tsdb");
            assertThat(j.lastSeq()).isEqualTo(500);
            assertThat(j.depth("tsdb")).isEqualTo(500);
            List<JournalEntry> all = j.read("tsdb", 1000);
            assertThat(all).hasSize(500);
            for (int i = 0; i < 500; i++) {
                assertThat(all.get(i).seq()).isEqualTo(i + 1);
                assertThat(all.get(i).reading()).isEqualTo(reading("d" + (i % 7), i));
            }
        }
    }

    @Test
    void acknowledgedEntriesAreNotReadAgainAndCursorSurvivesReopen() throws Exception {
        try (SqliteJournal j = SqliteJournal.open(dir.resolve("j.db"), 1L << 30)) {
            j.registerDestination("tsdb");
            for (int i = 0; i < 10; i++) {
                j.append(List.of(reading("d", i))).get(5, TimeUnit.SECONDS);
            }
            List<JournalEntry> first = j.read("tsdb", 4);
            j.acknowledge("tsdb", first.get(3).seq());
            assertThat(j.read("tsdb", 100)).extracting(JournalEntry::seq).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
        }
        try (SqliteJournal j = SqliteJournal.open(dir.resolve("j.db"), 1L << 30)) {
            assertThat(j.read("tsdb", 100)).extracting(JournalEntry::seq).startsWith(5L).hasSize(6);
        }
    }

    @Test
    void entriesStayUntilEveryDestinationAcknowledged() throws Exception {
        try (SqliteJournal j = SqliteJournal.open(dir.resolve("j.db"), 1L << 30)) {
            j.registerDestination("a");
            j.registerDestination("b");
            for (int i = 0; i < 3; i++) {
                j.append(List.of(reading("d", i))).get(5, TimeUnit.SECONDS);
            }
            j.acknowledge("a", 3);
            assertThat(j.read("b", 10)).hasSize(3);
            j.acknowledge("b", 3);
            assertThat(j.read("a", 10)).isEmpty();
        }
        try (SqliteJournal j = SqliteJournal.open(dir.resolve("j.db"), 1L << 30)) {
            j.append(List.of(reading("d", 99))).get(5, TimeUnit.SECONDS);
            assertThat(j.lastSeq()).as("numbering continues after truncation and reopen").isEqualTo(4);
        }
    }

    @Test
    void newDestinationStartsAtTheEnd() throws Exception {
        try (SqliteJournal j = SqliteJournal.open(dir.resolve("j.db"), 1L << 30)) {
            j.registerDestination("old");
            j.append(List.of(reading("d", 1))).get(5, TimeUnit.SECONDS);
            j.registerDestination("new");
            assertThat(j.read("new", 10)).isEmpty();
            assertThat(j.depth("old")).isEqualTo(1);
        }
    }

    @Test
    void refusesAppendsOverQuotaButKeepsWhatItHas() throws Exception {
        try (SqliteJournal j = SqliteJournal.open(dir.resolve("j.db"), 1)) {
            j.registerDestination("tsdb");
            assertThatThrownBy(() -> j.append(List.of(reading("d", 1))).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(JournalFullException.class)
                    .hasMessageContaining("journal.maxBytes");
        }
    }

    @Test
    void deadLettersAreCountedPerDestination() throws Exception {
        try (SqliteJournal j = SqliteJournal.open(dir.resolve("j.db"), 1L << 30)) {
            j.registerDestination("tsdb");
            j.append(List.of(reading("d", 1))).get(5, TimeUnit.SECONDS);
            j.deadLetter("tsdb", j.read("tsdb", 1), "HTTP 400: bad line");
            assertThat(j.deadLetterCount("tsdb")).isEqualTo(1);
            assertThat(j.deadLetterCount("other")).isZero();
        }
    }

    @Test
    void awaitNewerReturnsOnceSomethingIsAppended() throws Exception {
        try (SqliteJournal j = SqliteJournal.open(dir.resolve("j.db"), 1L << 30)) {
            CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
                try {
                    j.awaitNewer(0, 30_000);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            j.append(List.of(reading("d", 1))).get(5, TimeUnit.SECONDS);
            waiter.get(10, TimeUnit.SECONDS);
            assertThat(j.lastSeq()).isEqualTo(1);
        }
    }
}
