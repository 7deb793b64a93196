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
        // cli.addSubcommand("kafka", new KafkaCommand());
        // cli.addSubcommand("replay", new ReplayCommand());
        // cli.addSubcommand("record", new RecordCommand());
        cli.addSubcommand("backtest", new BacktestCommand());
        cli.addSubcommand("sweep", new SweepCommand());
        cli.addSubcommand("strategies", new StrategiesCommand());
        cli.addSubcommand("feed", new FeedCommand());
        cli.addSubcommand("convert", new ConvertCommand());
        cli.addSubcommand("execution", new ExecutionCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpAutoWidth(true);
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
