package io.spreadflow.backtest;

import io.spreadflow.engine.config.ConfigOverrides;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.config.StrategyConfigBuilder;
import io.spreadflow.engine.config.StrategyConfigLoader;
import io.spreadflow.engine.strategy.SignalStrategy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The strategy configuration of a backtest: the YAML file when one is given, else a configuration made
 * from the flags alone; flags override the file. Venue roles from {@code --spot}/{@code --futures}
 * replace the file's; any venue name is accepted, since the flags name what the input files hold.
 *
 * @param configFile the YAML file, or null
 * @param strategyId {@code --strategy}, or null to keep the file's
 * @param params {@code --param key=value} in order; keys are the strategy's parameter names
 * @param spot {@code --spot} venues (spot A first), or empty to keep the file's
 * @param futures {@code --futures} venue, or null to keep the file's
 * @param barSeconds {@code --bar-seconds}, or null
 * @param takerFees {@code --fee venue=rate} taker fee rates (fractions), added to the file's table
 * @param fillLatency {@code --fill-latency}, or null
 */
public record BacktestConfigs(Path configFile, String strategyId, List<String> params, List<String> spot,
                              String futures, Integer barSeconds, Map<String, BigDecimal> takerFees,
                              Duration fillLatency) {

    public BacktestConfigs {
        params = List.copyOf(params);
        spot = List.copyOf(spot);
        takerFees = new LinkedHashMap<>(takerFees);
    }

    /** Every strategy on the class path, by {@link ServiceLoader}. */
    public static List<SignalStrategy<?>> strategies() {
        List<SignalStrategy<?>> out = new ArrayList<>();
        for (SignalStrategy<?> s : ServiceLoader.load(SignalStrategy.class)) out.add(s);
        return out;
    }

    /** The configuration with the flags' parameters. */
    public StrategyConfig build() {
        return build(Map.of());
    }

    /** The configuration with the flags' parameters, then {@code extraParams} (one point of a sweep grid). */
    public StrategyConfig build(Map<String, String> extraParams) {
        StrategyConfigLoader loader = new StrategyConfigLoader(strategies());
        ConfigOverrides o = ConfigOverrides.none();
        if (strategyId != null) o.set("strategy", strategyId, "--strategy");
        if (barSeconds != null) o.set("bar-seconds", Integer.toString(barSeconds), "--bar-seconds");
        params.forEach(o::param);
        extraParams.forEach((k, v) -> o.param(k + "=" + v));
        StrategyConfig base;
        if (configFile != null) {
            base = loader.load(configFile, o);
        } else {
            if (strategyId == null) throw new IllegalArgumentException("give --config FILE or --strategy ID");
            if (spot.isEmpty() && futures == null) {
                throw new IllegalArgumentException("without --config, name the venues: --spot VENUE[,VENUE] [--futures VENUE]");
            }
            // the loader wants venues in the document; the flags' roles replace them below anyway
            String yaml = "venues: {spot: [" + String.join(", ", spot) + "]"
                    + (futures == null ? "" : ", futures: " + futures) + "}\n"
                    + "multi-spot: " + (spot.size() > 1) + "\n";
            base = loader.parse(yaml, "command line", o);
        }
        StrategyConfigBuilder b = base.toBuilder();
        if (!spot.isEmpty() || futures != null) {
            List<String> spots = spot.isEmpty() ? base.venues().spot() : spot;
            String fut = futures != null ? futures : base.venues().futures();
            b.venues(new StrategyConfig.VenueRoles(spots, fut));
        }
        takerFees.forEach((venue, rate) -> b.fee(venue, new StrategyConfig.VenueFees(rate, rate)));
        if (fillLatency != null) b.execution(base.execution().withFillLatency(fillLatency));
        return b.build();
    }
}
