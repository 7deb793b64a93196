package io.spreadflow.execution.venue;

import java.util.List;
import java.util.Optional;

/**
 * The REST operations of one venue that live trading needs, each one signed request (or a few): the
 * venue-specific part of a {@link LiveVenue}. Quantities and prices are in the venue's units.
 */
public interface VenueApi {

    /** The venue's name in intents, e.g. {@code mexc-spot}. */
    String venue();

    /** The venue's symbol of an instrument, e.g. {@code BTCUSDT} or {@code BTC_USDT} of {@code BTC-USDT}. */
    String symbol(String instrument);

    /**
     * The client order id of a leg, within the venue's format (Gate.io wants {@code t-} and at most 28
     * characters); the same for the same leg every time.
     */
    default String clientId(io.spreadflow.schemas.OrderIntent intent, int legIndex) {
        return VenueAdapter.clientOrderId(intent, legIndex);
    }

    /** Whether positions (futures) rather than balances (spot) are what the account holds. */
    boolean futures();

    /** The symbol's rules from the exchange-info endpoint (cached by the caller). */
    SymbolRules rules(String symbol) throws VenueException;

    /** Places an immediate-or-cancel order; the answer may still be OPEN when the venue matches later. */
    VenueOrder place(LegOrder order) throws VenueException;

    /** The order with this client id, or empty when the venue does not know it. */
    Optional<VenueOrder> query(String symbol, String clientId) throws VenueException;

    /** Cancels the order; answers with its final state. */
    VenueOrder cancel(String symbol, String clientId) throws VenueException;

    /** Orders still open on {@code symbol} ({@code null} = all symbols, where the venue allows it). */
    List<VenueOrder> openOrders(String symbol) throws VenueException;

    /** Balances (spot) or positions (futures). */
    Holdings holdings() throws VenueException;
}
