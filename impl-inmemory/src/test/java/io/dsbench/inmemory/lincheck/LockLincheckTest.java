package io.dsbench.inmemory.lincheck;

import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;

import java.time.Duration;
import java.util.Optional;

/**
 * Lincheck: {@code InMemoryLockService} tryAcquire/release/renew; each thread keeps its own last grant (indexed by
 * Lincheck's thread id, so no state is shared outside the service).
 */
@Param(name = "lock", gen = IntGen.class, conf = "1:2")
@Param(name = "thread", gen = ThreadIdGen.class)
public class LockLincheckTest extends AbstractLincheckTest {
    private final LockService locks = backend.locks(new LockConfig(freshNamespace("lc-lock"), Duration.ofHours(1)));
    private final LockGrant[] grants = new LockGrant[8];

    @Operation
    public long tryAcquire(@Param(name = "thread") int thread, @Param(name = "lock") int lock) {
        Optional<LockGrant> g = locks.tryAcquire("l" + lock);
        g.ifPresent(x -> grants[thread] = x);
        return g.map(LockGrant::fencingToken).orElse(-1L);
    }

    @Operation
    public boolean release(@Param(name = "thread") int thread) {
        LockGrant g = grants[thread];
        return g != null && locks.release(g);
    }

    @Operation
    public boolean renew(@Param(name = "thread") int thread) {
        LockGrant g = grants[thread];
        return g != null && locks.renew(g);
    }
}
