package io.dsbench.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.conformance.ConformanceRule.Level;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogRecord;
import io.dsbench.spi.Backend;
import io.dsbench.spi.Capability;
import io.dsbench.spi.Faults;
import java.time.Duration;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Conformance rules LOG-1..LOG-8 for {@link DurableLog}. Extend it and implement {@link #openBackend()};
 * every rule uses a fresh log name.
 *
 * <p>LOG-4 (needs {@link Capability#DURABLE}) restarts the backend's servers in place through
 * {@link Backend#faults()} ({@link Faults#restartAll}: SIGKILL and start, the same client reconnects) when the
 * backend offers faults; otherwise it closes the backend and opens it again through
 * {@link #reopenBackend(Backend)}: override that hook when {@link #openBackend()} does not reach the same
 * data on a second call (e.g. it starts a fresh server or picks a random key prefix): restart the same
 * server on the same data directory, with the same config, instead.
 */
public abstract class DurableLogVerification extends AbstractVerification {

    /** A log with a fresh name. */
    protected DurableLog log() {
        return backend.log(unique("log"));
    }

    /**
     * Closes {@code current} and opens the backend again on the same data, for LOG-4 (a server restart for
     * real servers). In a {@link KitSuite}, the suite's {@link KitSuite#reopenBackend(Backend)} does it.
     * Otherwise the default closes it with {@link #closeBackend(Backend)} and calls {@link #openBackend()}
     * again; it must return a new instance.
     */
    protected Backend reopenBackend(Backend current) {
        if (suite().isPresent()) {
            return suite().get().reopenBackend(current);
        }
        closeBackend(current);
        return openBackend();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(LogRecord r) {
        return new String(r.payload(), StandardCharsets.UTF_8);
    }

    private static List<Long> sequences(List<LogRecord> records) {
        List<Long> out = new ArrayList<>();
        for (LogRecord r : records) {
            out.add(r.sequence());
        }
        return out;
    }

    /**
     * Verifies that appends to a new log get sequence numbers 1, 2, 3, ... and that reading returns the
     * records in order with their payloads: from the start, from the middle, limited by maxRecords; and that
     * {@code lastSequence} follows the appends.
     *
     * <p>If this fails, check the counter behind sequence numbers (INCR, a revision mapped to a dense
     * sequence) and the order of the read (ascending).
     */
    @Test
    @ConformanceRule(id = "LOG-1", title = "appends get sequence numbers 1, 2, 3, ...; reads return records in order")
    public void required_LOG1_appendAndReadInOrder() {
        DurableLog log = log();
        for (int i = 1; i <= 5; i++) {
            assertThat(log.append(utf8("record-" + i))).as("LOG-1: sequence of append %d", i).isEqualTo(i);
            assertThat(log.lastSequence()).as("LOG-1: lastSequence after append %d", i).isEqualTo(i);
        }
        List<LogRecord> all = log.read(1, 100);
        assertThat(sequences(all)).as("LOG-1: read(1, 100)").containsExactly(1L, 2L, 3L, 4L, 5L);
        for (LogRecord r : all) {
            assertThat(text(r)).as("LOG-1: payload of record %d", r.sequence()).isEqualTo("record-" + r.sequence());
        }
        assertThat(sequences(log.read(3, 100))).as("LOG-1: read(3, 100)").containsExactly(3L, 4L, 5L);
        assertThat(sequences(log.read(2, 2))).as("LOG-1: read(2, 2)").containsExactly(2L, 3L);
        assertThat(log.name()).isNotEmpty();
    }

    /**
     * Verifies that 8 threads appending 50 records each produce a log of exactly 400 records numbered 1..400
     * without gaps or duplicates, each record at the sequence its append returned, and each thread's
     * sequences increasing in its program order.
     *
     * <p>If this fails, check that assigning the sequence number and storing the record are one atomic step
     * (or that a record is stored under the number its counter handed out, with nothing else written there).
     */
    @Test
    @ConformanceRule(id = "LOG-2", title = "concurrent appends: every record present once, in one total order, no gaps")
    public void required_LOG2_concurrentAppends() {
        DurableLog log = log();
        int threads = 8;
        int perThread = 50;
        List<List<Long>> bySeq = concurrently(threads, env.operationBound().multipliedBy(3), t -> {
            List<Long> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                mine.add(log.append(utf8("t" + t + "-" + i)));
            }
            return mine;
        });
        Map<Long, String> expected = new HashMap<>();
        for (int t = 0; t < threads; t++) {
            List<Long> mine = bySeq.get(t);
            for (int i = 0; i < perThread; i++) {
                if (i > 0) {
                    assertThat(mine.get(i)).as("LOG-2: thread %d's append %d", t, i).isGreaterThan(mine.get(i - 1));
                }
                String previous = expected.put(mine.get(i), "t" + t + "-" + i);
                assertThat(previous).as("LOG-2: sequence %d returned twice", mine.get(i)).isNull();
            }
        }
        int total = threads * perThread;
        assertThat(log.lastSequence()).as("LOG-2: lastSequence").isEqualTo(total);
        List<LogRecord> all = new ArrayList<>();
        long from = 1;
        for (int page = 0; page < total && from <= total; page++) {
            List<LogRecord> chunk = log.read(from, 100);
            assertThat(chunk).as("LOG-2: read(%d, 100) within the log", from).isNotEmpty();
            all.addAll(chunk);
            from = chunk.get(chunk.size() - 1).sequence() + 1;
        }
        assertThat(all).as("LOG-2: records read").hasSize(total);
        for (int i = 0; i < total; i++) {
            LogRecord r = all.get(i);
            assertThat(r.sequence()).as("LOG-2: record %d of the read", i).isEqualTo(i + 1L);
            assertThat(text(r)).as("LOG-2: payload at sequence %d", r.sequence()).isEqualTo(expected.get(r.sequence()));
        }
    }

    /**
     * Verifies that an empty log has lastSequence 0 and reads as empty, and that reading from just past the
     * end, or far past it, is empty (not an error).
     *
     * <p>If this fails, check the bounds of the range read and the mapping of "nothing there" to an empty
     * list.
     */
    @Test
    @ConformanceRule(id = "LOG-3", title = "reading past the end is empty")
    public void required_LOG3_readPastEndIsEmpty() {
        DurableLog log = log();
        assertThat(log.lastSequence()).as("LOG-3: lastSequence of an empty log").isZero();
        assertThat(log.read(1, 10)).as("LOG-3: read of an empty log").isNotNull().isEmpty();
        for (int i = 0; i < 3; i++) {
            log.append(utf8("r" + i));
        }
        assertThat(log.read(4, 10)).as("LOG-3: read(4, 10) of a 3-record log").isEmpty();
        assertThat(log.read(1_000_000, 10)).as("LOG-3: read far past the end").isEmpty();
        assertThat(sequences(log.read(3, 10))).as("LOG-3: read of the last record").containsExactly(3L);
    }

    /**
     * Verifies durability: records appended before the servers crash and restart ({@link Faults#restartAll}),
     * or, for a backend without faults, before it is closed and opened again ({@link #reopenBackend(Backend)}),
     * are all there afterwards, with their
     * sequences and payloads, and the next append continues the numbering.
     *
     * <p>If this fails, check the server's persistence settings (fsync/AOF, data directory kept across the
     * restart) and that the reopened backend uses the same key prefix.
     */
    @Test
    @ConformanceRule(id = "LOG-4", title = "records survive closing and reopening the backend (a server restart)",
            level = Level.OPTIONAL, requires = Capability.DURABLE)
    public void optional_LOG4_recordsSurviveReopen() {
        String name = unique("log");
        DurableLog log = backend.log(name);
        for (int i = 1; i <= 10; i++) {
            log.append(utf8("durable-" + i));
        }
        Optional<Faults> faults = backend.faults();
        DurableLog reopened;
        if (faults.isPresent()) {
            // restart the backend's own servers in place (SIGKILL, start): works on a backend shared by a whole run
            faults.get().restartAll(env.scaled(Duration.ofSeconds(60)));
            reopened = backend.log(name);
        } else {
            Backend before = backend;
            backend = reopenBackend(before);
            assertThat(backend).as("LOG-4: reopenBackend must return a new Backend instance").isNotSameAs(before);
            reopened = backend.log(name);
        }
        assertThat(reopened.lastSequence()).as("LOG-4: lastSequence after reopening").isEqualTo(10);
        List<LogRecord> records = reopened.read(1, 100);
        assertThat(records).as("LOG-4: records after reopening").hasSize(10);
        for (LogRecord r : records) {
            assertThat(text(r)).as("LOG-4: payload of record %d", r.sequence()).isEqualTo("durable-" + r.sequence());
        }
        assertThat(reopened.append(utf8("after"))).as("LOG-4: sequence of the first append after reopening").isEqualTo(11);
    }

    /**
     * Verifies that payloads round-trip exactly: empty, all 256 byte values, and 64 KiB of random bytes; and
     * that changing the appended or returned arrays afterwards changes nothing in the log.
     *
     * <p>If this fails, check payload encoding (binary-safe storage, no string conversion).
     */
    @Test
    @ConformanceRule(id = "LOG-5", title = "payloads (empty, binary, 64 KiB) round-trip exactly and are immutable")
    public void required_LOG5_payloadsRoundTrip() {
        DurableLog log = log();
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        byte[] big = new byte[64 * 1024];
        new Random(7).nextBytes(big);
        byte[] appended = big.clone();
        log.append(new byte[0]);
        log.append(all);
        log.append(appended);
        appended[0] ^= 1;
        List<LogRecord> records = log.read(1, 10);
        assertThat(records).hasSize(3);
        assertThat(records.get(0).payload()).as("LOG-5: empty payload").isEmpty();
        assertThat(records.get(1).payload()).as("LOG-5: all byte values").isEqualTo(all);
        assertThat(records.get(2).payload()).as("LOG-5: 64 KiB payload (after changing the appended array)").isEqualTo(big);
        records.get(1).payload()[0] = 42;
        assertThat(log.read(2, 1).get(0).payload()).as("LOG-5: after changing a returned array").isEqualTo(all);
    }

    /**
     * Verifies argument checks: a null payload, a start sequence below 1 and a maxRecords below 1 are
     * {@link IllegalArgumentException}s naming the argument, and append nothing.
     *
     * <p>If this fails, check the validation at the top of append and read.
     */
    @Test
    @ConformanceRule(id = "LOG-6", title = "a null payload, a sequence below 1 or maxRecords below 1 is rejected with a clear error")
    public void required_LOG6_badArgumentsAreRejected() {
        DurableLog log = log();
        assertThatThrownBy(() -> log.append(null)).as("LOG-6: append(null)")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payload");
        assertThatThrownBy(() -> log.read(0, 10)).as("LOG-6: read(0, 10)")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fromSequence");
        assertThatThrownBy(() -> log.read(-5, 10)).as("LOG-6: read(-5, 10)")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fromSequence");
        assertThatThrownBy(() -> log.read(1, 0)).as("LOG-6: read(1, 0)")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRecords");
        assertThat(log.lastSequence()).as("LOG-6: rejected calls appended nothing").isZero();
    }

    /**
     * Verifies that logs with different names are isolated (each numbers from 1), and that two handles of one
     * name share records and numbering.
     *
     * <p>If this fails, check how the log name is combined into server keys (a name that is a prefix of
     * another must not share records).
     */
    @Test
    @ConformanceRule(id = "LOG-7", title = "logs are isolated by name; handles of one name share records")
    public void required_LOG7_logsAreIsolatedByName() {
        String name = unique("log");
        DurableLog a = backend.log(name);
        DurableLog sameAsA = backend.log(name);
        DurableLog b = backend.log(name + "-other");
        DurableLog prefix = backend.log(name.substring(0, name.length() - 1));
        assertThat(a.append(utf8("a1"))).isEqualTo(1);
        assertThat(b.append(utf8("b1"))).as("LOG-7: first append to another log").isEqualTo(1);
        assertThat(sameAsA.append(utf8("a2"))).as("LOG-7: append through a second handle of the same log").isEqualTo(2);
        assertThat(prefix.lastSequence()).as("LOG-7: a log whose name is a prefix").isZero();
        assertThat(a.read(1, 10)).extracting(DurableLogVerification::text).as("LOG-7: log a").containsExactly("a1", "a2");
        assertThat(b.read(1, 10)).extracting(DurableLogVerification::text).as("LOG-7: log b").containsExactly("b1");
    }

    /**
     * Verifies the conditional append {@link DurableLog#appendAt}: on an empty log {@code appendAt(1)} succeeds;
     * {@code appendAt} at a position already taken, or past the end (a gap), returns false and writes nothing;
     * a sequence below 1 is rejected. Then, 20 times, 8 threads released together by a latch all call
     * {@code appendAt} with the same next position: exactly one returns true, the log grows by exactly one
     * record, and that record is the winner's payload. This is what fences a recovering coordinator from the
     * original (TPC-7, SAGA-8).
     *
     * <p>If this fails, check that comparing the last sequence number and writing the record are one atomic
     * step on the server (an etcd transaction comparing the counter, one Lua script, one lock), not a read
     * followed by an append.
     */
    @Test
    @ConformanceRule(id = "LOG-8", title = "conditional append: of concurrent appendAt calls at the same position exactly one wins; a taken or gapped position writes nothing")
    public void required_LOG8_conditionalAppendHasOneWinner() {
        DurableLog log = log();
        assertThat(log.appendAt(1, utf8("first"))).as("LOG-8: appendAt(1) on an empty log").isTrue();
        assertThat(log.appendAt(1, utf8("again"))).as("LOG-8: appendAt(1) when record 1 exists").isFalse();
        assertThat(log.appendAt(3, utf8("gap"))).as("LOG-8: appendAt(3) when the last record is 1 (a gap)").isFalse();
        assertThat(log.lastSequence()).as("LOG-8: refused appendAt calls write nothing").isEqualTo(1);
        assertThat(log.read(1, 10)).extracting(DurableLogVerification::text).as("LOG-8: records").containsExactly("first");
        assertThatThrownBy(() -> log.appendAt(0, utf8("x"))).as("LOG-8: sequence 0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence");
        int threads = 8;
        for (int round = 0; round < 20; round++) {
            long position = log.lastSequence() + 1;
            int r = round;
            List<Boolean> won = concurrently(threads, env.operationBound(),
                    t -> log.appendAt(position, utf8("round" + r + "-t" + t)));
            List<Integer> winners = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                if (won.get(t)) {
                    winners.add(t);
                }
            }
            assertThat(winners).as("LOG-8: threads whose appendAt(%d) returned true, round %d (exactly one may win)",
                    position, round).hasSize(1);
            assertThat(log.lastSequence()).as("LOG-8: last sequence after round %d", round).isEqualTo(position);
            assertThat(log.read(position, 10)).extracting(DurableLogVerification::text)
                    .as("LOG-8: the record at %d is the winner's, and the only one", position)
                    .containsExactly("round" + round + "-t" + winners.get(0));
        }
    }
}
