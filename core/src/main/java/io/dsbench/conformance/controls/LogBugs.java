package io.dsbench.conformance.controls;

import static io.dsbench.conformance.controls.PlantedBug.log;

import io.dsbench.conformance.ForwardingBackend;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Planted bugs of the LOG rules: each a realistic defect of a durable log. */
final class LogBugs {
    private LogBugs() {
    }

    static List<PlantedBug> all() {
        return List.of(
                new PlantedBug("LOG-1", "sequences start at 0", log(l -> new Forwarding.Log(l) {
                    @Override
                    public long append(byte[] payload) {
                        return d.append(payload) - 1;
                    }
                })),
                new PlantedBug("LOG-2", "append reports lastSequence() read after appending", log(l -> new Forwarding.Log(l) {
                    @Override
                    public long append(byte[] payload) {
                        d.append(payload);
                        Bugs.roundTrip();
                        return d.lastSequence();
                    }
                })),
                new PlantedBug("LOG-3", "a read past the end returns the last record", log(l -> new Forwarding.Log(l) {
                    @Override
                    public List<LogRecord> read(long fromSequence, int maxRecords) {
                        List<LogRecord> r = d.read(fromSequence, maxRecords);
                        long last = d.lastSequence();
                        return r.isEmpty() && last > 0 ? d.read(last, 1) : r;
                    }
                })),
                new PlantedBug("LOG-5", "payloads stored as UTF-8 text (binary corrupted)", log(l -> new Forwarding.Log(l) {
                    @Override
                    public long append(byte[] payload) {
                        return d.append(new String(payload, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
                    }
                })),
                new PlantedBug("LOG-6", "maxRecords below 1 is taken as 1", log(l -> new Forwarding.Log(l) {
                    @Override
                    public List<LogRecord> read(long fromSequence, int maxRecords) {
                        return d.read(fromSequence, Math.max(1, maxRecords));
                    }
                })),
                new PlantedBug("LOG-7", "the log name is ignored (one log for all)", Bugs.backend(b -> new ForwardingBackend(b, "planted-bug") {
                    @Override
                    public DurableLog log(String name) {
                        return delegate.log("shared");
                    }
                })));
    }
}
