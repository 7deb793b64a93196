package io.spreadflow.cli;

import io.spreadflow.connectors.synthetic.SyntheticMarket;
import picocli.CommandLine.Option;

/**
 * The synthetic market's shape ({@code @Mixin}): rate, seed, instrument count. Defaults are those of
 * {@link SyntheticMarket.Settings#DEFAULT}; a command may pass another rate.
 */
public final class SyntheticMarketOptions {

    @Option(names = "--rate", paramLabel = "TICKS/S", description = "Synthetic ticks per second, all instruments. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--seed", description = "Seed of the synthetic market. Default: ${DEFAULT-VALUE}")
    long seed = SyntheticMarket.Settings.DEFAULT.seed();

    @Option(names = "--instruments", paramLabel = "N",
            description = "Synthetic instruments: BTC, ETH, SOL, then S0004-USDT … Default: ${DEFAULT-VALUE}")
    int instruments = SyntheticMarket.DEFAULT_INSTRUMENTS.size();

    SyntheticMarketOptions() {
        this(SyntheticMarket.Settings.DEFAULT.ticksPerSecond());
    }

    SyntheticMarketOptions(double defaultRate) {
        this.rate = defaultRate;
    }

    /** The market these options describe, from {@code base} (its other settings kept). */
    public SyntheticMarket.Settings applyTo(SyntheticMarket.Settings base) {
        return base.withSeed(seed).withTicksPerSecond(rate).withInstrumentCount(instruments);
    }

    /** Ticks per second. */
    public double rate() {
        return rate;
    }
}
