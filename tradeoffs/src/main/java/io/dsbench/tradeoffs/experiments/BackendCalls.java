package io.dsbench.tradeoffs.experiments;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the calls each process of an experiment makes to the backend: a primitive handed to a process (the
 * orchestrator's saga log, a service's key-value namespace, ...) is wrapped in a proxy that counts every call under
 * that process's name, and the records returned by reads ({@code DurableLog.read}). Accessors that do not reach the
 * backend ({@code name}, {@code namespace}, {@code config}) are not counted. Thread-safe.
 */
final class BackendCalls {
    private static final Set<String> LOCAL = Set.of("name", "namespace", "config", "toString", "hashCode", "equals");

    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> recordsRead = new ConcurrentHashMap<>();

    /** {@code target} seen through a proxy that counts its calls as {@code process}'s. */
    <T> T wrap(Class<T> type, T target, String process) {
        AtomicLong n = calls.computeIfAbsent(process, p -> new AtomicLong());
        AtomicLong read = recordsRead.computeIfAbsent(process, p -> new AtomicLong());
        InvocationHandler h = (proxy, method, args) -> invoke(target, method, args, n, read);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
    }

    private static Object invoke(Object target, Method method, Object[] args, AtomicLong n, AtomicLong read)
            throws Throwable {
        boolean counted = !LOCAL.contains(method.getName());
        if (counted) {
            n.incrementAndGet();
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (counted && method.getName().equals("read") && result instanceof List<?> l) {
            read.addAndGet(l.size());
        }
        return result;
    }

    /** Calls made by {@code process} so far. */
    long calls(String process) {
        AtomicLong n = calls.get(process);
        return n == null ? 0 : n.get();
    }

    /** Log records returned to {@code process} by reads so far. */
    long recordsRead(String process) {
        AtomicLong n = recordsRead.get(process);
        return n == null ? 0 : n.get();
    }

    /** Calls by every process. */
    long total() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Calls by process since {@code before} (an earlier {@link #byProcess()}), sorted by name. */
    Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> out = byProcess();
        out.replaceAll((p, n) -> n - before.getOrDefault(p, 0L));
        return out;
    }

    /** Calls by process, sorted by name. */
    Map<String, Long> byProcess() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((p, n) -> out.put(p, n.get()));
        return out;
    }
}
