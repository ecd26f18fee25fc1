package io.dsbench.cli;

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
        List<KitRunner.RuleInfo> rules = KitRunner.catalog();
        if (markdown) {
            o.println("| rule | level | needs | promise | kit class |");
            o.println("|---|---|---|---|---|");
            for (KitRunner.RuleInfo r : rules) {
                o.printf("| %s | %s | %s | %s | `%s` |%n", r.rule(), r.level().toLowerCase(java.util.Locale.ROOT),
                        r.requires().isEmpty() ? "" : String.join(", ", r.requires()), r.title().replace("|", "\\|"),
                        r.kitClass().replaceFirst("^Kit", "") + "Verification");
            }
        } else {
            for (KitRunner.RuleInfo r : rules) {
                o.printf("%-10s %-10s %-26s %s%n", r.rule(), r.level().toLowerCase(java.util.Locale.ROOT),
                        r.requires().isEmpty() ? "" : String.join(",", r.requires()), r.title());
            }
            o.println(rules.size() + " rules");
        }
        o.flush();
        return 0;
    }
}
