package io.dsbench.lin.checker;

import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.Operation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wing &amp; Gong's linearizability search over one partition, with Lowe's memoization: a configuration is the set
 * of operations linearized so far (compactly encoded, see {@link LinearizedSet}) plus the model state, and a
 * configuration seen before is not explored again. Operations are kept in a doubly linked list of call and return entries in real-time order; linearizing an
 * operation lifts both its entries out of the list, backtracking puts them back (dancing links).
 *
 * <p>Optional operations (unknown outcome) may be linearized anywhere after their call, or left out: when the
 * search reaches the return entry of an optional operation that is not linearized, it may drop it. Operations that
 * never returned have no return entry; the search succeeds once every required operation is linearized.
 *
 * <p>Not thread-safe: one instance per partition and thread.
 */
final class WglSearch {

    /** How the search ended. */
    enum End { OK, NOT, TIMEOUT, TOO_LARGE, CANCELLED, DEFERRED }

    private static final int NIL = -1;
    private static final int MAX_STATES = 16;

    private final Model model;
    private final Operation[] ops;
    private final int n;
    private final long deadline;
    private final AtomicLong memoBytes;
    private final long memoBudget;
    private final AtomicBoolean cancel;
    private final int maxEntries;
    private long flushed;

    // evidence
    int bestReturnPos = -1;
    int bestOp = -1;
    int[] bestWitness = new int[0];
    final Set<Object> bestStates = new LinkedHashSet<>();

    WglSearch(Model model, List<Operation> ops, long deadline, AtomicLong memoBytes, long memoBudget,
              AtomicBoolean cancel, int maxEntries) {
        this.maxEntries = maxEntries;
        this.model = model;
        this.ops = ops.toArray(new Operation[0]);
        this.n = this.ops.length;
        this.deadline = deadline;
        this.memoBytes = memoBytes;
        this.memoBudget = memoBudget;
        this.cancel = cancel;
    }

    /** Runs the search; the memo's bytes are released from the shared account when it ends. */
    End run() {
        try {
            return search();
        } finally {
            memoBytes.addAndGet(-flushed);
        }
    }

    private End search() {
        if (n == 0) {
            return End.OK;
        }
        // Build the entry list: call entry of op i = 2i, return entry = 2i+1; head = 2n.
        int head = 2 * n;
        int[] next = new int[2 * n + 1];
        int[] prev = new int[2 * n + 1];
        long[] keys = new long[2 * n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            keys[m++] = ((long) ops[i].callPos() << 32) | (2L * i);
            if (ops[i].returnPos() != Integer.MAX_VALUE) {
                keys[m++] = ((long) ops[i].returnPos() << 32) | (2L * i + 1);
            }
        }
        Arrays.sort(keys, 0, m);
        int last = head;
        for (int k = 0; k < m; k++) {
            int e = (int) (keys[k] & 0xFFFFFFFFL);
            next[last] = e;
            prev[e] = last;
            last = e;
        }
        next[last] = NIL;
        boolean[] hasReturn = new boolean[n];
        boolean[] optional = new boolean[n];
        int required = 0;
        for (int i = 0; i < n; i++) {
            hasReturn[i] = ops[i].returnPos() != Integer.MAX_VALUE;
            optional[i] = ops[i].optional();
            if (!optional[i]) {
                required++;
            }
        }

        LinearizedSet linearized = new LinearizedSet(hasReturn);
        MemoTable memo = new MemoTable();
        Object state = model.initialState();
        int[] stackOp = new int[n];
        Object[] stackState = new Object[n];
        boolean[] stackDropped = new boolean[n];
        int depth = 0;
        int requiredLeft = required;
        int entry = next[head];
        long iterations = 0;
        long localBytes = 0;

        while (true) {
            if (requiredLeft == 0) {
                return End.OK;
            }
            if ((++iterations & 0x3FF) == 0) {
                if (cancel.get()) {
                    return End.CANCELLED;
                }
                if (deadline != 0 && System.nanoTime() - deadline > 0) {
                    return End.TIMEOUT;
                }
            }
            boolean backtrack;
            if (entry == NIL) {
                backtrack = true;
            } else if ((entry & 1) == 0) {
                int i = entry >>> 1;
                Object s2 = model.step(state, ops[i]);
                if (s2 != Model.INCONSISTENT) {
                    linearized.add(i);
                    linearized.encode();
                    if (memo.add(linearized.key(), linearized.keyLength(), s2, linearized.hash())) {
                        localBytes += MemoTable.bytesPerEntry(linearized.keyLength());
                        if (localBytes > 1 << 20) {
                            flushed += localBytes;
                            if (memoBytes.addAndGet(localBytes) > memoBudget) {
                                return End.TOO_LARGE;
                            }
                            localBytes = 0;
                        }
                        if (memo.size() > maxEntries) {
                            return End.DEFERRED;
                        }
                        stackOp[depth] = i;
                        stackState[depth] = state;
                        stackDropped[depth] = false;
                        depth++;
                        state = s2;
                        lift(i, next, prev, hasReturn);
                        if (!optional[i]) {
                            requiredLeft--;
                        }
                        entry = next[head];
                        continue;
                    }
                    linearized.remove(i);
                }
                entry = next[entry];
                continue;
            } else {
                int i = entry >>> 1;
                if (optional[i]) {
                    // leave the optional op out: it never took effect
                    linearized.add(i);
                    linearized.encode();
                    if (memo.add(linearized.key(), linearized.keyLength(), state, linearized.hash())) {
                        localBytes += MemoTable.bytesPerEntry(linearized.keyLength());
                        stackOp[depth] = i;
                        stackState[depth] = state;
                        stackDropped[depth] = true;
                        depth++;
                        lift(i, next, prev, hasReturn);
                        entry = next[head];
                        continue;
                    }
                    linearized.remove(i);
                } else {
                    noteFailure(i, state, stackOp, depth, stackDropped);
                }
                backtrack = true;
            }
            if (backtrack) {
                boolean again = true;
                while (again) {
                    if (depth == 0) {
                        return End.NOT;
                    }
                    depth--;
                    int i = stackOp[depth];
                    state = stackState[depth];
                    linearized.remove(i);
                    unlift(i, next, prev, hasReturn);
                    if (!optional[i]) {
                        requiredLeft++;
                    }
                    again = stackDropped[depth];
                    entry = next[2 * i];
                }
            }
        }
    }

    private void noteFailure(int i, Object state, int[] stackOp, int depth, boolean[] dropped) {
        int pos = ops[i].returnPos();
        if (pos > bestReturnPos) {
            bestReturnPos = pos;
            bestOp = i;
            bestStates.clear();
            int c = 0;
            int[] w = new int[depth];
            for (int k = 0; k < depth; k++) {
                if (!dropped[k]) {
                    w[c++] = stackOp[k];
                }
            }
            bestWitness = Arrays.copyOf(w, c);
        }
        if (pos == bestReturnPos && bestStates.size() < MAX_STATES) {
            bestStates.add(state);
        }
    }

    private static void lift(int i, int[] next, int[] prev, boolean[] hasReturn) {
        int c = 2 * i;
        next[prev[c]] = next[c];
        if (next[c] != NIL) {
            prev[next[c]] = prev[c];
        }
        if (hasReturn[i]) {
            int r = c + 1;
            next[prev[r]] = next[r];
            if (next[r] != NIL) {
                prev[next[r]] = prev[r];
            }
        }
    }

    private static void unlift(int i, int[] next, int[] prev, boolean[] hasReturn) {
        int c = 2 * i;
        if (hasReturn[i]) {
            int r = c + 1;
            next[prev[r]] = r;
            if (next[r] != NIL) {
                prev[next[r]] = r;
            }
        }
        next[prev[c]] = c;
        if (next[c] != NIL) {
            prev[next[c]] = c;
        }
    }

    /** The witness prefix as operations. */
    List<Operation> witness() {
        List<Operation> out = new ArrayList<>(bestWitness.length);
        for (int i : bestWitness) {
            out.add(ops[i]);
        }
        return out;
    }

    Operation failing() {
        return bestOp < 0 ? null : ops[bestOp];
    }
}
