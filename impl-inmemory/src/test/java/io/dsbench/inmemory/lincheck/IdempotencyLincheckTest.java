package io.dsbench.inmemory.lincheck;

import io.dsbench.spec.idempotency.Claim;
import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Lincheck: {@code InMemoryIdempotencyStore} claim/complete/release/lookup; each thread keeps its own last claim. */
@Param(name = "key", gen = IntGen.class, conf = "1:2")
@Param(name = "fp", gen = IntGen.class, conf = "1:2")
@Param(name = "thread", gen = ThreadIdGen.class)
public class IdempotencyLincheckTest extends AbstractLincheckTest {
    private final IdempotencyStore store = backend.idempotency(new IdempotencyConfig(freshNamespace("lc-idem"),
            Duration.ofHours(1), Duration.ofHours(1)));
    private final Claim[] claims = new Claim[8];

    @Operation
    public String claim(@Param(name = "thread") int thread, @Param(name = "key") int key, @Param(name = "fp") int fp) {
        ClaimResult r = store.claim("k" + key, "fp" + fp);
        r.claim().ifPresent(c -> claims[thread] = c);
        return r.status() + r.claim().map(c -> ":" + c.token()).orElse("")
                + r.result().map(b -> ":" + new String(b, StandardCharsets.UTF_8)).orElse("");
    }

    @Operation
    public boolean complete(@Param(name = "thread") int thread) {
        Claim c = claims[thread];
        return c != null && store.complete(c, ("r" + thread).getBytes(StandardCharsets.UTF_8));
    }

    @Operation
    public boolean release(@Param(name = "thread") int thread) {
        Claim c = claims[thread];
        return c != null && store.release(c);
    }

    @Operation
    public String lookup(@Param(name = "key") int key) {
        return store.lookup("k" + key).map(r -> r.fingerprint() + ":" + r.completed()
                + r.result().map(b -> ":" + new String(b, StandardCharsets.UTF_8)).orElse("")).orElse("none");
    }
}
