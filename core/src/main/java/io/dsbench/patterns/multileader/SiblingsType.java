package io.dsbench.patterns.multileader;

import io.dsbench.patterns.quorum.HlcTimestamp;
import io.dsbench.patterns.quorum.HybridLogicalClock;
import java.util.Optional;

/** {@link Siblings} as a replicated type, with one hybrid logical clock per leader that every merge advances. */
final class SiblingsType implements ReplicatedType<Siblings> {
    private final String name;
    private final HybridLogicalClock[] clocks;

    SiblingsType(String name, ReplicationConfig config) {
        this.name = name;
        this.clocks = new HybridLogicalClock[config.leaders()];
        for (int i = 0; i < clocks.length; i++) {
            clocks[i] = new HybridLogicalClock(config.physicalMillis());
        }
    }

    /** A stamp for a write at {@code leader} that is later than every stamp of {@code local}. */
    long stamp(int leader, Siblings local) {
        return local.isEmpty() ? clocks[leader].now().asLong()
                : clocks[leader].update(HlcTimestamp.fromLong(local.maxStamp())).asLong();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Siblings merge(int atLeader, Optional<Siblings> local, Siblings incoming) {
        if (!incoming.isEmpty()) {
            clocks[atLeader].update(HlcTimestamp.fromLong(incoming.maxStamp()));
        }
        return local.map(l -> l.merge(incoming)).orElse(incoming);
    }

    @Override
    public byte[] encode(Siblings state) {
        return Codec.siblings(state);
    }

    @Override
    public Siblings decode(byte[] bytes) {
        return Codec.siblings(bytes);
    }
}
