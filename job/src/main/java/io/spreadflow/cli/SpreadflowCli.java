package io.spreadflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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

    /** The command line with every subcommand registered, one line each. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SpreadflowCli());
        cli.addSubcommand("demo", new DemoCommand());
        cli.addSubcommand("run", new RunCommand());
        cli.addSubcommand("kafka", new KafkaCommand());
        cli.addSubcommand("replay", new ReplayCommand());
        cli.addSubcommand("record", new RecordCommand());
        cli.addSubcommand("topics", new TopicsCommand());
        cli.addSubcommand("backtest", new BacktestCommand());
        cli.addSubcommand("sweep", new SweepCommand());
        cli.addSubcommand("strategies", new StrategiesCommand());
        cli.addSubcommand("feed", new FeedCommand());
        cli.addSubcommand("convert", new ConvertCommand());
        cli.addSubcommand("execution", new ExecutionCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(SpreadflowCli::userError);
        cli.setUsageHelpAutoWidth(true);
        return cli;
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
        System.exit(commandLine().execute(args));
    }
}
