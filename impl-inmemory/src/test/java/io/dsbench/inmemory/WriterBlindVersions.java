package io.dsbench.inmemory;

import io.dsbench.patterns.quorum.QuorumEnvelope;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;

import java.util.Optional;

/**
 * A planted bug: a quorum store whose versions leave out the writer id, as they did before QUORUM-10, i.e. only the
 * clock reading. Two writers whose clocks read the same millisecond and counter report the same version, and a
 * compare-and-set against that version succeeds whichever of the two writes is current.
 */
final class WriterBlindVersions implements KeyValueStore {
    private final KeyValueStore quorum;

    WriterBlindVersions(KeyValueStore quorum) {
        this.quorum = quorum;
    }

    private static long blind(long version) {
        return version == ABSENT ? ABSENT : version & ~(long) QuorumEnvelope.MAX_WRITER;
    }

    @Override
    public String namespace() {
        return quorum.namespace();
    }

    @Override
    public Optional<Versioned> get(String key) {
        return quorum.get(key).map(v -> new Versioned(v.value(), blind(v.version())));
    }

    @Override
    public long put(String key, byte[] value) {
        return blind(quorum.put(key, value));
    }

    @Override
    public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
        long current = quorum.get(key).map(Versioned::version).orElse(ABSENT);
        long expected = blind(current) == expectedVersion ? current : expectedVersion;
        CasResult r = quorum.compareAndSet(key, expected, value);
        return r.succeeded() ? CasResult.success(blind(r.version())) : CasResult.failure(blind(r.version()));
    }

    @Override
    public boolean delete(String key) {
        return quorum.delete(key);
    }

    @Override
    public CasResult compareAndDelete(String key, long expectedVersion) {
        long current = quorum.get(key).map(Versioned::version).orElse(ABSENT);
        return quorum.compareAndDelete(key, blind(current) == expectedVersion ? current : expectedVersion);
    }
}
