package io.dsbench.patterns.caching;

import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.spec.BackendException;

/** Shared helpers of the strategies: the call policy and the hook invocation. */
final class Calls {
    private Calls() {
    }

    static void hook(ReadHook hook, String key) {
        try {
            hook.afterStoreRead(key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(BackendException.Kind.ERROR, false, "read of '" + key + "' interrupted", e);
        }
    }

    static void run(RemoteCalls calls, String op, Runnable body) {
        calls.callUnchecked(op, () -> {
            body.run();
            return null;
        });
    }
}
