package io.dsbench.inmemory.lincheck;

import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogRecord;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Lincheck: {@code InMemoryDurableLog} append/read/lastSequence. */
public class DurableLogLincheckTest extends AbstractLincheckTest {
    private final DurableLog log = backend.log(freshNamespace("lc-log"));

    @Operation
    public long append(@Param(gen = IntGen.class, conf = "1:9") int v) {
        return log.append(Integer.toString(v).getBytes(StandardCharsets.UTF_8));
    }

    @Operation
    public List<String> read(@Param(gen = IntGen.class, conf = "1:3") int from) {
        List<String> out = new ArrayList<>();
        for (LogRecord r : log.read(from, 3)) {
            out.add(r.sequence() + ":" + new String(r.payload(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Operation
    public long lastSequence() {
        return log.lastSequence();
    }
}
