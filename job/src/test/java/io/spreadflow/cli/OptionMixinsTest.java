package io.spreadflow.cli;

import io.spreadflow.connectors.kafka.Topics;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Member;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An option that several commands take is declared once, in a {@code @Mixin} class, so its name,
 * description and default cannot drift apart. Walks the model of every (sub)command of
 * {@link SpreadflowCli}.
 */
class OptionMixinsTest {

    /**
     * Option names that mean different things in different commands, with every class that declares
     * one. Anything else declared in two classes is a copied option block.
     */
    static final Map<String, Set<Class<?>>> SAME_NAME_OTHER_MEANING = Map.of(
            // backtest/sweep: the first receive time; replay: the input format, tick files by default; convert: a raw format, required
            "--from", Set.of(BacktestOptions.class, ReplayCommand.class, ConvertCommand.class),
            // convert reads exactly one raw session and requires it; backtest and replay merge many tick files
            "--input", Set.of(TickFilesOption.class, ConvertCommand.class),
            // a count of synthetic instruments; the instruments (BASE-QUOTE) a live feed subscribes to
            "--instruments", Set.of(SyntheticMarketOptions.class, FeedCommand.class),
            // the venue of a raw session's frames; NAME=live|paper of the execution service
            "--venue", Set.of(SessionVenueOption.class, LiveVenueOptions.class),
            // the broker's client port; the execution service's HTTP port
            "--port", Set.of(KafkaCommand.class, ExecutionCommand.class),
            // the broker's log folder; the execution service's ledger folder
            "--data-dir", Set.of(KafkaCommand.class, LedgerOptions.class));

    @Test
    void everyOptionOfSeveralCommandsComesFromOneMixin() {
        CommandLine cli = SpreadflowCli.commandLine();

        assertThat(declaredInSeveralClasses(cli)).as("options declared in more than one class").isEqualTo(SAME_NAME_OTHER_MEANING);
        for (Map.Entry<String, Map<Class<?>, List<String>>> e : declarations(cli).entrySet()) {
            for (Map.Entry<Class<?>, List<String>> d : e.getValue().entrySet()) {
                if (d.getValue().size() < 2) continue;
                assertThat(d.getKey().isAnnotationPresent(Command.class))
                        .as("%s of %s is declared in %s, a command, not a mixin", e.getKey(), d.getValue(), d.getKey().getSimpleName())
                        .isFalse();
            }
        }
    }

    @Test
    void aCopiedOptionBlockIsFound() {
        CommandLine cli = SpreadflowCli.commandLine();
        cli.addSubcommand("mixes-it-in", new MixesItIn());
        assertThat(declaredInSeveralClasses(cli)).as("the mixin, reused").isEqualTo(SAME_NAME_OTHER_MEANING);

        cli.addSubcommand("copies-it", new CopiesIt());
        Map<String, Set<Class<?>>> found = declaredInSeveralClasses(cli);

        assertThat(found).isNotEqualTo(SAME_NAME_OTHER_MEANING);
        assertThat(found.get("--bootstrap")).containsExactlyInAnyOrder(KafkaBootstrapOption.class, CopiesIt.class);
    }

    @Test
    void everyOptionIsExplainedAndItsDefaultShown() {
        assertThat(unexplained(SpreadflowCli.commandLine())).as("options without a description, or with a default their help hides").isEmpty();

        CommandLine withASilentDefault = SpreadflowCli.commandLine();
        withASilentDefault.addSubcommand("silent-default", new SilentDefault());
        assertThat(unexplained(withASilentDefault)).containsExactly("spreadflow silent-default --rate: default not shown");
    }

    @Test
    void helpShowsEachDefaultFromItsOnePlace() {
        assertThat(help("run")).contains("Default: " + Topics.DEFAULT_BOOTSTRAP).contains("Default: PT10S").contains("Default: 2");
        assertThat(help("demo")).contains("Default: " + DemoCommand.DEMO_CHECKPOINT_INTERVAL).contains("Default: " + DemoCommand.DEMO_RATE);
        assertThat(help("replay")).contains("Default: " + Topics.TICKS.topicName()).contains("Default: <topic>.dlq");
        // every project topic, not a list typed out by hand
        for (String topic : Topics.defaults().keySet()) assertThat(help("kafka")).contains(topic);
        assertThat(help("topics")).isNotEmpty();
    }

    @Test
    void backtestTakesFilesOrATopicNotBoth() {
        List<String> strategy = List.of("--strategy", "rdn", "--spot", "mexc-spot", "--futures", "gateio-futures", "--out", "target/unused");
        assertThat(backtest(strategy, "--input", "a.csv", "--topic", "ticks")).contains("give either --input FILE... or --topic TOPIC");
        assertThat(backtest(strategy)).contains("give either --input FILE... or --topic TOPIC");
        // before the strategy is built: a command line without venues still hears about its input first
        assertThat(backtest(List.of("--strategy", "rdn", "--out", "target/unused"))).contains("give either --input FILE... or --topic TOPIC");
        assertThat(backtest(strategy, "--input", "a.csv", "--bootstrap", "h:1")).contains("--bootstrap applies to --topic");
    }

    // ------------------------------------------------------------------ the model walk

    /** Option name → the classes that declare it, for the names declared in more than one class. */
    static Map<String, Set<Class<?>>> declaredInSeveralClasses(CommandLine cli) {
        Map<String, Set<Class<?>>> out = new TreeMap<>();
        declarations(cli).forEach((name, byClass) -> {
            if (byClass.size() > 1) out.put(name, byClass.keySet());
        });
        return out;
    }

    /** Option name → declaring class → the commands that take it; picocli's own help options left out. */
    static Map<String, Map<Class<?>, List<String>>> declarations(CommandLine cli) {
        Map<String, Map<Class<?>, List<String>>> out = new TreeMap<>();
        walk(cli, (command, o) -> {
            if (o.usageHelp() || o.versionHelp()) return;
            Class<?> declaring = ((Member) o.userObject()).getDeclaringClass();
            for (String name : o.names()) {
                out.computeIfAbsent(name, n -> new LinkedHashMap<>()).computeIfAbsent(declaring, c -> new ArrayList<>()).add(command);
            }
        });
        return out;
    }

    private interface OptionVisitor {
        void visit(String command, OptionSpec option);
    }

    private static void walk(CommandLine cli, OptionVisitor visitor) {
        for (OptionSpec o : cli.getCommandSpec().options()) visitor.visit(cli.getCommandSpec().qualifiedName(), o);
        Set<CommandLine> seen = new LinkedHashSet<>(cli.getSubcommands().values());
        for (CommandLine sub : seen) walk(sub, visitor);
    }

    /** Options without a description, or whose default their description does not show. */
    static List<String> unexplained(CommandLine cli) {
        List<String> out = new ArrayList<>();
        walk(cli, (command, o) -> {
            if (o.hidden() || o.usageHelp() || o.versionHelp()) return;
            String text = String.join(" ", o.description());
            if (text.isBlank()) out.add(command + " " + o.longestName() + ": no description");
            else if (hasDefault(o) && !text.toLowerCase(java.util.Locale.ROOT).contains("default")) {
                out.add(command + " " + o.longestName() + ": default not shown");
            }
        });
        return out;
    }

    private static boolean hasDefault(OptionSpec o) {
        if (o.required() || o.arity().max() == 0) return false;
        Object v = o.defaultValue() != null ? o.defaultValue() : o.initialValue();
        if (v == null) return false;
        if (v instanceof java.util.Collection<?> c) return !c.isEmpty();
        if (v instanceof Map<?, ?> m) return !m.isEmpty();
        return true;
    }

    private static String help(String command) {
        StringWriter text = new StringWriter();
        CommandLine cli = SpreadflowCli.commandLine().getSubcommands().get(command);
        // wide enough that picocli breaks no value across lines
        cli.setUsageHelpAutoWidth(false);
        cli.setUsageHelpWidth(1000);
        cli.usage(new PrintWriter(text));
        return text.toString();
    }

    private static String backtest(List<String> common, String... more) {
        StringWriter err = new StringWriter();
        CommandLine cli = SpreadflowCli.commandLine();
        cli.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("backtest"));
        args.addAll(common);
        args.addAll(List.of(more));
        assertThat(cli.execute(args.toArray(String[]::new))).as("exit code, %s", err).isEqualTo(2);
        return err.toString();
    }

    /** Takes --bootstrap the way every command should: through the mixin. */
    @Command(name = "mixes-it-in")
    static final class MixesItIn implements Runnable {
        @Mixin
        KafkaBootstrapOption kafka = new KafkaBootstrapOption();

        @Override
        public void run() {
            // the model is all this test needs
        }
    }

    /** A default the help text keeps to itself. */
    @Command(name = "silent-default")
    static final class SilentDefault implements Runnable {
        @Option(names = "--rate", description = "ticks per second")
        double rate = 100;

        @Override
        public void run() {
            // the model is all this test needs
        }
    }

    /** A command with its own copy of --bootstrap: what the check exists to catch. */
    @Command(name = "copies-it")
    static final class CopiesIt implements Runnable {
        @Option(names = "--bootstrap", description = "Kafka bootstrap servers. Default: ${DEFAULT-VALUE}")
        String bootstrap = Topics.DEFAULT_BOOTSTRAP;

        @Override
        public void run() {
            // the model is all this test needs
        }
    }
}
