package io.spreadflow.execution.venue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Side;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MEXC spot (REST API v3). A leg is one {@code POST /api/v3/order} of type MARKET or
 * IMMEDIATE_OR_CANCEL (MEXC's order type for a limit IOC). The answer carries only the order id, so
 * the order is then read back by client id; the commission comes from {@code /api/v3/myTrades}.
 * Symbol rules come from precisions: {@code baseAssetPrecision} (quantity decimals),
 * {@code quotePrecision} (price decimals), {@code baseSizePrecision} (minimum quantity) and
 * {@code quoteAmountPrecision} (minimum amount). Budget: 500 per 10 s, as documented per endpoint.
 */
public final class MexcSpotApi extends BinanceFamilyApi {

    public static final String VENUE = "mexc-spot";
    public static final String BASE_URL = "https://api.mexc.com";

    public MexcSpotApi(VenueHttp http, ApiCredentials credentials, Clock clock) {
        super(VENUE, http, QuerySigner.mexc(credentials), clock);
    }

    public static RateBudget budget() {
        return new RateBudget(VENUE, 500, java.time.Duration.ofSeconds(10));
    }

    @Override
    String orderPath() {
        return "/api/v3/order";
    }

    @Override
    int queryWeight() {
        return 2;
    }

    @Override
    public boolean futures() {
        return false;
    }

    /** MEXC does not document a length for {@code newClientOrderId}: keep to 32 characters. */
    @Override
    public String clientId(OrderIntent intent, int legIndex) {
        return VenueAdapter.clientOrderId(intent.getIntentId() + "#" + legIndex, 32);
    }

    @Override
    public SymbolRules rules(String symbol) throws VenueException {
        for (JsonNode s : unsigned("/api/v3/exchangeInfo?symbol=" + symbol, 10).path("symbols")) {
            if (!symbol.equals(s.path("symbol").asText())) continue;
            String status = s.path("status").asText();
            boolean tradable = ("1".equals(status) || "ENABLED".equals(status)) && s.path("isSpotTradingAllowed").asBoolean(true);
            return new SymbolRules(symbol, s.path("baseAsset").asText(), s.path("quoteAsset").asText(),
                    SymbolRules.increment(s.path("quotePrecision").asInt()), SymbolRules.increment(s.path("baseAssetPrecision").asInt()),
                    decimal(s, "baseSizePrecision"), decimal(s, "quoteAmountPrecision"), BigDecimal.ONE, tradable);
        }
        throw VenueException.rejected(RejectReason.INVALID_SYMBOL, VENUE + " exchangeInfo has no " + symbol);
    }

    @Override
    public VenueOrder place(LegOrder o) throws VenueException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", o.symbol());
        p.put("side", o.side() == Side.BUY ? "BUY" : "SELL");
        p.put("type", o.market() ? "MARKET" : "IMMEDIATE_OR_CANCEL");
        p.put("quantity", o.quantity().toPlainString());
        if (!o.market()) p.put("price", o.price().toPlainString());
        p.put("newClientOrderId", o.clientId());
        JsonNode placed = signed("POST", orderPath(), p, 1);
        // the answer is {"symbol","orderId","orderListId",...}: the outcome is read back by client id
        return new VenueOrder(o.clientId(), placed.path("orderId").asText(null), VenueOrder.State.OPEN, o.quantity(), BigDecimal.ZERO,
                null, null, null, null, "NEW");
    }

    @Override
    public List<VenueOrder> openOrders(String symbol) throws VenueException {
        if (symbol == null) throw new IllegalArgumentException(VENUE + " lists open orders per symbol only");
        List<VenueOrder> out = new ArrayList<>();
        for (JsonNode o : signed("GET", "/api/v3/openOrders", Map.of("symbol", symbol), 3)) out.add(order(o));
        return out;
    }

    @Override
    public Holdings holdings() throws VenueException {
        Map<String, BigDecimal> b = new LinkedHashMap<>();
        for (JsonNode x : signed("GET", "/api/v3/account", Map.of(), 10).path("balances")) {
            BigDecimal total = decimal(x, "free").add(decimal(x, "locked"));
            if (total.signum() != 0) b.put(x.path("asset").asText(), total);
        }
        return new Holdings(b, Map.of());
    }

    @Override
    VenueOrder withFees(String symbol, VenueOrder o) throws VenueException {
        return o.open() ? o : feesFromTrades("/api/v3/myTrades", symbol, o, 10);
    }

    /** The codes of MEXC's spot "Error Codes" page. */
    @Override
    VenueException error(int httpStatus, int code, String msg) {
        String text = VENUE + " " + code + " " + msg;
        return switch (code) {
            case 10101, 30004, 30005 -> VenueException.rejected(RejectReason.INSUFFICIENT_BALANCE, text);
            case -1121, 10007, 30014, 30021, 730001 -> VenueException.rejected(RejectReason.INVALID_SYMBOL, text);
            // "no valid trade price": the limit is outside what the venue will trade at
            case 30010 -> VenueException.rejected(RejectReason.PRICE_OUT_OF_BAND, text);
            case 30002, 30003, 10096 -> VenueException.rejected(RejectReason.SYMBOL_RULES, text);
            case 602, 700002, 10072, 700003 -> VenueException.rejected(RejectReason.AUTHENTICATION, text);
            default -> VenueException.rejected(RejectReason.OTHER, text);
        };
    }
}
