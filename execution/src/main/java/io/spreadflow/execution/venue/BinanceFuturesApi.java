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
 * Binance USD-M futures (REST {@code /fapi}). A leg is one {@code POST /fapi/v1/order}: MARKET, or
 * LIMIT with {@code timeInForce=IOC}, {@code reduceOnly=true} on exits, {@code newOrderRespType=RESULT}
 * so the answer has the final status; the commission comes from {@code /fapi/v1/userTrades}. Quantities
 * are in base units (one contract = one unit of base). Budget: the documented 2400 weight per minute.
 */
public final class BinanceFuturesApi extends BinanceFamilyApi {

    public static final String VENUE = "binance-usdm";
    public static final String BASE_URL = "https://fapi.binance.com";

    public BinanceFuturesApi(VenueHttp http, ApiCredentials credentials, Clock clock) {
        super(VENUE, http, QuerySigner.binance(credentials), clock);
    }

    public static RateBudget budget() {
        return new RateBudget(VENUE, 2400, java.time.Duration.ofMinutes(1));
    }

    @Override
    String orderPath() {
        return "/fapi/v1/order";
    }

    @Override
    int queryWeight() {
        return 1;
    }

    @Override
    public boolean futures() {
        return true;
    }

    @Override
    public SymbolRules rules(String symbol) throws VenueException {
        for (JsonNode s : unsigned("/fapi/v1/exchangeInfo", 1).path("symbols")) {
            if (!symbol.equals(s.path("symbol").asText())) continue;
            return new SymbolRules(symbol, s.path("baseAsset").asText(), s.path("quoteAsset").asText(),
                    decimal(filter(s, "PRICE_FILTER"), "tickSize"), decimal(filter(s, "LOT_SIZE"), "stepSize"),
                    decimal(filter(s, "LOT_SIZE"), "minQty"), decimal(filter(s, "MIN_NOTIONAL"), "notional"), BigDecimal.ONE,
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
        if (o.reduceOnly()) p.put("reduceOnly", "true");
        p.put("newClientOrderId", o.clientId());
        p.put("newOrderRespType", "RESULT");
        return withFees(o.symbol(), order(signed("POST", orderPath(), p, 1)));
    }

    @Override
    public List<VenueOrder> openOrders(String symbol) throws VenueException {
        Map<String, String> p = new LinkedHashMap<>();
        if (symbol != null) p.put("symbol", symbol);
        List<VenueOrder> out = new ArrayList<>();
        for (JsonNode o : signed("GET", "/fapi/v1/openOrders", p, symbol == null ? 40 : 1)) out.add(order(o));
        return out;
    }

    @Override
    public Holdings holdings() throws VenueException {
        Map<String, BigDecimal> pos = new LinkedHashMap<>();
        for (JsonNode x : signed("GET", "/fapi/v2/positionRisk", Map.of(), 5)) {
            BigDecimal amt = decimal(x, "positionAmt");
            if (amt.signum() != 0) pos.merge(x.path("symbol").asText(), amt, BigDecimal::add);
        }
        return new Holdings(Map.of(), pos);
    }

    @Override
    VenueOrder withFees(String symbol, VenueOrder o) throws VenueException {
        return feesFromTrades("/fapi/v1/userTrades", symbol, o, 5);
    }

    /** The USD-M error codes, from the futures "Error Codes" page. */
    @Override
    VenueException error(int httpStatus, int code, String msg) {
        String text = VENUE + " " + code + " " + msg;
        return switch (code) {
            case -2019, -2018 -> VenueException.rejected(RejectReason.INSUFFICIENT_BALANCE, text);
            case -1121 -> VenueException.rejected(RejectReason.INVALID_SYMBOL, text);
            case -4016, -4024, -4131 -> VenueException.rejected(RejectReason.PRICE_OUT_OF_BAND, text);
            case -2022 -> VenueException.rejected(RejectReason.REDUCE_ONLY_WOULD_INCREASE, text);
            case -4164, -4003, -1013 -> VenueException.rejected(RejectReason.SYMBOL_RULES, text);
            case -1022, -2014, -2015 -> VenueException.rejected(RejectReason.AUTHENTICATION, text);
            default -> msg.toLowerCase().contains("duplicate") ? VenueException.unknown(text)
                    : VenueException.rejected(RejectReason.OTHER, text);
        };
    }
}
