package io.dsbench.patterns.sharding;

import io.dsbench.spec.Checks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Shared validation for routers. */
final class Routers {
    private Routers() {
    }

    static List<String> validNodes(List<String> nodes) {
        Checks.requireNonNull("nodes", nodes);
        Set<String> seen = new HashSet<>();
        List<String> copy = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            String n = Checks.requireKey("nodes[" + i + "]", nodes.get(i));
            if (!seen.add(n)) {
                throw new IllegalArgumentException("nodes[" + i + "] = '" + n + "' is a duplicate node");
            }
            copy.add(n);
        }
        return copy;
    }

    /** {@link #validNodes} sorted by name, immutable: the node list of every order-independent router. */
    static List<String> sortedNodes(List<String> nodes) {
        List<String> sorted = validNodes(nodes);
        Collections.sort(sorted);
        return List.copyOf(sorted);
    }

    /** Checks that {@code key} is a key and that a router over {@code nodes} has somewhere to route it. */
    static void requireRoutable(ShardRouter router, List<String> nodes, String key) {
        Checks.requireKey("key", key);
        if (nodes.isEmpty()) {
            throw empty(router.name(), key); // the name only on failure: some routers build it per call
        }
    }

    static List<String> adding(List<String> nodes, String node) {
        Checks.requireKey("node", node);
        if (nodes.contains(node)) {
            throw new IllegalArgumentException("node '" + node + "' is already in the router " + nodes);
        }
        List<String> next = new ArrayList<>(nodes);
        next.add(node);
        return next;
    }

    static List<String> removing(List<String> nodes, String node) {
        Checks.requireKey("node", node);
        if (!nodes.contains(node)) {
            throw new IllegalArgumentException("node '" + node + "' is not in the router " + nodes);
        }
        List<String> next = new ArrayList<>(nodes);
        next.remove(node);
        return next;
    }

    static IllegalStateException empty(String router, String key) {
        return new IllegalStateException(router + " has no nodes: cannot route key '" + key
                + "' (add a node first)");
    }
}
