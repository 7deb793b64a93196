package io.spreadflow.execution.venue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spreadflow.schemas.Side;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binance spot (REST API v3). A leg is one {@code POST /api/v3/order}: MARKET, or LIMIT with
 * {@code timeInForce=IOC}, and {@code newOrderRespType=FULL} so the answer carries the fills and their
 * commission. Request weights and the 6000-per-minute budget are the documented ones.
 */
public final class BinanceSpotApi extends BinanceFamilyApi {

    public static final String VENUE = "binance-spot";
    public static final String BASE_URL = "https://api.binance.com";

    public BinanceSpotApi(VenueHttp http, ApiCredentials credentials, Clock clock) {
        super(VENUE, http, QuerySigner.binance(credentials), clock);
    }

    /** The documented REQUEST_WEIGHT limit: 6000 per minute. */
    public static RateBudget budget() {
        return new RateBudget(VENUE, 6000, java.time.Duration.ofMinutes(1));
    }

    @Override
    String orderPath() {
        return "/api/v3/order";
    }

    @Override
    public boolean futures() {
        return false;
    }

    @Override
    public SymbolRules rules(String symbol) throws VenueException {
        JsonNode info = unsigned("/api/v3/exchangeInfo?symbol=" + symbol, 20);
        for (JsonNode s : info.path("symbols")) {
            if (!symbol.equals(s.path("symbol").asText())) continue;
            JsonNode notional = filter(s, "NOTIONAL");
            if (notional.isEmpty()) notional = filter(s, "MIN_NOTIONAL");
            return new SymbolRules(symbol, s.path("baseAsset").asText(), s.path("quoteAsset").asText(),
                    decimal(filter(s, "PRICE_FILTER"), "tickSize"), decimal(filter(s, "LOT_SIZE"), "stepSize"),
                    decimal(filter(s, "LOT_SIZE"), "minQty"), decimal(notional, "minNotional"), BigDecimal.ONE,
                    "TRADING".equals(s.path("status").asText()));
        }
        throw VenueException.rejected(RejectReason.INVALID_SYMBOL, VENUE + " exchangeInfo has no " + symbol);
    }

    @Override
    public VenueOrder place(LegOrder o) throws VenueException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", o.symbol());
        p.put("side", o.side() == Side.BUY ? "BUY" : "SELL");
        if (o.market()) {
            p.put("type", "MARKET");
        } else {
            p.put("type", "LIMIT");
            p.put("timeInForce", "IOC");
            p.put("price", o.price().toPlainString());
        }
        p.put("quantity", o.quantity().toPlainString());
        p.put("newClientOrderId", o.clientId());
        p.put("newOrderRespType", "FULL");
        return withFees(o.symbol(), order(signed("POST", orderPath(), p, 1)));
    }

    @Override
    public List<VenueOrder> openOrders(String symbol) throws VenueException {
        Map<String, String> p = new LinkedHashMap<>();
        if (symbol != null) p.put("symbol", symbol);
        List<VenueOrder> out = new ArrayList<>();
        for (JsonNode o : signed("GET", "/api/v3/openOrders", p, symbol == null ? 80 : 6)) out.add(order(o));
        return out;
    }

    @Override
    public Holdings holdings() throws VenueException {
        Map<String, BigDecimal> b = new LinkedHashMap<>();
        for (JsonNode x : signed("GET", "/api/v3/account", Map.of(), 20).path("balances")) {
            BigDecimal total = decimal(x, "free").add(decimal(x, "locked"));
            if (total.signum() != 0) b.put(x.path("asset").asText(), total);
        }
        return new Holdings(b, Map.of());
    }

    @Override
    VenueOrder withFees(String symbol, VenueOrder o) throws VenueException {
        return feesFromTrades("/api/v3/myTrades", symbol, o, 20);
    }

    /**
     * The spot error codes: -2010 NEW_ORDER_REJECTED carries the reason in its message ("Account has
     * insufficient balance for requested action.", "Duplicate order sent."); -1013 is a filter failure.
     */
    @Override
    VenueException error(int httpStatus, int code, String msg) {
        String m = msg.toLowerCase();
        String text = VENUE + " " + code + " " + msg;
        if (m.contains("duplicate order")) return VenueException.unknown(text);
        if (m.contains("insufficient balance")) return VenueException.rejected(RejectReason.INSUFFICIENT_BALANCE, text);
        if (code == -1121) return VenueException.rejected(RejectReason.INVALID_SYMBOL, text);
        if (code == -1013 && m.contains("percent_price")) return VenueException.rejected(RejectReason.PRICE_OUT_OF_BAND, text);
        if (code == -1013) return VenueException.rejected(RejectReason.SYMBOL_RULES, text);
        if (code == -1022 || code == -2014 || code == -2015) return VenueException.rejected(RejectReason.AUTHENTICATION, text);
        return VenueException.rejected(RejectReason.OTHER, text);
    }
}
