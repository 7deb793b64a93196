package io.spreadflow.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which subcommands the command line registers for a run's arguments. */
class SpreadflowCliTest {

    @Test
    void aRunOfOneCommandRegistersThatCommandAlone() {
        CommandLine cli = SpreadflowCli.commandLine(new String[] {"backtest", "--help"});
        assertThat(names(cli)).containsExactlyInAnyOrder("backtest", "help");
        Object command = cli.getSubcommands().get("backtest").getCommand();
        assertThat(command).isInstanceOf(BacktestCommand.class);
    }

    @Test
    void helpOptionsAndUnknownNamesSeeEveryCommand() {
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "backtest"}, {"bactest"}}) {
            assertThat(names(SpreadflowCli.commandLine(args)))
                    .as(String.join(" ", args))
                    .containsAll(SpreadflowCli.COMMANDS)
                    .hasSize(SpreadflowCli.COMMANDS.size() + 1);
        }
        assertThat(names(SpreadflowCli.commandLine())).containsAll(SpreadflowCli.COMMANDS);
    }

    @Test
    void aMistypedCommandIsStillAnsweredWithTheNearestName() {
        StringWriter err = new StringWriter();
        String[] args = {"bactest"};
        CommandLine cli = SpreadflowCli.commandLine(args);
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(args)).isEqualTo(2);
        assertThat(err.toString()).contains("backtest");
    }

    @Test
    void theOneCommandsOwnHelpIsTheSameAsWithAllCommandsRegistered() {
        String[] args = {"sweep", "--help"};
        assertThat(help(SpreadflowCli.commandLine(args), args)).isEqualTo(help(SpreadflowCli.commandLine(), args))
                .contains("Usage: spreadflow sweep");
    }

    private static List<String> names(CommandLine cli) {
        return List.copyOf(cli.getSubcommands().keySet());
    }

    private static String help(CommandLine cli, String[] args) {
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute(args)).isZero();
        return out.toString();
    }
}
