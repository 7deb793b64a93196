package io.spreadflow.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spreadflow.connectors.files.RealData;
import io.spreadflow.engine.strategy.ParameterSpec;
import io.spreadflow.engine.strategy.SignalStrategy;
import io.spreadflow.engine.strategy.StrategyRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrategyConfigLoaderTest {

    private static final StrategyRegistry REGISTRY = StrategyRegistry.load();

    private final StrategyConfigLoader loader = new StrategyConfigLoader(REGISTRY);

    private static final String MINIMAL = """
            strategy: rdn
            venues:
              spot: [mexc-spot]
              futures: gateio-futures
            """;

    private static SignalStrategy<?> strategy(String id) {
        return REGISTRY.get(id);
    }

    private static ParameterSpec spec(String strategy, String name) {
        return strategy(strategy).parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private StrategyConfig parse(String yaml) {
        return loader.parse(yaml, "config.yaml", ConfigOverrides.none());
    }

    @Test
    void theDocumentedExampleLoads() {
        Path file = Path.of(System.getProperty("spreadflow.root", ".")).resolve("docs/examples/rdn-lunc.yaml");
        StrategyConfig c = loader.load(file);

        assertThat(c.strategyId()).isEqualTo("rdn");
        assertThat(c.instruments()).containsExactly("LUNC-USDT");
        assertThat(c.venues().spot()).containsExactly("mexc-spot");
        assertThat(c.venues().futures()).isEqualTo("gateio-futures");
        assertThat(c.multiSpot()).isEqualTo(StrategyConfig.MultiSpot.SPOT_A);
        assertThat(c.barSeconds()).isEqualTo(1);
        assertThat(c.getDouble(spec("rdn", "entry_spread_threshold"))).isEqualTo(-0.3);
        assertThat(c.getDouble(spec("rdn", "max_holding_hours"))).isEqualTo(0.005);
        assertThat(c.params().get("volatility_window")).isEqualTo(20);
        assertThat(c.feesOf("gateio-futures")).isEqualTo(StrategyConfig.VenueFees.of("0.0002", "0.0005"));
        assertThat(c.feesOf("mexc-spot").taker()).isEqualByComparingTo("0.0005");
        assertThat(c.sizing().notionalQuote()).isEqualByComparingTo("1000");
        assertThat(c.sizing().startingBalances()).containsEntry("mexc-spot", new BigDecimal("10000"));
        assertThat(c.risk().maxOpenPositions()).isEqualTo(1);
        assertThat(c.risk().maxLossQuote()).isEqualByComparingTo("250");
        assertThat(c.risk().entryCooldown()).isEqualTo(Duration.ZERO);
        assertThat(c.execution().mode()).isEqualTo(StrategyConfig.ExecutionMode.IN_JOB);
        assertThat(c.execution().legTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.execution().onLegFailure()).isEqualTo(StrategyConfig.LegFailurePolicy.UNWIND);
        assertThat(c.execution().walkBook()).isTrue();
    }

    @Test
    void theExampleCarriesTheParametersOfTheGoldenRdnCase() throws Exception {
        Path caseJson = RealData.require("golden/rdn_lunc_1s_real/case.json");
        JsonNode golden = new ObjectMapper().readTree(caseJson.toFile());
        StrategyConfig c = loader.load(Path.of(System.getProperty("spreadflow.root", ".")).resolve("docs/examples/rdn-lunc.yaml"));
        assertThat(c.barSeconds()).isEqualTo(golden.get("bar_seconds").asInt());
        for (Iterator<Map.Entry<String, JsonNode>> it = golden.get("params").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            assertThat(((Number) c.param(spec("rdn", p.getKey()))).doubleValue()).as(p.getKey()).isEqualTo(p.getValue().asDouble());
        }
    }

    @Test
    void everyParameterOmittedTakesTheStrategysDefault() {
        StrategyConfig c = parse(MINIMAL);
        assertThat(c.params()).isEmpty();
        for (ParameterSpec p : strategy("rdn").parameters()) assertThat(c.param(p)).as(p.name()).isEqualTo(p.defaultValue());
        assertThat(c.barSeconds()).isZero();
        assertThat(c.execution()).isEqualTo(StrategyConfig.ExecutionSettings.DEFAULT);
        assertThat(c.risk()).isEqualTo(StrategyConfig.RiskLimits.NONE);
    }

    @Test
    void anUnknownParameterNamesKeyFileAndLineAndSuggestsTheNearestName() {
        String yaml = """
                strategy: rdn
                venues:
                  spot: [mexc-spot]
                  futures: gateio-futures
                params:
                  exit_spread_threshold: -0.12
                  entry_sprad: -0.3
                """;
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config.yaml:7: unknown key 'entry_sprad' under 'params' (did you mean 'entry_spread_threshold'?)")
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("params.entry_sprad"));
    }

    @Test
    void aValueOfTheWrongTypeNamesKeyAndLine() {
        String yaml = MINIMAL + """
                params:
                  volatility_window: twenty
                """;
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config.yaml:6: 'params.volatility_window' must be an integer, found the text 'twenty'");
        assertThatThrownBy(() -> parse(MINIMAL + "params:\n  volatility_window: 20.5\n"))
                .hasMessage("config.yaml:6: 'params.volatility_window' must be an integer, found a number (20.5)");
        assertThatThrownBy(() -> parse(MINIMAL + "params:\n  entry_spread_threshold: '-0.3'\n"))
                .hasMessage("config.yaml:6: 'params.entry_spread_threshold' must be a number, found the text '-0.3'");
        assertThatThrownBy(() -> parse(MINIMAL + "bar-seconds: [1]\n"))
                .hasMessage("config.yaml:5: 'bar-seconds' must be an integer, found a list");
    }

    @Test
    void aValueOutOfRangeNamesKeyLineAndRange() {
        ParameterSpec window = spec("rdn", "volatility_window");
        assertThat(window.min()).as("volatility_window has a lower bound").isNotNull();
        long below = (long) Math.ceil(window.min()) - 1;
        String yaml = MINIMAL + "params:\n  total_fees: 0.001\n  volatility_window: " + below + "\n";
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config.yaml:7: 'params.volatility_window' = " + below + " is out of range: it must be ")
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("params.volatility_window"));
        assertThatThrownBy(() -> parse(MINIMAL + "bar-seconds: -1\n"))
                .hasMessage("config.yaml:5: 'bar-seconds' = -1 is out of range: it must be between 0 and 86400");
        assertThatThrownBy(() -> parse(MINIMAL + "fees:\n  mexc-spot: {maker: 0.0, taker: 0.5}\n"))
                .hasMessage("config.yaml:6: 'fees.mexc-spot.taker' = 0.5 is out of range: it must be between -0.01 and 0.1");
    }

    @Test
    void unknownKeysElsewhereAreRejectedToo() {
        assertThatThrownBy(() -> parse(MINIMAL + "bar-second: 1\n"))
                .hasMessage("config.yaml:5: unknown key 'bar-second' at the top level (did you mean 'bar-seconds'?)");
        assertThatThrownBy(() -> parse(MINIMAL + "fees:\n  mexc-sopt: {taker: 0.001}\n"))
                .hasMessage("config.yaml:6: unknown key 'mexc-sopt' under 'fees' (did you mean 'mexc-spot'?)");
        assertThatThrownBy(() -> parse(MINIMAL + "risk:\n  max-open-position: 1\n"))
                .hasMessage("config.yaml:6: unknown key 'max-open-position' under 'risk' (did you mean 'max-open-positions'?)");
        assertThatThrownBy(() -> parse(MINIMAL.replace("rdn", "rdm")))
                .hasMessage("config.yaml:1: unknown strategy 'rdm' (did you mean 'rdn'?)");
        assertThatThrownBy(() -> parse("strategy: rdn\n"))
                .hasMessageStartingWith("config.yaml:1: missing key 'venues'");
        assertThatThrownBy(() -> parse(MINIMAL + "execution:\n  mode: live\n"))
                .hasMessage("config.yaml:6: 'execution.mode' must be one of in-job, service, found 'live'");
    }

    @Test
    void theBufferBoundsAreReadAndABoundBelowOneIsRefusedWithItsKey() {
        StrategyConfig c = parse(MINIMAL + "execution: {mode: service, max-held-ticks: 500, max-early-reports: 20}\n");
        assertThat(c.execution().maxHeldTicks()).isEqualTo(500);
        assertThat(c.execution().maxEarlyReports()).isEqualTo(20);
        assertThat(parse(MINIMAL).execution().maxEarlyReports()).isEqualTo(StrategyConfig.ExecutionSettings.DEFAULT_MAX_EARLY_REPORTS);
        assertThatThrownBy(() -> parse(MINIMAL + "execution: {max-early-reports: 0}\n")).hasMessageContaining("max-early-reports");
    }

    @Test
    void durationsNeedAUnit() {
        StrategyConfig c = parse(MINIMAL + "risk: {cool-down: 90s}\nexecution: {fill-latency: 250ms, leg-timeout: 1.5s}\n");
        assertThat(c.risk().entryCooldown()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.execution().fillLatency()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.execution().legTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> parse(MINIMAL + "stale-after: 5\n"))
                .hasMessage("config.yaml:5: 'stale-after' must be a duration with a unit (250ms, 5s, 2m, 24h), found an integer (5)");
        assertThatThrownBy(() -> parse(MINIMAL + "execution:\n  leg-timeout: 0\n"))
                .hasMessage("config.yaml:6: 'execution.leg-timeout' = 0 is out of range: it must be more than 0");
    }

    @Test
    void aFillLatencyThatOutlastsTheLegTimeoutIsRefusedForInJobFills() {
        assertThatThrownBy(() -> parse(MINIMAL + "execution: {fill-latency: 5s, leg-timeout: 5s}\n"))
                .hasMessageContaining("execution.fill-latency (5000 ms) must be below execution.leg-timeout (5000 ms)");
        assertThat(parse(MINIMAL + "execution: {fill-latency: 4999ms, leg-timeout: 5s}\n").execution().fillLatency())
                .isEqualTo(Duration.ofMillis(4999));
        // the service's own latency is not the job's to bound
        assertThat(parse(MINIMAL + "execution: {mode: service, fill-latency: 6s, leg-timeout: 5s}\n").execution().mode())
                .isEqualTo(StrategyConfig.ExecutionMode.SERVICE);
    }

    @Test
    void commandLineValuesOverrideTheFileAndAreCheckedTheSameWay() {
        String yaml = MINIMAL + "bar-seconds: 1\nparams:\n  entry_spread_threshold: -0.3\n";
        StrategyConfig c = loader.parse(yaml, "config.yaml", ConfigOverrides.none()
                .param("entry_spread_threshold=-0.5")
                .param("volatility_window=30")
                .set("bar-seconds", "5", "--bar-seconds")
                .set("instruments", "BTC-USDT", "--instrument"));
        assertThat(c.getDouble(spec("rdn", "entry_spread_threshold"))).isEqualTo(-0.5);
        assertThat(c.getInt(spec("rdn", "volatility_window"))).isEqualTo(30);
        assertThat(c.barSeconds()).isEqualTo(5);
        assertThat(c.instruments()).containsExactly("BTC-USDT");

        assertThatThrownBy(() -> loader.parse(yaml, "config.yaml", ConfigOverrides.none().param("entry_sprad=1")))
                .hasMessage("--param entry_sprad=1: unknown key 'entry_sprad' under 'params' (did you mean 'entry_spread_threshold'?)");
        assertThatThrownBy(() -> loader.parse(yaml, "config.yaml", ConfigOverrides.none().param("volatility_window=x")))
                .hasMessage("--param volatility_window=x: 'params.volatility_window' must be an integer, found the text 'x'");
        assertThatThrownBy(() -> loader.parse(yaml, "config.yaml", ConfigOverrides.none().set("bar-seconds", "-5", "--bar-seconds")))
                .hasMessage("--bar-seconds -5: 'bar-seconds' = -5 is out of range: it must be between 0 and 86400");
        assertThatThrownBy(() -> ConfigOverrides.none().param("entry_spread_threshold"))
                .hasMessageStartingWith("--param entry_spread_threshold: expected --param key=value");
    }

    @Test
    void venuesMustBeDistinctAndPresent() {
        assertThatThrownBy(() -> parse("strategy: rdn\nvenues:\n  spot: [mexc-spot, mexc-spot]\n"))
                .hasMessage("config.yaml:3: spot venue 'mexc-spot' is listed twice");
        assertThatThrownBy(() -> parse("strategy: rdn\nvenues:\n  spot: [mexc-spot]\n  futures: mexc-spot\n"))
                .hasMessage("config.yaml:4: venue 'mexc-spot' is both a spot and the futures venue");
        StrategyConfig two = parse("strategy: inv\nvenues:\n  spot: [mexc-spot, gateio-spot]\n");
        assertThat(two.venues().spotA()).isEqualTo("mexc-spot");
        assertThat(two.venues().spotB()).isEqualTo("gateio-spot");
        assertThat(two.venues().hasFutures()).isFalse();
    }

    @Test
    void multiSpotNamesHowSpotVenuesCombineAndKeepsTheBooleanSpelling() {
        String three = "strategy: rdn\nvenues:\n  spot: [mexc-spot, gateio-spot, binance-spot]\n  futures: gateio-futures\n";
        assertThat(parse(three).multiSpot()).as("default").isEqualTo(StrategyConfig.MultiSpot.MEAN);
        assertThat(parse(three + "multi-spot: cheapest\n").multiSpot()).isEqualTo(StrategyConfig.MultiSpot.CHEAPEST);
        assertThat(parse(three + "multi-spot: spot-a\n").multiSpot()).isEqualTo(StrategyConfig.MultiSpot.SPOT_A);
        assertThat(parse(three + "multi-spot: mean\n").multiSpot()).isEqualTo(StrategyConfig.MultiSpot.MEAN);
        assertThat(parse(three + "multi-spot: true\n").multiSpot()).isEqualTo(StrategyConfig.MultiSpot.MEAN);
        assertThat(parse(three + "multi-spot: false\n").multiSpot()).isEqualTo(StrategyConfig.MultiSpot.SPOT_A);
        assertThat(parse(three).venues().spot()).containsExactly("mexc-spot", "gateio-spot", "binance-spot");
        assertThatThrownBy(() -> parse(three + "multi-spot: cheapst\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config.yaml:5: 'multi-spot' must be one of mean, spot-a, cheapest, found 'cheapst' (did you mean 'cheapest'?)");
    }
}
