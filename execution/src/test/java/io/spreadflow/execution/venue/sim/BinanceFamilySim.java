package io.spreadflow.execution.venue.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/**
 * The REST dialect of Binance spot, Binance USD-M futures and MEXC spot v3, as their documentation
 * describes it: "totalParams" (query string, then body) signed with hex HMAC-SHA256 in the last
 * parameter {@code signature}, the key in {@code X-MBX-APIKEY} / {@code X-MEXC-APIKEY}, {@code timestamp}
 * within {@code recvWindow}; errors as {@code {"code":…,"msg":…}} with the codes each venue lists.
 * Every answer is a copy of the documentation example for that endpoint with the simulated values put in.
 */
public final class BinanceFamilySim implements VenueSimulator.Dialect {

    public enum Variant {
        SPOT("binance-spot", "/api/v3", "X-MBX-APIKEY"),
        USDM("binance-usdm", "/fapi/v1", "X-MBX-APIKEY"),
        MEXC("mexc-spot", "/api/v3", "X-MEXC-APIKEY");

        final String docs;
        final String prefix;
        final String keyHeader;

        Variant(String docs, String prefix, String keyHeader) {
            this.docs = docs;
            this.prefix = prefix;
            this.keyHeader = keyHeader;
        }
    }

    private final Variant v;

    public BinanceFamilySim(Variant v) {
        this.v = v;
    }

    @Override
    public void handle(VenueSimulator.Request r, VenueSimulator sim) throws IOException {
        SimExchange x = sim.exchange();
        String path = r.path();
        if (path.endsWith("/exchangeInfo")) {
            exchangeInfo(r, x);
            return;
        }
        if (!signatureValid(r, sim)) {
            if (v == Variant.MEXC) r.reply(400, error(700002, "Signature for this request is not valid."));
            else r.reply(400, error(-1022, "Signature for this request is not valid."));
            return;
        }
        Map<String, String> p = r.params();
        switch (r.method() + " " + path.replace(v.prefix, "").replace("/fapi/v2", "")) {
            case "POST /order" -> place(r, sim, p);
            case "GET /order" -> {
                var o = x.order(p.get("origClientOrderId"));
                if (o.isEmpty()) r.reply(400, noSuchOrder());
                else r.reply(200, order(o.get(), x));
            }
            case "DELETE /order" -> {
                SimExchange.Order o = x.cancel(p.get("origClientOrderId"));
                if (o == null) r.reply(400, noSuchOrder());
                else r.reply(200, ((ObjectNode) order(o, x)).put("origClientOrderId", o.clientId));
            }
            case "GET /openOrders" -> {
                ArrayNode a = VenueSimulator.JSON.createArrayNode();
                for (SimExchange.Order o : x.openOrders(p.get("symbol"))) a.add(order(o, x));
                r.reply(200, a);
            }
            case "GET /account" -> r.reply(200, account(x));
            case "GET /positionRisk" -> r.reply(200, positions(x));
            case "GET /myTrades", "GET /userTrades" -> r.reply(200, trades(x, p.get("symbol"), Long.parseLong(p.get("orderId"))));
            default -> r.reply(404, error(-1000, "no such endpoint " + r.method() + " " + path));
        }
    }

    private void place(VenueSimulator.Request r, VenueSimulator sim, Map<String, String> p) throws IOException {
        SimExchange x = sim.exchange();
        String type = p.get("type");
        boolean limit = "LIMIT".equals(type) || "IMMEDIATE_OR_CANCEL".equals(type);
        BigDecimal price = limit ? new BigDecimal(p.get("price")) : null;
        SimExchange.Order o;
        try {
            o = x.place(p.get("newClientOrderId"), p.get("symbol"), "BUY".equals(p.get("side")), new BigDecimal(p.get("quantity")), price,
                    "true".equals(p.get("reduceOnly")));
        } catch (SimExchange.Refused e) {
            r.reply(400, refusal(e.refusal, "BUY".equals(p.get("side"))));
            return;
        }
        sim.delayOrderAnswer();
        if (v == Variant.MEXC) {
            ObjectNode n = (ObjectNode) VenueSimulator.docExample("mexc-spot/order-placed.json");
            n.put("symbol", o.symbol).put("orderId", Long.toString(o.id)).put("price", price == null ? "0" : price.toPlainString())
                    .put("origQty", o.qty.toPlainString()).put("type", type).put("side", p.get("side")).put("transactTime", o.time);
            r.reply(200, n);
            return;
        }
        r.reply(200, order(o, x, v == Variant.SPOT && "FULL".equals(p.get("newOrderRespType"))));
    }

    private JsonNode order(SimExchange.Order o, SimExchange x) {
        return order(o, x, false);
    }

    /** {@code full}: Binance spot's new-order answer with {@code newOrderRespType=FULL}, which carries the fills. */
    private JsonNode order(SimExchange.Order o, SimExchange x, boolean full) {
        ObjectNode n = (ObjectNode) VenueSimulator.docExample(v.docs + "/" + (full ? "order-full.json" : "order.json"));
        n.put("symbol", o.symbol).put("clientOrderId", o.clientId).put("price", o.price == null ? "0" : o.price.toPlainString())
                .put("origQty", o.qty.toPlainString()).put("executedQty", o.filled().toPlainString())
                .put("status", status(o)).put("timeInForce", "IOC").put("side", o.buy ? "BUY" : "SELL")
                .put("type", o.price == null ? "MARKET" : v == Variant.MEXC ? "IMMEDIATE_OR_CANCEL" : "LIMIT");
        if (v == Variant.MEXC) n.put("orderId", Long.toString(o.id));
        else n.put("orderId", o.id);
        if (v == Variant.USDM) {
            n.put("cumQuote", o.quote().toPlainString()).put("cumQty", o.filled().toPlainString())
                    .put("avgPrice", o.avgPrice().toPlainString()).put("reduceOnly", o.reduceOnly).put("origType", n.get("type").asText())
                    .put("positionSide", "BOTH").put("updateTime", o.time);
        } else {
            n.put("cummulativeQuoteQty", o.quote().toPlainString());
        }
        if (n.has("transactTime")) n.put("transactTime", o.time);
        if (n.has("fills")) {
            ArrayNode fills = n.putArray("fills");
            for (SimExchange.Fill f : o.fills) {
                fills.addObject().put("price", f.price().toPlainString()).put("qty", f.qty().toPlainString())
                        .put("commission", f.fee().toPlainString()).put("commissionAsset", f.feeAsset()).put("tradeId", f.tradeId());
            }
        }
        return n;
    }

    private String status(SimExchange.Order o) {
        if (v == Variant.MEXC && "EXPIRED".equals(o.status)) return o.filled().signum() > 0 ? "PARTIALLY_CANCELED" : "CANCELED";
        return o.status;
    }

    private JsonNode trades(SimExchange x, String symbol, long orderId) {
        ArrayNode out = VenueSimulator.JSON.createArrayNode();
        String file = v == Variant.USDM ? "binance-usdm/user-trades.json" : v.docs + "/my-trades.json";
        for (SimExchange.Order o : x.orders()) {
            if (o.id != orderId || !o.symbol.equals(symbol)) continue;
            for (SimExchange.Fill f : o.fills) {
                ObjectNode t = (ObjectNode) VenueSimulator.docExample(file).get(0);
                t.put("symbol", symbol).put("price", f.price().toPlainString()).put("qty", f.qty().toPlainString())
                        .put("quoteQty", f.price().multiply(f.qty()).toPlainString()).put("commission", f.fee().toPlainString())
                        .put("commissionAsset", f.feeAsset()).put("time", o.time);
                if (v == Variant.MEXC) t.put("orderId", Long.toString(o.id)).put("id", Long.toString(f.tradeId()));
                else t.put("orderId", o.id).put("id", f.tradeId());
                out.add(t);
            }
        }
        return out;
    }

    private JsonNode account(SimExchange x) {
        ObjectNode n = (ObjectNode) VenueSimulator.docExample(v.docs + "/account.json");
        ArrayNode b = n.putArray("balances");
        x.balances().forEach((asset, amount) -> {
            ObjectNode e = b.addObject().put("asset", asset).put("free", amount.toPlainString()).put("locked", "0");
            if (v == Variant.MEXC) e.put("available", amount.toPlainString());
        });
        return n;
    }

    private JsonNode positions(SimExchange x) {
        ArrayNode out = VenueSimulator.JSON.createArrayNode();
        x.positions().forEach((symbol, amt) -> {
            ObjectNode p = (ObjectNode) VenueSimulator.docExample("binance-usdm/position-risk.json").get(0);
            out.add(p.put("symbol", symbol).put("positionAmt", amt.toPlainString()).put("positionSide", "BOTH"));
        });
        return out;
    }

    private void exchangeInfo(VenueSimulator.Request r, SimExchange x) throws IOException {
        String symbol = r.params().get("symbol");
        // the futures endpoint takes no symbol and lists every market
        var markets = symbol == null ? x.markets() : x.market(symbol).stream().toList();
        if (symbol != null && markets.isEmpty()) {
            r.reply(400, v == Variant.MEXC ? error(10007, "bad symbol") : error(-1121, "Invalid symbol."));
            return;
        }
        ObjectNode n = (ObjectNode) VenueSimulator.docExample(v.docs + "/exchange-info.json");
        ObjectNode template = (ObjectNode) n.get("symbols").get(0);
        ArrayNode symbols = n.putArray("symbols");
        for (SimExchange.Market m : markets) {
            ObjectNode s = template.deepCopy();
            s.put("symbol", m.symbol()).put("baseAsset", m.base()).put("quoteAsset", m.quote());
            if (s.has("pair")) s.put("pair", m.symbol());
            if (v == Variant.MEXC) {
                s.put("status", "1").put("isSpotTradingAllowed", true).put("quotePrecision", m.tickSize().stripTrailingZeros().scale())
                        .put("baseAssetPrecision", m.stepSize().stripTrailingZeros().scale())
                        .put("baseSizePrecision", m.minQty().toPlainString()).put("quoteAmountPrecision", m.minNotional().toPlainString());
            }
            for (JsonNode f : s.path("filters")) {
                ObjectNode fo = (ObjectNode) f;
                switch (f.path("filterType").asText()) {
                    case "PRICE_FILTER" -> fo.put("tickSize", m.tickSize().toPlainString());
                    case "LOT_SIZE" -> fo.put("stepSize", m.stepSize().toPlainString()).put("minQty", m.minQty().toPlainString());
                    case "NOTIONAL" -> fo.put("minNotional", m.minNotional().toPlainString());
                    case "MIN_NOTIONAL" -> fo.put("notional", m.minNotional().toPlainString());
                    default -> { }
                }
            }
            symbols.add(s);
        }
        r.reply(200, n);
    }

    /** The documented error of each refusal. */
    private JsonNode refusal(SimExchange.Refusal why, boolean buy) {
        return switch (v) {
            case SPOT -> switch (why) {
                case INSUFFICIENT_BALANCE -> error(-2010, "Account has insufficient balance for requested action.");
                case UNKNOWN_SYMBOL -> error(-1121, "Invalid symbol.");
                case PRICE_BAND -> error(-1013, "Filter failure: PERCENT_PRICE_BY_SIDE");
                case DUPLICATE -> error(-2010, "Duplicate order sent.");
                case REDUCE_ONLY -> error(-1106, "Parameter 'reduceOnly' sent when not required.");
            };
            case USDM -> switch (why) {
                case INSUFFICIENT_BALANCE -> error(-2019, "Margin is insufficient.");
                case UNKNOWN_SYMBOL -> error(-1121, "Invalid symbol.");
                case PRICE_BAND -> buy ? error(-4016, "Price is higher than mark price multiplier cap.")
                        : error(-4024, "Price is lower than mark price multiplier floor.");
                case DUPLICATE -> error(-4116, "ClientOrderId is duplicated.");
                case REDUCE_ONLY -> error(-2022, "ReduceOnly Order is rejected.");
            };
            case MEXC -> switch (why) {
                case INSUFFICIENT_BALANCE -> error(10101, "Insufficient balance");
                case UNKNOWN_SYMBOL -> error(10007, "bad symbol");
                case PRICE_BAND -> error(30010, "no valid trade price");
                case DUPLICATE -> error(30026, "invalid order ids");
                case REDUCE_ONLY -> error(33333, "param is error");
            };
        };
    }

    private JsonNode noSuchOrder() {
        return v == Variant.MEXC ? error(-2011, "Unknown order sent") : error(-2013, "Order does not exist.");
    }

    private static JsonNode error(int code, String msg) {
        return VenueSimulator.JSON.createObjectNode().put("code", code).put("msg", msg);
    }

    /** totalParams = query string (without the trailing signature) followed by the body; key in the header. */
    private boolean signatureValid(VenueSimulator.Request r, VenueSimulator sim) {
        String q = r.rawQuery();
        int at = q.lastIndexOf("signature=");
        if (at < 0 || !sim.apiKey().equals(r.header(v.keyHeader))) return false;
        String payload = q.substring(0, Math.max(0, at - 1)) + r.body();
        long ts = Long.parseLong(r.params().getOrDefault("timestamp", "0"));
        long window = Long.parseLong(r.params().getOrDefault("recvWindow", "5000"));
        if (Math.abs(System.currentTimeMillis() - ts) > window) return false;
        return hmacHex("HmacSHA256", sim.secret(), payload).equals(q.substring(at + "signature=".length()));
    }

    static String hmacHex(String alg, String secret, String payload) {
        try {
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), alg));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
