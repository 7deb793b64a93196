package io.spreadflow.engine.market;

import java.io.Serializable;

/**
 * The best bid and ask of one venue at one moment.
 *
 * @param venue  venue name, e.g. {@code gateio-futures}
 * @param bid    best bid price
 * @param bidQty size at the best bid, base units
 * @param ask    best ask price
 * @param askQty size at the best ask, base units
 * @param tsUs   receive time, epoch microseconds (event time)
 */
public record Quote(String venue, double bid, double bidQty, double ask, double askQty, long tsUs) implements Serializable {
}
