package io.spreadflow.execution.venue.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The Gate.io APIv4 dialect (spot, and USDT futures under {@code /futures/usdt}) as its documentation
 * describes it: {@code KEY}, {@code Timestamp} (seconds, within 60 s) and {@code SIGN} headers, SIGN
 * being hex HMAC-SHA512 of {@code METHOD\nURL\nquery\nhex(SHA512(body))\ntimestamp}; errors as
 * {@code {"label":…,"message":…}} with the labels of its error list; orders addressable by id or by
 * their {@code t-} text. Every answer is a copy of the documentation example with the simulated values.
 */
public final class GateSim implements VenueSimulator.Dialect {

    private final boolean futures;

    public GateSim(boolean futures) {
        this.futures = futures;
    }

    @Override
    public void handle(VenueSimulator.Request r, VenueSimulator sim) throws IOException {
        SimExchange x = sim.exchange();
        String path = r.path().substring("/api/v4".length());
        String base = futures ? "/futures/usdt" : "/spot";
        if (!path.startsWith(base)) {
            r.reply(404, error("NOT_FOUND", "no such path"));
            return;
        }
        path = path.substring(base.length());
        if (path.startsWith(futures ? "/contracts/" : "/currency_pairs/")) {
            rules(r, x, path.substring(path.lastIndexOf('/') + 1));
            return;
        }
        if (!signatureValid(r, sim)) {
            r.reply(401, error("INVALID_SIGNATURE", "Signature mismatch"));
            return;
        }
        String route = r.method() + " " + (path.startsWith("/orders/") ? "/orders/{id}" : path);
        switch (route) {
            case "POST /orders" -> place(r, sim);
            case "GET /orders/{id}", "DELETE /orders/{id}" -> {
                Optional<SimExchange.Order> o = find(x, path.substring("/orders/".length()));
                if (o.isEmpty()) {
                    r.reply(404, error("ORDER_NOT_FOUND", "Order not found"));
                    return;
                }
                SimExchange.Order order = "DELETE".equals(r.method()) ? x.cancel(o.get().clientId) : o.get();
                r.reply(200, order(order, x));
            }
            case "GET /orders" -> {
                ArrayNode a = VenueSimulator.JSON.createArrayNode();
                String symbol = r.params().get(futures ? "contract" : "currency_pair");
                for (SimExchange.Order o : x.openOrders(symbol)) a.add(order(o, x));
                r.reply(200, a);
            }
            case "GET /open_orders" -> {
                ArrayNode a = VenueSimulator.JSON.createArrayNode();
                for (SimExchange.Market m : x.markets()) {
                    ArrayNode orders = VenueSimulator.JSON.createArrayNode();
                    for (SimExchange.Order o : x.openOrders(m.symbol())) orders.add(order(o, x));
                    if (!orders.isEmpty()) a.addObject().put("currency_pair", m.symbol()).put("total", orders.size()).set("orders", orders);
                }
                r.reply(200, a);
            }
            case "GET /accounts" -> {
                ArrayNode a = VenueSimulator.JSON.createArrayNode();
                x.balances().forEach((c, v) -> a.add(((ObjectNode) VenueSimulator.docExample("gateio-spot/accounts.json").get(0))
                        .put("currency", c).put("available", v.toPlainString()).put("locked", "0")));
                r.reply(200, a);
            }
            case "GET /positions" -> {
                ArrayNode a = VenueSimulator.JSON.createArrayNode();
                x.positions().forEach((c, v) -> a.add(((ObjectNode) VenueSimulator.docExample("gateio-futures/positions.json").get(0))
                        .put("contract", c).put("size", v.longValue())));
                r.reply(200, a);
            }
            default -> r.reply(404, error("NOT_FOUND", "no such endpoint " + route));
        }
    }

    private void place(VenueSimulator.Request r, VenueSimulator sim) throws IOException {
        SimExchange x = sim.exchange();
        JsonNode b = VenueSimulator.JSON.readTree(r.body());
        String text = b.path("text").asText();
        if (!text.startsWith("t-") || text.length() > 30) {
            r.reply(400, error("INVALID_PARAM_VALUE", "text must start with t- and be at most 28 characters after it"));
            return;
        }
        String symbol = b.path(futures ? "contract" : "currency_pair").asText();
        boolean buy;
        BigDecimal qty;
        BigDecimal price;
        if (futures) {
            long size = b.path("size").asLong();
            buy = size > 0;
            qty = BigDecimal.valueOf(Math.abs(size));
            price = "0".equals(b.path("price").asText()) ? null : new BigDecimal(b.path("price").asText());
        } else {
            buy = "buy".equals(b.path("side").asText());
            qty = new BigDecimal(b.path("amount").asText());
            price = "market".equals(b.path("type").asText()) ? null : new BigDecimal(b.path("price").asText());
        }
        boolean reduceOnly = b.path("reduce_only").asBoolean(false);
        SimExchange.Order o;
        try {
            o = x.place(text, symbol, buy, qty, price, reduceOnly);
        } catch (SimExchange.Refused e) {
            if (e.refusal == SimExchange.Refusal.REDUCE_ONLY) {
                // documented finish_as "reduce_only": the order is taken and ended, nothing filled
                r.reply(201, order(x.recordEnded(text, symbol, buy, qty, price, true, "REDUCE_ONLY"), x));
                return;
            }
            r.reply(400, refusal(e.refusal));
            return;
        }
        sim.delayOrderAnswer();
        r.reply(201, order(o, x));
    }

    private Optional<SimExchange.Order> find(SimExchange x, String id) {
        if (id.startsWith("t-")) return x.order(id);
        return x.orders().stream().filter(o -> Long.toString(o.id).equals(id)).findFirst();
    }

    private JsonNode order(SimExchange.Order o, SimExchange x) {
        String finish = switch (o.status) {
            case "FILLED" -> "filled";
            case "EXPIRED" -> "ioc";
            case "REDUCE_ONLY" -> "reduce_only";
            default -> "cancelled";
        };
        if (futures) {
            ObjectNode n = (ObjectNode) VenueSimulator.docExample("gateio-futures/order.json");
            long size = o.qty.longValue() * (o.buy ? 1 : -1);
            long left = (o.qty.longValue() - o.filled().longValue()) * (o.buy ? 1 : -1);
            n.put("id", o.id).put("contract", o.symbol).put("create_time", o.time / 1000).put("size", size).put("left", left)
                    .put("price", o.price == null ? "0" : o.price.toPlainString()).put("fill_price", o.avgPrice().toPlainString())
                    .put("tkfr", x.takerFee().toPlainString()).put("tif", "ioc").put("is_reduce_only", o.reduceOnly).put("text", o.clientId)
                    .put("status", o.open() ? "open" : "finished").put("finish_as", o.open() ? "_new" : finish);
            return n;
        }
        ObjectNode n = (ObjectNode) VenueSimulator.docExample("gateio-spot/order.json");
        n.put("id", Long.toString(o.id)).put("text", o.clientId).put("currency_pair", o.symbol).put("account", "spot")
                .put("status", o.open() ? "open" : "FILLED".equals(o.status) ? "closed" : "cancelled")
                .put("type", o.price == null ? "market" : "limit").put("side", o.buy ? "buy" : "sell")
                .put("amount", o.qty.toPlainString()).put("price", o.price == null ? "0" : o.price.toPlainString())
                .put("time_in_force", "ioc").put("left", o.qty.subtract(o.filled()).toPlainString())
                .put("filled_amount", o.filled().toPlainString()).put("fill_price", o.quote().toPlainString())
                .put("filled_total", o.quote().toPlainString()).put("avg_deal_price", o.avgPrice().toPlainString())
                .put("fee", o.fee().toPlainString()).put("fee_currency", o.feeAsset()).put("finish_as", o.open() ? "open" : finish);
        return n;
    }

    private void rules(VenueSimulator.Request r, SimExchange x, String symbol) throws IOException {
        Optional<SimExchange.Market> m = x.market(symbol);
        if (m.isEmpty()) {
            r.reply(400, futures ? error("CONTRACT_NOT_FOUND", "Contract not found") : error("INVALID_CURRENCY_PAIR", "Invalid currency pair"));
            return;
        }
        SimExchange.Market k = m.get();
        if (futures) {
            ObjectNode n = (ObjectNode) VenueSimulator.docExample("gateio-futures/contract.json");
            r.reply(200, n.put("name", symbol).put("quanto_multiplier", k.contractSize().toPlainString())
                    .put("order_price_round", k.tickSize().toPlainString()).put("order_size_min", k.minQty().longValue())
                    .put("taker_fee_rate", x.takerFee().toPlainString()));
            return;
        }
        ObjectNode n = (ObjectNode) VenueSimulator.docExample("gateio-spot/currency-pair.json");
        r.reply(200, n.put("id", symbol).put("base", k.base()).put("quote", k.quote()).put("min_base_amount", k.minQty().toPlainString())
                .put("min_quote_amount", k.minNotional().toPlainString()).put("amount_precision", k.stepSize().stripTrailingZeros().scale())
                .put("precision", k.tickSize().stripTrailingZeros().scale()).put("fee", x.takerFee().movePointRight(2).toPlainString()));
    }

    private JsonNode refusal(SimExchange.Refusal why) {
        return switch (why) {
            case INSUFFICIENT_BALANCE -> futures ? error("INSUFFICIENT_AVAILABLE", "Balance is not enough")
                    : error("BALANCE_NOT_ENOUGH", "Balance is not enough");
            case UNKNOWN_SYMBOL -> futures ? error("CONTRACT_NOT_FOUND", "Contract not found") : error("INVALID_CURRENCY_PAIR", "Invalid currency pair");
            case PRICE_BAND -> futures ? error("PRICE_TOO_DEVIATED", "Order price deviates too much from mark price")
                    : error("INVALID_PARAM_VALUE", "price out of range");
            case DUPLICATE -> error("REPEATED_CREATION", "Repeated creation");
            case REDUCE_ONLY -> error("REDUCE_EXCEEDED", "Reduce order would exceed position in dual-mode");
        };
    }

    private static JsonNode error(String label, String message) {
        return VenueSimulator.JSON.createObjectNode().put("label", label).put("message", message);
    }

    /** The documented signature string, recomputed here from the request as received. */
    private static boolean signatureValid(VenueSimulator.Request r, VenueSimulator sim) {
        String ts = r.header("Timestamp");
        String sign = r.header("SIGN");
        if (ts == null || sign == null || !sim.apiKey().equals(r.header("KEY"))) return false;
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(ts)) > 60) return false;
        String s = r.method() + "\n" + r.path() + "\n" + r.rawQuery() + "\n" + sha512(r.body()) + "\n" + ts;
        return BinanceFamilySim.hmacHex("HmacSHA512", sim.secret(), s).equals(sign);
    }

    private static String sha512(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
