package io.spreadflow.engine;

import io.spreadflow.engine.accounting.Ledger;
import io.spreadflow.engine.indicator.IndicatorSet;
import io.spreadflow.engine.market.BarAggregator;
import io.spreadflow.engine.market.QuoteBoard;

import java.io.Serializable;

/**
 * The part of an {@link EngineState} that changes with every tick: quotes, the open bar, indicators, the
 * strategy's own state, the ledger and the counters. It shares its objects with the state it was taken
 * from ({@link EngineState#marketPart}) or is assembled into ({@link EngineState#fromParts}).
 *
 * @param bars {@code null} when the strategy sees every tick
 */
public record MarketPart(String instrument, QuoteBoard board, BarAggregator bars, IndicatorSet indicators,
                         Serializable strategyState, Ledger ledger, long rows, long nextFundingUs, int fundingIndex) {
}
