package io.spreadflow.engine.market;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.indicator.IndicatorSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpreadsTest {

    @Test
    void entryAndExitSpreadsUseTheFuturesPriceOfTheirSideAsDenominator() {
        assertThat(Spreads.entry(3.534e-05, 3.541e-05)).isEqualTo((3.534e-05 - 3.541e-05) / 3.534e-05 * 100);
        assertThat(Spreads.exit(3.538e-05, 3.539e-05)).isEqualTo((3.538e-05 - 3.539e-05) / 3.538e-05 * 100);
        assertThat(Spreads.spotToSpot(2.0, 2.02)).isEqualTo((2.02 - 2.0) / 2.0 * 100);
    }

    @Test
    void combinedSpreadIsTheMeanOverSpotVenuesAndOneVenueEqualsTheReferenceDuplicate() {
        double a = Spreads.entry(3.534e-05, 3.541e-05);
        double b = Spreads.entry(3.534e-05, 3.536e-05);
        assertThat(Spreads.mean(new double[] {a, b}, 2)).isEqualTo((a + b) / 2);
        assertThat(Spreads.mean(new double[] {a}, 1)).isEqualTo((a + a) / 2);
    }

    @Test
    void marketRowComputesSpreadsPerSpotVenueAndCombined() {
        StrategyConfig.VenueRoles roles = new StrategyConfig.VenueRoles(List.of("a", "b"), "f");
        QuoteBoard board = new QuoteBoard(roles.all(), 1_000_000_000L, 0);
        board.offer("a", 99.9, 1, 100.0, 1, 10);
        board.offer("b", 99.8, 1, 99.9, 1, 11);
        board.offer("f", 101.0, 1, 101.2, 1, 12);
        MarketRow multi = new MarketRow(roles, true);
        multi.load(board, 12, 0, new IndicatorSet(List.of()));
        double ea = Spreads.entry(101.0, 100.0);
        double eb = Spreads.entry(101.0, 99.9);
        assertThat(multi.entrySpread(0)).isEqualTo(ea);
        assertThat(multi.entrySpread(1)).isEqualTo(eb);
        assertThat(multi.exitSpread(1)).isEqualTo(Spreads.exit(101.2, 99.8));
        assertThat(multi.combinedSpread()).isEqualTo((ea + eb) / 2);
        assertThat(multi.combinedExitSpread()).isEqualTo((Spreads.exit(101.2, 99.9) + Spreads.exit(101.2, 99.8)) / 2);
        MarketRow spotAOnly = new MarketRow(roles, false);
        spotAOnly.load(board, 12, 0, new IndicatorSet(List.of()));
        assertThat(spotAOnly.combinedSpread()).isEqualTo(ea);
        assertThat(multi.quote("b").bid()).isEqualTo(99.8);
        assertThat(multi.quote("x")).isNull();
    }

    @Test
    void cheapestModeTakesTheLowestAskForEntriesTheHighestBidForExitsAndJudgesHeldVenuesByTheirOwnSpread() {
        StrategyConfig.VenueRoles roles = new StrategyConfig.VenueRoles(List.of("a", "b", "c"), "f");
        QuoteBoard board = new QuoteBoard(roles.all(), 1_000_000_000L, 0);
        board.offer("a", 99.95, 1, 100.0, 1, 10);
        board.offer("b", 99.7, 1, 99.9, 1, 11);
        board.offer("c", 99.8, 1, 100.2, 1, 11);
        board.offer("f", 101.0, 1, 101.2, 1, 12);
        MarketRow row = new MarketRow(roles, StrategyConfig.MultiSpot.CHEAPEST);
        row.load(board, 12, 0, new IndicatorSet(List.of()));
        assertThat(row.buySpot()).as("lowest ask").isEqualTo(1);
        assertThat(row.sellSpot()).as("highest bid").isEqualTo(0);
        assertThat(row.combinedSpread()).isEqualTo(Spreads.entry(101.0, 99.9));
        assertThat(row.combinedExitSpread()).isEqualTo(Spreads.exit(101.2, 99.95));
        assertThat(row.heldSpread(2)).isEqualTo(Spreads.entry(101.0, 100.2));
        assertThat(row.heldSpread(0)).isEqualTo(Spreads.entry(101.0, 100.0));

        MarketRow mean = new MarketRow(roles, StrategyConfig.MultiSpot.MEAN);
        mean.load(board, 12, 0, new IndicatorSet(List.of()));
        assertThat(mean.buySpot()).isZero();
        assertThat(mean.sellSpot()).isZero();
        assertThat(mean.heldSpread(2)).isEqualTo(mean.combinedSpread());
        assertThat(mean.combinedSpread()).isEqualTo((Spreads.entry(101.0, 100.0) + Spreads.entry(101.0, 99.9) + Spreads.entry(101.0, 100.2)) / 3);
    }

    @Test
    void withoutFuturesThereAreNoSpotFuturesSpreads() {
        StrategyConfig.VenueRoles roles = new StrategyConfig.VenueRoles(List.of("a", "b"), null);
        QuoteBoard board = new QuoteBoard(roles.all(), 1_000_000_000L, 0);
        board.offer("a", 1, 1, 2, 1, 1);
        board.offer("b", 1, 1, 2, 1, 1);
        MarketRow row = new MarketRow(roles, true);
        row.load(board, 1, 0, new IndicatorSet(List.of()));
        assertThat(row.combinedSpread()).isNaN();
        assertThat(row.futuresBid()).isNaN();
        assertThat(row.spotAsk(1)).isEqualTo(2);
    }
}
