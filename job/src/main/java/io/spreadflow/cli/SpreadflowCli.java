package io.spreadflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.List;

/**
 * The {@code spreadflow} command line (run it through the {@code ./spreadflow} launcher). Each
 * subcommand is one class in this package.
 */
@Command(name = "spreadflow", mixinStandardHelpOptions = true, version = "spreadflow 0.1.0",
        description = {"Spot/futures arbitrage signals on Apache Flink.",
                "Run `spreadflow demo` to see everything work locally; `spreadflow <command> --help` explains a command."},
        subcommands = CommandLine.HelpCommand.class)
public final class SpreadflowCli implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command; see the list above");
    }

    /** The subcommands, in the order the help lists them. */
    static final List<String> COMMANDS = List.of("demo", "run", "kafka", "replay", "record", "topics", "backtest", "sweep",
            "strategies", "feed", "convert", "execution");

    /** The command line with every subcommand registered. */
    public static CommandLine commandLine() {
        return commandLine(COMMANDS);
    }

    /**
     * The command line for {@code args}: when they start with a subcommand's name, with that subcommand
     * alone. Registering a subcommand loads its classes and those of its options' types (Avro enums,
     * metrics registries, …); a one-command run skips that for the eleven others. Help, version and
     * mistakes in the command name see all of them.
     */
    public static CommandLine commandLine(String[] args) {
        return commandLine(args.length > 0 && COMMANDS.contains(args[0]) ? List.of(args[0]) : COMMANDS);
    }

    private static CommandLine commandLine(List<String> names) {
        CommandLine cli = new CommandLine(new SpreadflowCli());
        for (String name : names) cli.addSubcommand(name, command(name));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(SpreadflowCli::userError);
        cli.setUsageHelpAutoWidth(true);
        return cli;
    }

    /** A new instance of subcommand {@code name}; a switch, so that only the named class is loaded. */
    private static Object command(String name) {
        return switch (name) {
            case "demo" -> new DemoCommand();
            case "run" -> new RunCommand();
            case "kafka" -> new KafkaCommand();
            case "replay" -> new ReplayCommand();
            case "record" -> new RecordCommand();
            case "topics" -> new TopicsCommand();
            case "backtest" -> new BacktestCommand();
            case "sweep" -> new SweepCommand();
            case "strategies" -> new StrategiesCommand();
            case "feed" -> new FeedCommand();
            case "convert" -> new ConvertCommand();
            case "execution" -> new ExecutionCommand();
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    /**
     * Mistakes a user can fix (a bad config value, a missing file) end with one clear line and exit
     * code 2 instead of a stack trace; anything else is a bug and keeps its trace.
     */
    private static int userError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof io.spreadflow.engine.config.ConfigException
                || e instanceof java.nio.file.NoSuchFileException
                || e instanceof IllegalArgumentException) {
            String message = e instanceof java.nio.file.NoSuchFileException ? "no such file: " + e.getMessage() : e.getMessage();
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + message));
            return 2;
        }
        throw e;
    }

    public static void main(String[] args) {
        int code = commandLine(args).execute(args);
        // a backtest's local cluster shuts down while its report is written: let it finish before the exit
        io.spreadflow.backtest.BacktestCluster.awaitShutdowns(java.time.Duration.ofSeconds(10));
        System.exit(code);
    }
}
