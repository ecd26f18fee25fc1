package io.dsbench.cli;

import io.dsbench.conformance.RuleCatalog;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dsbench rules}: lists every rule of the conformance kit. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Lists the conformance kit's rules: id, level (required / optional / stochastic),"
                + " the capability an optional rule needs, and what the rule promises.")
public final class RulesCommand implements Callable<Integer> {
    @Option(names = "--markdown", description = "Print a Markdown table (as in the README).")
    boolean markdown;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        RuleCatalog catalog = KitRunner.catalog();
        if (markdown) {
            o.print(catalog.toMarkdown());
        } else {
            for (RuleCatalog.Rule r : catalog.rules()) {
                List<String> caps = r.requires().stream().map(Enum::name).toList();
                o.printf("%-10s %-10s %-26s %s%n", r.id(), r.level().name().toLowerCase(java.util.Locale.ROOT),
                        String.join(",", caps), r.title());
            }
            o.println(catalog.rules().size() + " rules " + catalog.countByLevel());
        }
        o.flush();
        return 0;
    }
}
