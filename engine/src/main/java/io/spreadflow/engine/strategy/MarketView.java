package io.spreadflow.engine.strategy;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.market.Quote;

/**
 * What a strategy sees on one row (a bar, or a tick when bars are off): the quotes of the configured
 * venues, the spreads of DESIGN §3 and the indicators the strategy declared.
 *
 * <p>Spot venues are addressed by role index: 0 is spot A, 1 spot B, and so on. Spreads are percent:
 * entry {@code (F.bid − S.ask)/F.bid·100}, exit {@code (F.ask − S.bid)/F.ask·100}. A view is only valid
 * during the call it is passed to; copy what must be kept.
 */
public interface MarketView {

    /** The row's time: the bucket start for bars, the tick time otherwise (epoch µs). */
    long timeUs();

    /** 0-based index of this row among all rows the instrument produced. */
    long rowIndex();

    /** The configured venue roles. */
    StrategyConfig.VenueRoles venues();

    /** Number of spot venues. */
    int spotCount();

    double spotBid(int spot);

    double spotAsk(int spot);

    /** Futures best bid; NaN when no futures venue is configured. */
    double futuresBid();

    /** Futures best ask; NaN when no futures venue is configured. */
    double futuresAsk();

    /** The row's quote of a configured venue, or {@code null} when it has none. */
    Quote quote(String venue);

    /** Entry spread of spot venue {@code spot} against the futures venue, percent. */
    double entrySpread(int spot);

    /** Exit spread of spot venue {@code spot} against the futures venue, percent. */
    double exitSpread(int spot);

    /**
     * The row's entry spread as the configured {@link StrategyConfig.MultiSpot} combines the spot venues:
     * their mean ({@code MEAN}), spot A's ({@code SPOT_A}) or the cheapest venue's ({@code CHEAPEST}).
     */
    double combinedSpread();

    /** The row's exit spread, combined the same way ({@code CHEAPEST}: the venue with the highest bid). */
    double combinedExitSpread();

    /**
     * Taker fees of spot venue {@code spot} and the futures venue together, percent of notional: what
     * crossing both legs once costs (0.1 % spot + 0.05 % futures → 0.15).
     */
    double takerFeesPct(int spot);

    /** {@link #takerFeesPct(int)} averaged like the combined spread (spot A alone when multi-spot is off). */
    double combinedTakerFeesPct();

    /**
     * Net entry spread (DESIGN §3): the entry spread less the taker fees of both legs, i.e. what buying
     * spot at its ask and selling futures at its bid earns after paying to cross both books.
     */
    default double netEntrySpread(int spot) {
        return entrySpread(spot) - takerFeesPct(spot);
    }

    /** Net exit spread: the exit spread plus the taker fees of both legs, i.e. what unwinding costs. */
    default double netExitSpread(int spot) {
        return exitSpread(spot) + takerFeesPct(spot);
    }

    /** Mean net entry spread over the spot venues. */
    default double combinedNetSpread() {
        return combinedSpread() - combinedTakerFeesPct();
    }

    /**
     * The spot venue an entry that buys spot buys on: under {@code multi-spot: cheapest} the one with
     * the lowest ask on this row (the first on a tie), otherwise spot A (0).
     */
    int buySpot();

    /**
     * The spot venue an entry that sells spot sells on: under {@code multi-spot: cheapest} the one with
     * the highest bid on this row (the first on a tie), otherwise spot A (0).
     */
    int sellSpot();

    /**
     * The spread a position that traded on spot venue {@code spot} is judged by: the combined spread,
     * or under {@code multi-spot: cheapest} that venue's own entry spread, so that a position is exited
     * on the prices of the venue it holds.
     */
    double heldSpread(int spot);

    /** The current value of a declared indicator; NaN while its window is not yet full. */
    double indicator(String name);
}
