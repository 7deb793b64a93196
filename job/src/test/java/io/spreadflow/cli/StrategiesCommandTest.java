package io.spreadflow.cli;

import io.spreadflow.engine.strategy.ParameterSpec;
import io.spreadflow.engine.strategy.SignalStrategy;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StrategiesCommandTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new StrategiesCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listsEveryRegisteredStrategyWithEveryParameter() {
        List<SignalStrategy<?>> registered = StrategiesCommand.registered();
        assertThat(registered).extracting(SignalStrategy::id).contains("rdn", "inv", "svh");

        Run r = run();
        assertThat(r.exitCode()).isZero();
        for (SignalStrategy<?> s : registered) {
            assertThat(r.out()).contains(s.id() + "  (" + s.getClass().getName() + ")");
            for (ParameterSpec p : s.parameters()) {
                assertThat(r.out()).containsPattern("(?m)^  " + p.name() + " +" + p.type().name().toLowerCase()
                        + " +" + java.util.regex.Pattern.quote(StrategiesCommand.value(p.defaultValue())) + " ");
            }
        }
    }

    @Test
    void rdnShowsTheReferenceDefaultsOfDesignSection5() {
        Run r = run("--id", "rdn");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("rdn  (").doesNotContain("inv  (").doesNotContain("svh  (");
        assertThat(r.out()).containsPattern("(?m)^  entry_spread_threshold +double +-2\\.5 ");
        assertThat(r.out()).containsPattern("(?m)^  volatility_window +int +20 ");
        assertThat(r.out()).containsPattern("(?m)^  total_fees +double +0\\.0067 ");
    }

    @Test
    void anUnknownIdFailsWithASuggestion() {
        Run r = run("--id", "rdm");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("unknown strategy 'rdm' (did you mean 'rdn'?)");
    }

    @Test
    void valuesAreWrittenAsInYaml() {
        assertThat(StrategiesCommand.value(-2.5)).isEqualTo("-2.5");
        assertThat(StrategiesCommand.value(24.0)).isEqualTo("24.0");
        assertThat(StrategiesCommand.value(1e-6)).isEqualTo("0.000001");
        assertThat(StrategiesCommand.value(20)).isEqualTo("20");
        assertThat(StrategiesCommand.range(ParameterSpec.ofDouble("x", 1, 0.0, 1.0, ""))).isEqualTo("0 .. 1");
        assertThat(StrategiesCommand.range(ParameterSpec.ofInt("n", 20, 2, null, ""))).isEqualTo(">= 2");
        assertThat(StrategiesCommand.range(ParameterSpec.ofBoolean("b", true, ""))).isEqualTo("any");
    }
}
