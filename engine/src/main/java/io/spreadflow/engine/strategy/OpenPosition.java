package io.spreadflow.engine.strategy;

import io.spreadflow.engine.signal.PositionState;

import java.io.Serializable;

/**
 * A position the framework holds for the strategy, as the fills made it.
 *
 * @param positionId   the id the strategy gave it
 * @param state        where it is in the signal state machine
 * @param entryTsUs    event time of the entry decision
 * @param entrySpread  combined spread when it was entered (NaN without futures)
 * @param entryReason  the reason the strategy gave for entering
 * @param quantity     filled base quantity of the first entry leg
 */
public record OpenPosition(long positionId, PositionState state, long entryTsUs, double entrySpread,
                           String entryReason, double quantity) implements Serializable {
}
