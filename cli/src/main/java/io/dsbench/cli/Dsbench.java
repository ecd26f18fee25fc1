package io.dsbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code dsbench} command. */
@Command(name = "dsbench",
        mixinStandardHelpOptions = true,
        versionProvider = Dsbench.Version.class,
        description = {
            "Tells, with evidence, how well a backend implements distributed-systems patterns:",
            "conformance to each pattern's contract (rule by rule), linearizability, and speed.",
            "",
            "Backends are found on the class path (ServiceLoader): inmemory, redis, etcd, or yours."
        },
        subcommands = {RunCommand.class, BenchCommand.class, ChaosCommand.class, TradeoffsCommand.class, CheckCommand.class, ReportCommand.class,
            RulesCommand.class, ReplCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 a rule failed or erred (or a history is not",
            "linearizable), 2 bad usage or input, 3 a verdict is unknown, 130 interrupted.",
            "Results go to results/<run-id>/; results/latest points at the newest run."})
public final class Dsbench implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the command line with dsbench's error handling: bad usage prints one line and exits 2. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new Dsbench()));
    }

    /**
     * The command line of {@code dsbench check} alone, under a root named {@code dsbench} (same usage, errors and exit
     * codes as through {@link #commandLine()}): a cold {@code dsbench check} then skips building picocli's model of
     * every other subcommand, about 0.2 s of its start-up.
     */
    static CommandLine checkOnly() {
        CommandLine root = new CommandLine(CommandLine.Model.CommandSpec.create().name("dsbench"));
        root.addSubcommand("check", new CommandLine(new CheckCommand()));
        return configure(root);
    }

    private static CommandLine configure(CommandLine cl) {
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("dsbench: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof IllegalArgumentException) {
                c.getErr().println("dsbench: " + ex.getMessage());
                return 2;
            }
            c.getErr().println("dsbench: internal error: " + ex);
            ex.printStackTrace(c.getErr());
            return 2;
        });
        return cl;
    }

    public static void main(String[] args) {
        boolean check = args.length > 0 && args[0].equals("check");
        System.exit((check ? checkOnly() : commandLine()).execute(args));
    }

    /** Version from the jar manifest, or "development". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Dsbench.class.getPackage().getImplementationVersion();
            return new String[] {"dsbench " + (v == null ? "0.1.0-SNAPSHOT" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
