package io.spreadflow.execution.venue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spreadflow.schemas.Side;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gate.io USDT perpetual futures (APIv4, settle {@code usdt}). Sizes are whole contracts, signed (a
 * short is negative); one contract is {@code quanto_multiplier} base units, so the adapter turns the
 * strategy's base quantity into contracts, rounding down. A market order is {@code price "0"} with
 * {@code tif=ioc}; exits carry {@code reduce_only}. The order answer has the average {@code fill_price}
 * and the taker fee rate {@code tkfr}, which gives the fee in USDT. Budget: 100 requests per second.
 */
public final class GateFuturesApi extends GateApi {

    public static final String VENUE = "gateio-futures";
    public static final String BASE_URL = "https://api.gateio.ws";

    private final Map<String, BigDecimal> multipliers = new ConcurrentHashMap<>();

    public GateFuturesApi(VenueHttp http, ApiCredentials credentials, Clock clock) {
        super(VENUE, http, credentials, clock);
    }

    public static RateBudget budget() {
        return new RateBudget(VENUE, 100, java.time.Duration.ofSeconds(1));
    }

    @Override
    public boolean futures() {
        return true;
    }

    @Override
    public SymbolRules rules(String contract) throws VenueException {
        JsonNode c = unsigned("/futures/usdt/contracts/" + contract, 1);
        BigDecimal multiplier = decimal(c, "quanto_multiplier");
        multipliers.put(contract, multiplier);
        String[] parts = contract.split("_", 2);
        boolean trading = !c.path("in_delisting").asBoolean(false) && "trading".equals(c.path("status").asText("trading"));
        return new SymbolRules(contract, parts[0], parts.length > 1 ? parts[1] : "USDT", decimal(c, "order_price_round"), BigDecimal.ONE,
                BigDecimal.valueOf(c.path("order_size_min").asLong(1)), BigDecimal.ZERO, multiplier, trading);
    }

    @Override
    public VenueOrder place(LegOrder o) throws VenueException {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("contract", o.symbol());
        long size = o.quantity().longValueExact();
        b.put("size", o.side() == Side.BUY ? size : -size);
        b.put("price", o.market() ? "0" : o.price().toPlainString());
        b.put("tif", "ioc");
        b.put("text", o.clientId());
        if (o.reduceOnly()) b.put("reduce_only", true);
        return order(signed("POST", "/futures/usdt/orders", "", json(b), 1));
    }

    @Override
    public Optional<VenueOrder> query(String contract, String clientId) throws VenueException {
        try {
            return Optional.of(order(signed("GET", "/futures/usdt/orders/" + clientId, "", null, 1)));
        } catch (VenueException e) {
            if (e.reason() == RejectReason.UNKNOWN_ORDER) return Optional.empty();
            throw e;
        }
    }

    @Override
    public VenueOrder cancel(String contract, String clientId) throws VenueException {
        return order(signed("DELETE", "/futures/usdt/orders/" + clientId, "", null, 1));
    }

    @Override
    public List<VenueOrder> openOrders(String contract) throws VenueException {
        List<VenueOrder> out = new ArrayList<>();
        String q = contract == null ? "status=open" : "contract=" + contract + "&status=open";
        for (JsonNode o : signed("GET", "/futures/usdt/orders", q, null, 1)) out.add(order(o));
        return out;
    }

    @Override
    public Holdings holdings() throws VenueException {
        Map<String, BigDecimal> pos = new LinkedHashMap<>();
        for (JsonNode p : signed("GET", "/futures/usdt/positions", "", null, 1)) {
            long size = p.path("size").asLong();
            if (size == 0) continue;
            String contract = p.path("contract").asText();
            BigDecimal m = multipliers.containsKey(contract) ? multipliers.get(contract) : rules(contract).contractSize();
            pos.merge(contract, BigDecimal.valueOf(size).multiply(m), BigDecimal::add);
        }
        return new Holdings(Map.of(), pos);
    }

    /**
     * Reads a futures order. Sizes are signed contracts; filled = |size - left|; {@code finish_as}
     * says why a finished order ended ({@code reduce_only}: it would have increased the position).
     */
    VenueOrder order(JsonNode o) {
        long size = o.path("size").asLong();
        long left = o.path("left").asLong();
        BigDecimal filled = BigDecimal.valueOf(Math.abs(size - left));
        String status = o.path("status").asText();
        String finish = o.path("finish_as").asText("");
        VenueOrder.State state = "open".equals(status) ? VenueOrder.State.OPEN
                : left == 0 && size != 0 ? VenueOrder.State.FILLED : VenueOrder.State.CANCELED;
        BigDecimal price = decimal(o, "fill_price");
        BigDecimal avg = filled.signum() > 0 && price.signum() > 0 ? price : null;
        BigDecimal fee = BigDecimal.ZERO;
        String contract = o.path("contract").asText();
        if (avg != null) {
            BigDecimal m = multipliers.getOrDefault(contract, BigDecimal.ONE);
            fee = filled.multiply(m).multiply(avg).multiply(decimal(o, "tkfr")).stripTrailingZeros();
        }
        RejectReason why = "reduce_only".equals(finish) ? RejectReason.REDUCE_ONLY_WOULD_INCREASE : null;
        String quote = contract.contains("_") ? contract.substring(contract.indexOf('_') + 1) : "USDT";
        return new VenueOrder(o.path("text").asText(), o.path("id").asText(null), state, BigDecimal.valueOf(Math.abs(size)), filled, avg,
                fee, quote, why, finish.isEmpty() ? status : status + "/" + finish);
    }

    /** The futures labels of Gate.io's error list. */
    @Override
    VenueException error(String label, String message) {
        return switch (label) {
            case "INSUFFICIENT_AVAILABLE", "BALANCE_NOT_ENOUGH" -> VenueException.rejected(RejectReason.INSUFFICIENT_BALANCE, message);
            case "CONTRACT_NOT_FOUND", "INVALID_CONTRACT" -> VenueException.rejected(RejectReason.INVALID_SYMBOL, message);
            case "PRICE_TOO_DEVIATED", "PRICE_OVER_LIQUIDATION", "PRICE_OVER_BANKRUPT" ->
                    VenueException.rejected(RejectReason.PRICE_OUT_OF_BAND, message);
            case "REDUCE_EXCEEDED", "POSITION_EMPTY" -> VenueException.rejected(RejectReason.REDUCE_ONLY_WOULD_INCREASE, message);
            case "SIZE_TOO_SMALL", "SIZE_TOO_LARGE" -> VenueException.rejected(RejectReason.SYMBOL_RULES, message);
            default -> VenueException.rejected(RejectReason.OTHER, message);
        };
    }
}
