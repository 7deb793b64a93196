package io.spreadflow.engine;

import io.spreadflow.engine.fill.PendingOrders;
import io.spreadflow.engine.signal.PositionBook;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The part of an {@link EngineState} that changes with orders, not with every tick: the position book's
 * header (sequences, P&L, halt, settled legs, ghosts, close order, finished trades), the ids of its open
 * positions in entry order, the waiting orders, the held ticks and the early reports. The open positions
 * themselves are kept apart, by id. It shares its objects with the state it was taken from
 * ({@link EngineState#bookPart}) or is assembled into ({@link EngineState#fromParts}).
 *
 * @param book    the book; its open positions are not part of this part (they may be absent)
 * @param openIds the ids of the open positions when the part was taken, in entry order
 */
public record BookPart(PositionBook book, long[] openIds, PendingOrders pending, ArrayDeque<BookTicker> held,
                       LinkedHashMap<String, List<ExecutionReport>> early) {
}
