package io.spreadflow.job;

import io.spreadflow.connectors.files.Instruments;
import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.engine.config.ConfigOverrides;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.config.StrategyConfigBuilder;
import io.spreadflow.engine.config.StrategyConfigLoader;
import io.spreadflow.engine.strategy.StrategyRegistry;
import io.spreadflow.schemas.Market;
import org.apache.flink.configuration.ReadableConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The strategy configuration a job runs: the YAML file named by {@link JobOptions#STRATEGY_CONFIG},
 * or a built-in one. It is read where the job is built and travels inside the job graph, so
 * TaskManagers never need the file.
 */
public final class EngineConfigs {

    private EngineConfigs() {}

    /** The engines of the configured strategy file, or of the built-in demo configuration. */
    public static EngineFactory engineFactory(ReadableConfig options) {
        return EngineFactory.of(options.getOptional(JobOptions.STRATEGY_CONFIG).map(p -> load(Path.of(p))).orElseGet(EngineConfigs::demo));
    }

    /**
     * Reads a strategy configuration file against the registered strategies.
     *
     * @throws io.spreadflow.engine.config.ConfigException naming the file, line and key of what is wrong
     */
    public static StrategyConfig load(Path file) {
        return new StrategyConfigLoader(StrategyRegistry.load().all()).load(file);
    }

    /** The built-in configuration, a YAML file on the class path. */
    public static final String DEMO_RESOURCE = "/io/spreadflow/job/demo-strategy.yaml";

    /**
     * The demo deployment ({@value #DEMO_RESOURCE}): rdn on every instrument of the synthetic market
     * (spot {@code synth-spot}, futures {@code synth-futures}), every tick a row, the reference
     * thresholds (enter below −2.5 %, exit above −0.3 %), which the market's dislocations of −3 % to
     * −4.5 % cross; taker fees of 0.05 %, 1,000 USDT per position, fills by the job's own fill model.
     */
    public static StrategyConfig demo() {
        return new StrategyConfigLoader(StrategyRegistry.load().all()).parse(demoYaml(), "built-in demo configuration", ConfigOverrides.none());
    }

    /** The text of the built-in configuration. */
    public static String demoYaml() {
        try (java.io.InputStream in = EngineConfigs.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) throw new IllegalStateException(DEMO_RESOURCE + " is missing from the class path");
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The deployment of a demo replay without a configuration file: rdn on the venues the files hold
     * (spot venues in file order, the first futures venue), with the thresholds of the recorded LUNC
     * case ({@code golden/rdn_lunc_1s_real}), which real spot/futures spreads cross.
     */
    public static StrategyConfig replayDemo(List<Path> files) {
        Set<String> spot = new LinkedHashSet<>();
        String futures = null;
        for (Path f : files) {
            for (String venue : venuesOf(f)) {
                Market m = Instruments.marketOf(venue);
                if (m == Market.SPOT) spot.add(venue);
                else if (futures == null) futures = venue;
            }
        }
        if (spot.isEmpty() || futures == null) {
            throw new IllegalArgumentException("replay files " + files + " need a spot and a futures venue for rdn; found spot "
                    + spot + ", futures " + futures + " (pass --config for another strategy)");
        }
        StrategyConfigBuilder b = StrategyConfig.builder("rdn")
                .venues(new ArrayList<>(spot), futures)
                .multiSpot(false)
                .barSeconds(1)
                .param("entry_spread_threshold", -0.3)
                .param("exit_spread_threshold", -0.12)
                .param("stop_loss_threshold", -0.5)
                .param("max_holding_hours", 0.005)
                .param("total_fees", 0.001)
                .execution(StrategyConfig.ExecutionSettings.DEFAULT.withWalkBook(true));
        for (String v : spot) b.fee(v, StrategyConfig.VenueFees.of("0.0", "0.0005"));
        b.fee(futures, StrategyConfig.VenueFees.of("0.0002", "0.0005"));
        return b.build();
    }

    /** The venues of the first ticks of a file (the first 1,000 lines). */
    private static Set<String> venuesOf(Path file) {
        Set<String> venues = new LinkedHashSet<>();
        try (TickFileReader lines = TickFileReader.open(file)) {
            for (int i = 0; i < 1000 && lines.next(); i++) {
                if (lines.isTick()) venues.add(lines.tick().venue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return venues;
    }
}
