package io.dsbench.lin.clojure;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import clojure.lang.Keyword;
import clojure.lang.Var;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The JUnit bridge for the Clojure tests of the {@code dsbench.knossos} namespace (src/test/clojure): one dynamic
 * test per {@code deftest}, run with {@code clojure.test} (fixtures included) by {@code dsbench.test-bridge}. A
 * failed {@code is} fails the JUnit test with clojure.test's message; a test that throws JUnit's
 * {@link TestAbortedException} (shared histories absent) is reported as not run.
 */
class ClojureTestsTest {

    /** The Clojure test namespaces, in the order they run. */
    static final List<String> NAMESPACES = List.of("dsbench.knossos-test", "dsbench.knossos-property-test");

    @TestFactory
    List<DynamicTest> clojureTests() {
        IFn require = Clojure.var("clojure.core", "require");
        require.invoke(Clojure.read("dsbench.test-bridge"));
        IFn testVars = Clojure.var("dsbench.test-bridge", "test-vars");
        IFn runVar = Clojure.var("dsbench.test-bridge", "run-var");
        List<DynamicTest> tests = new ArrayList<>();
        for (String ns : NAMESPACES) {
            List<?> vars = (List<?>) testVars.invoke(Clojure.read(ns));
            assertThat(vars).as("deftests in %s", ns).isNotEmpty();
            for (Object o : vars) {
                Var v = (Var) o;
                tests.add(DynamicTest.dynamicTest(ns + "/" + v.sym.getName(), () -> {
                    Map<?, ?> r = (Map<?, ?>) runVar.invoke(v);
                    Object aborted = r.get(Keyword.intern("aborted"));
                    if (aborted instanceof TestAbortedException e) {
                        throw e;
                    }
                    List<?> problems = (List<?>) r.get(Keyword.intern("problems"));
                    if (!problems.isEmpty()) {
                        List<String> texts = new ArrayList<>();
                        problems.forEach(p -> texts.add(String.valueOf(p)));
                        fail(problems.size() + " clojure.test failure(s)/error(s):\n" + String.join("\n\n", texts));
                    }
                    assertThat(((Number) r.get(Keyword.intern("assertions"))).longValue())
                            .as("assertions made by %s/%s", ns, v.sym.getName()).isPositive();
                }));
            }
        }
        return tests;
    }
}
