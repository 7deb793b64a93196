package io.spreadflow.execution.venue;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A venue's account of one order, in the venue's units (see {@link LegOrder}).
 *
 * @param state       OPEN while it can still fill; otherwise final
 * @param avgPrice    average fill price, {@code null} when nothing filled
 * @param fee         fees charged so far, in {@code feeCurrency} ({@code ""} when none or unknown)
 * @param rejection   why the venue ended the order without filling it fully, when the venue says so
 *                    (e.g. Gate.io's {@code finish_as=reduce_only}); {@code null} otherwise
 * @param venueStatus the venue's own status word, for the report's reason
 */
public record VenueOrder(String clientId, String venueOrderId, State state, BigDecimal quantity, BigDecimal filledQty,
                         BigDecimal avgPrice, BigDecimal fee, String feeCurrency, RejectReason rejection, String venueStatus) {

    public enum State { OPEN, FILLED, CANCELED, REJECTED }

    public VenueOrder {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(state, "state");
        filledQty = filledQty == null ? BigDecimal.ZERO : filledQty;
        fee = fee == null ? BigDecimal.ZERO : fee;
        feeCurrency = feeCurrency == null ? "" : feeCurrency;
    }

    public VenueOrder withFee(BigDecimal f, String currency) {
        return new VenueOrder(clientId, venueOrderId, state, quantity, filledQty, avgPrice, f, currency, rejection, venueStatus);
    }

    public boolean open() {
        return state == State.OPEN;
    }
}
