package io.spreadflow.execution.ledger;

import java.math.BigDecimal;

/**
 * The position the ledger's fills add up to on one venue for one instrument, in base units and quote currency.
 *
 * @param netQty       bought minus sold
 * @param boughtQty    sum of filled BUY quantities
 * @param soldQty      sum of filled SELL quantities
 * @param boughtQuote  sum of quantity × price of the buys
 * @param soldQuote    sum of quantity × price of the sells
 * @param fees         fees paid, in {@code feeCurrency}
 */
public record PositionRow(String instrument, String venue, BigDecimal netQty, BigDecimal boughtQty, BigDecimal soldQty,
                          BigDecimal boughtQuote, BigDecimal soldQuote, BigDecimal fees, String feeCurrency, long fills) {
}
