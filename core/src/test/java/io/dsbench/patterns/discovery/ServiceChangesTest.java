package io.dsbench.patterns.discovery;

import io.dsbench.spec.registry.ServiceInstance;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bookkeeping behind DISC-6: changes that arrive while a fetch runs. */
class ServiceChangesTest {
    private static final ServiceInstance A = ServiceInstance.of("s", "a", "127.0.0.1", 1);
    private static final ServiceInstance B = ServiceInstance.of("s", "b", "127.0.0.1", 2);

    @Test
    void removalDuringFetch_isAppliedToItsResultAndCache() {
        ServiceChanges ch = new ServiceChanges();
        List<List<ServiceInstance>> cached = new ArrayList<>();
        long start = ch.beginFetch();
        ch.removed("b", () -> { });
        assertThat(ch.endFetch(start, List.of(A, B), cached::add)).containsExactly(A);
        assertThat(cached).containsExactly(List.of(A));
    }

    @Test
    void removalBeforeFetch_orAfterItEnded_isNotApplied() {
        ServiceChanges ch = new ServiceChanges();
        ch.removed("b", () -> { }); // no fetch running: nothing kept
        long start = ch.beginFetch();
        assertThat(ch.endFetch(start, List.of(A, B), l -> { })).containsExactly(A, B);
    }

    @Test
    void additionDuringFetch_isServedButNotCached_andUndoesAnEarlierRemoval() {
        ServiceChanges ch = new ServiceChanges();
        List<List<ServiceInstance>> cached = new ArrayList<>();
        long start = ch.beginFetch();
        ch.removed("b", () -> { });
        ch.added("b", () -> { });
        assertThat(ch.endFetch(start, List.of(A, B), cached::add)).containsExactly(A, B);
        assertThat(cached).as("the fetch may miss the addition: not cached").isEmpty();
    }

    @Test
    void overlappingFetches_keepTombstonesUntilTheLastEnds() {
        ServiceChanges ch = new ServiceChanges();
        long first = ch.beginFetch();
        long second = ch.beginFetch();
        ch.removed("b", () -> { });
        assertThat(ch.endFetch(first, List.of(A, B), l -> { })).containsExactly(A);
        assertThat(ch.endFetch(second, List.of(A, B), l -> { })).containsExactly(A);
        long third = ch.beginFetch();
        assertThat(ch.endFetch(third, List.of(A, B), l -> { })).as("b was re-listed after the removal")
                .containsExactly(A, B);
    }
}
