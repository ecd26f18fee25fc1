package io.dsbench.inmemory.lincheck;

import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

import java.nio.charset.StandardCharsets;

/** Lincheck: {@code InMemoryKeyValueStore} get/put/compareAndSet/delete/compareAndDelete on two keys. */
@Param(name = "key", gen = IntGen.class, conf = "1:2")
@Param(name = "value", gen = IntGen.class, conf = "1:3")
@Param(name = "version", gen = IntGen.class, conf = "0:3")
public class KeyValueLincheckTest extends AbstractLincheckTest {
    private final KeyValueStore kv = backend.keyValue(freshNamespace("lc-kv"));

    @Operation
    public String get(@Param(name = "key") int key) {
        return kv.get("k" + key).map(v -> new String(v.value(), StandardCharsets.UTF_8) + "@" + v.version())
                .orElse("absent");
    }

    @Operation
    public long put(@Param(name = "key") int key, @Param(name = "value") int value) {
        return kv.put("k" + key, bytes(value));
    }

    @Operation
    public String cas(@Param(name = "key") int key, @Param(name = "version") int version, @Param(name = "value") int value) {
        CasResult r = kv.compareAndSet("k" + key, version, bytes(value));
        return r.succeeded() + "@" + r.version();
    }

    @Operation
    public boolean delete(@Param(name = "key") int key) {
        return kv.delete("k" + key);
    }

    @Operation
    public String compareAndDelete(@Param(name = "key") int key, @Param(name = "version") int version) {
        CasResult r = kv.compareAndDelete("k" + key, version);
        return r.succeeded() + "@" + r.version();
    }

    private static byte[] bytes(int v) {
        return Integer.toString(v).getBytes(StandardCharsets.UTF_8);
    }
}
