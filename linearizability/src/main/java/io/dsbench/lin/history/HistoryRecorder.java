package io.dsbench.lin.history;

import io.dsbench.spec.BackendException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records a history from live clients, as Jepsen does: {@code invoke} before the call, {@code ok} / {@code fail} /
 * {@code info} after it. Thread-safe: any number of threads may record concurrently; the recorded order is the
 * order in which the calls to this recorder happened, which is consistent with real time for each thread.
 *
 * <p>Use one {@link Client} per client thread. After an {@code info} (a timeout or lost connection: the op may or
 * may not have taken effect) the client's process is retired and it continues under a fresh process id, exactly as
 * Jepsen does, so no later op of that client is ordered after the indeterminate one.
 */
public final class HistoryRecorder {

    private final List<Op> ops = new ArrayList<>();
    private final AtomicInteger nextProcess = new AtomicInteger();
    private final long startNanos = System.nanoTime();

    /** A new client with a fresh process id. */
    public Client client() {
        return new Client(nextProcess.getAndIncrement());
    }

    private synchronized void append(OpType type, int process, String f, Object value, Object key, Object error) {
        ops.add(new Op(ops.size(), System.nanoTime() - startNanos, type, process, f, value, key, error));
    }

    /** Records a nemesis (fault-injection) event; it is kept but is not a client op. */
    public void nemesis(OpType type, String f, Object value) {
        append(type, Op.NEMESIS, f, value, null, null);
    }

    /** A snapshot of everything recorded so far. */
    public synchronized History history() {
        return History.of(new ArrayList<>(ops));
    }

    /**
     * One client (a Jepsen process). Not thread-safe: use each client from one thread at a time.
     */
    public final class Client {
        private int process;
        private String pendingF;
        private Object pendingKey;

        private Client(int process) {
            this.process = process;
        }

        /** The current process id (changes after {@link #info}). */
        public int process() {
            return process;
        }

        /** Records an invocation. */
        public void invoke(String f, Object value) {
            invoke(f, null, value);
        }

        /** Records an invocation on a key (kv workloads). */
        public void invoke(String f, Object key, Object value) {
            if (pendingF != null) {
                throw new IllegalStateException("process " + process + " already has a pending :" + pendingF);
            }
            pendingF = Objects.requireNonNull(f, "f");
            pendingKey = key;
            append(OpType.INVOKE, process, f, value, key, null);
        }

        /** The pending call completed and took effect with this result. */
        public void ok(Object value) {
            complete(OpType.OK, value, null);
        }

        /** The pending call definitely did not take effect (or failed as observed, e.g. a compare failure). */
        public void fail(Object value, Object error) {
            complete(OpType.FAIL, value, error);
        }

        /**
         * The pending call may or may not have taken effect; the process is retired and the client continues
         * under a fresh process id.
         */
        public void info(Object value, Object error) {
            complete(OpType.INFO, value, error);
            process = nextProcess.getAndIncrement();
        }

        /**
         * Records the completion for an exception thrown by the call: {@code info} for a mutation whose
         * exception may have taken effect (timeouts, lost connections, anything not known to be clean), else
         * {@code fail}. Reads ({@code mutation == false}) that fail are recorded as {@code fail}: they did not
         * change anything and their result is unknown.
         */
        public void failed(Throwable error, boolean mutation) {
            String msg = error.getClass().getSimpleName() + ": " + error.getMessage();
            boolean mayHaveTakenEffect = !(error instanceof BackendException be) || be.mayHaveTakenEffect();
            if (mutation && mayHaveTakenEffect) {
                info(null, msg);
            } else {
                fail(null, msg);
            }
        }

        private void complete(OpType type, Object value, Object error) {
            if (pendingF == null) {
                throw new IllegalStateException("process " + process + " has no pending call to complete");
            }
            String f = pendingF;
            pendingF = null;
            append(type, process, f, value, pendingKey, error);
        }
    }
}
