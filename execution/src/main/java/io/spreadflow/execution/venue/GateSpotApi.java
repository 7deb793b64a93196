package io.spreadflow.execution.venue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spreadflow.schemas.Side;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gate.io spot (APIv4). A leg is one {@code POST /spot/orders} with {@code time_in_force=ioc}: a limit
 * order, or a market sell. A market buy is refused before sending: Gate.io sizes market buys in the
 * quote currency, which would turn the strategy's base quantity into a guess. Rules come from
 * {@code /spot/currency_pairs/{pair}}; the order answer carries {@code fee} and {@code fee_currency}.
 * Budget: the documented 10 order requests per second.
 */
public final class GateSpotApi extends GateApi {

    public static final String VENUE = "gateio-spot";
    public static final String BASE_URL = "https://api.gateio.ws";

    public GateSpotApi(VenueHttp http, ApiCredentials credentials, Clock clock) {
        super(VENUE, http, credentials, clock);
    }

    public static RateBudget budget() {
        return new RateBudget(VENUE, 10, java.time.Duration.ofSeconds(1));
    }

    @Override
    public boolean futures() {
        return false;
    }

    @Override
    public SymbolRules rules(String pair) throws VenueException {
        JsonNode p = unsigned("/spot/currency_pairs/" + pair, 1);
        return new SymbolRules(pair, p.path("base").asText(), p.path("quote").asText(), SymbolRules.increment(p.path("precision").asInt()),
                SymbolRules.increment(p.path("amount_precision").asInt()), decimal(p, "min_base_amount"), decimal(p, "min_quote_amount"),
                BigDecimal.ONE, "tradable".equals(p.path("trade_status").asText()));
    }

    @Override
    public VenueOrder place(LegOrder o) throws VenueException {
        if (o.market() && o.side() == Side.BUY) {
            throw VenueException.rejected(RejectReason.SYMBOL_RULES, VENUE + " sizes market buys in quote currency: give the leg a limit "
                    + "price; nothing sent");
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("text", o.clientId());
        b.put("currency_pair", o.symbol());
        b.put("type", o.market() ? "market" : "limit");
        b.put("account", "spot");
        b.put("side", o.side() == Side.BUY ? "buy" : "sell");
        b.put("amount", o.quantity().toPlainString());
        if (!o.market()) b.put("price", o.price().toPlainString());
        b.put("time_in_force", "ioc");
        return order(signed("POST", "/spot/orders", "", json(b), 1));
    }

    @Override
    public java.util.Optional<VenueOrder> query(String pair, String clientId) throws VenueException {
        try {
            return java.util.Optional.of(order(signed("GET", "/spot/orders/" + clientId, "currency_pair=" + pair, null, 1)));
        } catch (VenueException e) {
            if (e.reason() == RejectReason.UNKNOWN_ORDER) return java.util.Optional.empty();
            throw e;
        }
    }

    @Override
    public VenueOrder cancel(String pair, String clientId) throws VenueException {
        return order(signed("DELETE", "/spot/orders/" + clientId, "currency_pair=" + pair, null, 1));
    }

    @Override
    public List<VenueOrder> openOrders(String pair) throws VenueException {
        List<VenueOrder> out = new ArrayList<>();
        if (pair != null) {
            for (JsonNode o : signed("GET", "/spot/orders", "currency_pair=" + pair + "&status=open", null, 1)) out.add(order(o));
            return out;
        }
        for (JsonNode p : signed("GET", "/spot/open_orders", "", null, 1)) {
            for (JsonNode o : p.path("orders")) out.add(order(o));
        }
        return out;
    }

    @Override
    public Holdings holdings() throws VenueException {
        Map<String, BigDecimal> b = new LinkedHashMap<>();
        for (JsonNode x : signed("GET", "/spot/accounts", "", null, 1)) {
            BigDecimal total = decimal(x, "available").add(decimal(x, "locked"));
            if (total.signum() != 0) b.put(x.path("currency").asText(), total);
        }
        return new Holdings(b, Map.of());
    }

    /** Reads a spot order: status open/closed/cancelled; filled = amount - left; fee in fee_currency. */
    static VenueOrder order(JsonNode o) {
        String status = o.path("status").asText();
        BigDecimal amount = decimal(o, "amount");
        BigDecimal filled = amount.subtract(decimal(o, "left"));
        VenueOrder.State state = switch (status) {
            case "open" -> VenueOrder.State.OPEN;
            case "closed" -> filled.compareTo(amount) >= 0 ? VenueOrder.State.FILLED : VenueOrder.State.CANCELED;
            default -> VenueOrder.State.CANCELED;
        };
        BigDecimal avg = null;
        if (filled.signum() > 0) {
            avg = o.hasNonNull("avg_deal_price") && !o.path("avg_deal_price").asText().isEmpty() ? decimal(o, "avg_deal_price")
                    : decimal(o, "filled_total").divide(filled, MathContext.DECIMAL64);
        }
        String finish = o.path("finish_as").asText("");
        return new VenueOrder(o.path("text").asText(), o.path("id").asText(null), state, amount, filled, avg, decimal(o, "fee"),
                o.path("fee_currency").asText(""), null, finish.isEmpty() ? status : status + "/" + finish);
    }

    /** The spot labels of Gate.io's error list. */
    @Override
    VenueException error(String label, String message) {
        return switch (label) {
            case "BALANCE_NOT_ENOUGH", "QUANTITY_NOT_ENOUGH", "MARGIN_BALANCE_NOT_ENOUGH" ->
                    VenueException.rejected(RejectReason.INSUFFICIENT_BALANCE, message);
            case "INVALID_CURRENCY_PAIR", "INVALID_CURRENCY" -> VenueException.rejected(RejectReason.INVALID_SYMBOL, message);
            case "AMOUNT_TOO_LITTLE", "AMOUNT_TOO_MUCH", "INVALID_PRECISION" -> VenueException.rejected(RejectReason.SYMBOL_RULES, message);
            default -> VenueException.rejected(RejectReason.OTHER, message);
        };
    }
}
