package io.dsbench.cli;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import clojure.lang.RT;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dsbench repl}: a Clojure REPL ({@code clojure.main}) with dsbench on the class path, so that
 * {@code (require '[dsbench.knossos :as k])} gives Knossos' API over dsbench's checker. Arguments go to
 * {@code clojure.main} as they are: none for an interactive REPL, {@code -e EXPR}, {@code -m NS}, or a script.
 */
@Command(name = "repl", mixinStandardHelpOptions = true,
        description = {"Start a Clojure REPL (clojure.main) with dsbench on the class path.",
                "(require '[dsbench.knossos :as k]) gives Knossos' analysis and models over dsbench's checker",
                "(see linearizability/README.md). Arguments go to clojure.main: -e EXPR, -m NS, or a script."})
public class ReplCommand implements Callable<Integer> {

    @CommandLine.Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        Clojure.var("clojure.core", "require").invoke(Clojure.read("clojure.main"));
        IFn main = Clojure.var("clojure.main", "main");
        main.applyTo(RT.seq(args));
        return 0;
    }
}
