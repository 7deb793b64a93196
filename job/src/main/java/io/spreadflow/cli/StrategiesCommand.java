package io.spreadflow.cli;

import io.spreadflow.engine.config.ConfigSection;
import io.spreadflow.engine.strategy.ParameterSpec;
import io.spreadflow.engine.strategy.SignalStrategy;
import io.spreadflow.engine.strategy.StrategyRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code spreadflow strategies}: the catalog of every strategy {@link StrategyRegistry} finds (the
 * framework's and those in jars on the classpath), with each parameter's type, reference default,
 * accepted range and description. These are the keys a configuration file may set under {@code params}.
 */
@Command(name = "strategies", mixinStandardHelpOptions = true,
        description = "List the registered strategies with their parameters, types, defaults and descriptions.")
public final class StrategiesCommand implements Callable<Integer> {

    @Option(names = "--id", paramLabel = "ID", description = "Show only the strategy with this id.")
    String id;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<SignalStrategy<?>> all = registered();
        List<SignalStrategy<?>> shown = id == null ? all : all.stream().filter(s -> s.id().equals(id)).toList();
        if (shown.isEmpty()) {
            List<String> ids = all.stream().map(SignalStrategy::id).toList();
            PrintWriter err = spec.commandLine().getErr();
            err.println("unknown strategy '" + id + "'" + ConfigSection.closest(id, ids)
                    .map(s -> " (did you mean '" + s + "'?)").orElse("") + "; registered: " + String.join(", ", ids));
            err.flush();
            return 2;
        }
        for (int i = 0; i < shown.size(); i++) {
            if (i > 0) out.println();
            print(out, shown.get(i));
        }
        out.flush();
        return 0;
    }

    /** Every strategy on the classpath, sorted by id. */
    static List<SignalStrategy<?>> registered() {
        List<SignalStrategy<?>> out = new ArrayList<>(StrategyRegistry.load().all());
        out.sort(Comparator.comparing(SignalStrategy::id));
        return out;
    }

    static void print(PrintWriter out, SignalStrategy<?> strategy) {
        out.println(strategy.id() + "  (" + strategy.getClass().getName() + ")");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"parameter", "type", "default", "range", "description"});
        for (ParameterSpec p : strategy.parameters()) {
            rows.add(new String[] {p.name(), p.type().name().toLowerCase(), value(p.defaultValue()), range(p), p.description()});
        }
        int[] width = new int[5];
        for (String[] r : rows) for (int c = 0; c < 4; c++) width[c] = Math.max(width[c], r[c].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < 4; c++) line.append(String.format("%-" + width[c] + "s  ", r[c]));
            out.println(line.append(r[4]).toString().stripTrailing());
        }
    }

    /** A default as a user writes it in YAML: {@code -2.5}, {@code 0.0067}, {@code 20}, {@code true}. */
    static String value(Object v) {
        if (v instanceof Double d) {
            String plain = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        return String.valueOf(v);
    }

    static String range(ParameterSpec p) {
        if (p.min() == null && p.max() == null) return "any";
        if (p.max() == null) return ">= " + bound(p.min());
        if (p.min() == null) return "<= " + bound(p.max());
        return bound(p.min()) + " .. " + bound(p.max());
    }

    private static String bound(double b) {
        return BigDecimal.valueOf(b).stripTrailingZeros().toPlainString();
    }
}
