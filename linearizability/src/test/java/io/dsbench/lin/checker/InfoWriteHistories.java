package io.dsbench.lin.checker;

import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates register histories of the shape a partition produces (issue 9 item 15): thousands of reads and writes
 * of unique values by concurrent clients, and some writes whose client timed out ({@code :info}): each of those
 * took effect before the timeout, after it (the server applied it after the client gave up), or never. A client
 * that timed out is replaced by a new process, as Jepsen does. The generated history is linearizable by
 * construction: it is recorded from a simulated atomic register, each operation taking effect at one instant
 * between its invocation and its completion. A planted violation changes one late read so that no linearization
 * exists (see {@link #plant}). Deterministic per seed; not thread-safe.
 */
final class InfoWriteHistories {

    /** A generated history and what it holds. */
    record Generated(History history, int ops, int infoWrites, boolean planted, String violation) {
    }

    private record Pending(int slot, int process, boolean write, long value, boolean info, boolean applied,
                           long observed) {
    }

    private InfoWriteHistories() {
    }

    /**
     * @param seed       the random seed
     * @param ops        number of operations (invocations), e.g. 10,000-20,000
     * @param infoWrites number of writes that end in {@code :info}
     * @param clients    concurrent clients
     * @param plant      whether to plant a violation
     */
    static Generated generate(long seed, int ops, int infoWrites, int clients, boolean plant) {
        Random rnd = new Random(seed);
        List<Op> out = new ArrayList<>(2 * ops);
        Pending[] pending = new Pending[clients];
        int[] process = new int[clients];
        for (int c = 0; c < clients; c++) {
            process[c] = c;
        }
        List<long[]> inFlight = new ArrayList<>(); // timed-out writes not applied yet: {value}
        long register = 0;
        long nextValue = 1;
        int invoked = 0;
        int infos = 0;
        double infoP = (double) infoWrites / (ops * 0.4);
        while (invoked < ops || anyPending(pending)) {
            // a timed-out write lands late now and then, or is lost for ever when the history ends
            if (!inFlight.isEmpty() && rnd.nextInt(40) == 0) {
                long[] w = inFlight.remove(rnd.nextInt(inFlight.size()));
                register = w[0];
            }
            int c = rnd.nextInt(clients);
            Pending p = pending[c];
            if (p == null) {
                if (invoked == ops) {
                    continue;
                }
                invoked++;
                boolean write = rnd.nextInt(10) < 4;
                boolean info = write && infos < infoWrites && rnd.nextDouble() < infoP * 1.2;
                if (info) {
                    infos++;
                }
                long v = write ? nextValue++ : 0;
                out.add(Op.of(OpType.INVOKE, process[c], write ? "write" : "read", write ? v : null));
                pending[c] = new Pending(out.size() - 1, process[c], write, v, info, false, 0);
            } else if (!p.applied() && rnd.nextInt(3) != 0) {
                if (p.info() && rnd.nextInt(3) == 0) {
                    // times out before taking effect: lands later (maybe) or never
                    if (rnd.nextBoolean()) {
                        inFlight.add(new long[] {p.value()});
                    }
                    out.add(new Op(-1, -1, OpType.INFO, p.process(), "write", p.value(), null, Keyword.TIMED_OUT));
                    pending[c] = null;
                    process[c] += clients;
                    continue;
                }
                long seen = register;
                if (p.write()) {
                    register = p.value();
                }
                pending[c] = new Pending(p.slot(), p.process(), p.write(), p.value(), p.info(), true, seen);
            } else if (p.applied()) {
                if (p.info()) {
                    out.add(new Op(-1, -1, OpType.INFO, p.process(), "write", p.value(), null, Keyword.TIMED_OUT));
                    process[c] += clients;
                } else {
                    out.add(Op.of(OpType.OK, p.process(), p.write() ? "write" : "read",
                            p.write() ? p.value() : p.observed()));
                }
                pending[c] = null;
            }
        }
        History h = History.of(out);
        String violation = null;
        if (plant) {
            violation = plant(out, rnd);
            h = History.of(out);
        }
        return new Generated(h, ops, infos, plant, violation);
    }

    private static boolean anyPending(Pending[] pending) {
        for (Pending p : pending) {
            if (p != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Plants a violation in the last third of the history, one of two kinds by chance. A stale read: a read invoked
     * after write w2 completed, where w2 was invoked after write w1 completed, returns w1's value (w1 precedes w2,
     * values are unique, so after w2 the register never holds w1's value again). A read from the future: a read
     * returns the value of a write invoked only after the read completed.
     */
    static String plant(List<Op> ops, Random rnd) {
        int from = ops.size() * 2 / 3 + rnd.nextInt(ops.size() / 6);
        boolean future = rnd.nextBoolean();
        for (int i = from; i < ops.size(); i++) {
            Op inv = ops.get(i);
            if (inv.type() != OpType.INVOKE || !inv.f().equals("read")) {
                continue;
            }
            int ret = completion(ops, i);
            if (ret < 0 || ops.get(ret).type() != OpType.OK) {
                continue;
            }
            Long value = future ? writeInvokedAfter(ops, ret) : staleValue(ops, i);
            if (value == null) {
                continue;
            }
            ops.set(ret, ops.get(ret).withValue(value));
            return (future ? "read from the future" : "stale read") + " at event " + ret + ": " + value;
        }
        throw new IllegalStateException("no read to plant a violation in");
    }

    private static int completion(List<Op> ops, int invoke) {
        int p = ops.get(invoke).process();
        for (int j = invoke + 1; j < ops.size(); j++) {
            if (ops.get(j).process() == p) {
                return j;
            }
        }
        return -1;
    }

    private static Long writeInvokedAfter(List<Op> ops, int pos) {
        for (int j = pos + 1; j < ops.size(); j++) {
            Op o = ops.get(j);
            if (o.type() == OpType.INVOKE && o.f().equals("write")) {
                return (Long) o.value();
            }
        }
        return null;
    }

    /** w1's value where w1 completed (ok) before w2 was invoked, and w2 completed (ok) before {@code readInvoke}. */
    private static Long staleValue(List<Op> ops, int readInvoke) {
        int w2Invoke = -1;
        for (int j = readInvoke - 1; j >= 0 && w2Invoke < 0; j--) {
            Op o = ops.get(j);
            if (o.type() == OpType.OK && o.f().equals("write")) {
                w2Invoke = invocation(ops, j);
            }
        }
        for (int j = w2Invoke - 1; j >= 0; j--) {
            Op o = ops.get(j);
            if (o.type() == OpType.OK && o.f().equals("write")) {
                return (Long) o.value();
            }
        }
        return null;
    }

    private static int invocation(List<Op> ops, int completion) {
        int p = ops.get(completion).process();
        for (int j = completion - 1; j >= 0; j--) {
            if (ops.get(j).process() == p) {
                return j;
            }
        }
        throw new IllegalStateException("no invocation for event " + completion);
    }

    /** The :timed-out error keyword. */
    private static final class Keyword {
        static final io.dsbench.lin.history.Keyword TIMED_OUT = io.dsbench.lin.history.Keyword.of("timed-out");
    }
}
