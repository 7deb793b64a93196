package io.spreadflow.execution.venue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Binance spot, Binance USD-M futures and MEXC spot v3 share: parameters signed as a query string
 * with {@link QuerySigner} plus {@code timestamp} and {@code recvWindow}; errors as
 * {@code {"code":-1121,"msg":"Invalid symbol."}}; orders as objects with {@code clientOrderId},
 * {@code status}, {@code origQty}, {@code executedQty} and the filled quote amount.
 */
abstract class BinanceFamilyApi implements VenueApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final long RECV_WINDOW_MS = 5_000;
    /** "Order does not exist." and "Unknown order sent.": the venue has no order with that id. */
    private static final Set<Integer> NO_SUCH_ORDER = Set.of(-2013, -2011);

    private final String venue;
    final VenueHttp http;
    private final QuerySigner signer;
    private final Clock clock;

    BinanceFamilyApi(String venue, VenueHttp http, QuerySigner signer, Clock clock) {
        this.venue = venue;
        this.http = http;
        this.signer = signer;
        this.clock = clock;
    }

    @Override
    public String venue() {
        return venue;
    }

    @Override
    public String symbol(String instrument) {
        return instrument.replace("-", "").replace("_", "").toUpperCase();
    }

    /** Maps the venue's error code and message to a rejection (or UNKNOWN for a duplicate client id). */
    abstract VenueException error(int httpStatus, int code, String msg);

    /** The order endpoint, e.g. {@code /api/v3/order}. */
    abstract String orderPath();

    /** A signed request; {@code timestamp} and {@code recvWindow} are added (fresh on every retry). */
    JsonNode signed(String method, String path, Map<String, String> params, int weight) throws VenueException {
        VenueHttp.Answer a = http.send(() -> {
            Map<String, String> p = new LinkedHashMap<>(params);
            p.put("recvWindow", Long.toString(RECV_WINDOW_MS));
            p.put("timestamp", Long.toString(clock.millis()));
            return new VenueHttp.Call(method, path + "?" + signer.signedQuery(p), null,
                    Map.of(signer.keyHeader(), signer.apiKey()), weight, true);
        });
        return body(a);
    }

    JsonNode unsigned(String pathAndQuery, int weight) throws VenueException {
        return body(http.send(() -> new VenueHttp.Call("GET", pathAndQuery, null, Map.of(), weight, false)));
    }

    private JsonNode body(VenueHttp.Answer a) throws VenueException {
        JsonNode n;
        try {
            n = JSON.readTree(a.body() == null || a.body().isBlank() ? "{}" : a.body());
        } catch (IOException e) {
            if (a.ok()) throw VenueException.unknown(venue + " answered " + a.status() + " with unreadable JSON");
            throw VenueException.rejected(RejectReason.OTHER, venue + " " + a.status() + ": " + a.body());
        }
        if (a.ok() && !(n.has("code") && n.path("code").asInt() != 0 && n.has("msg"))) return n;
        int code = n.path("code").asInt();
        if (NO_SUCH_ORDER.contains(code)) throw VenueException.rejected(RejectReason.UNKNOWN_ORDER, venue + " " + code + " " + n.path("msg").asText());
        throw error(a.status(), code, n.path("msg").asText());
    }

    @Override
    public Optional<VenueOrder> query(String symbol, String clientId) throws VenueException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", symbol);
        p.put("origClientOrderId", clientId);
        try {
            return Optional.of(withFees(symbol, order(signed("GET", orderPath(), p, queryWeight()))));
        } catch (VenueException e) {
            if (e.reason() == RejectReason.UNKNOWN_ORDER) return Optional.empty();
            throw e;
        }
    }

    @Override
    public VenueOrder cancel(String symbol, String clientId) throws VenueException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", symbol);
        p.put("origClientOrderId", clientId);
        return withFees(symbol, order(signed("DELETE", orderPath(), p, 1)));
    }

    int queryWeight() {
        return 4;
    }

    /** The fee of a filled order whose answer does not carry it, from the venue's trade list. */
    abstract VenueOrder withFees(String symbol, VenueOrder o) throws VenueException;

    /** Sums {@code commission} of the trades of one order (Binance myTrades/userTrades, MEXC myTrades). */
    VenueOrder feesFromTrades(String path, String symbol, VenueOrder o, int weight) throws VenueException {
        if (o.filledQty().signum() == 0 || o.venueOrderId() == null || !o.feeCurrency().isEmpty()) return o;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", symbol);
        p.put("orderId", o.venueOrderId());
        BigDecimal fee = BigDecimal.ZERO;
        String currency = "";
        for (JsonNode t : signed("GET", path, p, weight)) {
            fee = fee.add(new BigDecimal(t.path("commission").asText("0")));
            currency = t.path("commissionAsset").asText(currency);
        }
        return o.withFee(fee, currency);
    }

    /** Reads a Binance-style order object, with its {@code fills} when the answer carries them. */
    static VenueOrder order(JsonNode o) {
        String status = o.path("status").asText();
        VenueOrder.State state = switch (status) {
            case "NEW", "PARTIALLY_FILLED" -> VenueOrder.State.OPEN;
            case "FILLED" -> VenueOrder.State.FILLED;
            case "REJECTED" -> VenueOrder.State.REJECTED;
            default -> VenueOrder.State.CANCELED; // CANCELED, EXPIRED, EXPIRED_IN_MATCH, PARTIALLY_CANCELED
        };
        BigDecimal executed = decimal(o, "executedQty");
        BigDecimal quote = o.has("cumQuote") ? decimal(o, "cumQuote") : decimal(o, "cummulativeQuoteQty");
        BigDecimal fee = BigDecimal.ZERO;
        String feeAsset = "";
        for (JsonNode f : o.path("fills")) {
            fee = fee.add(new BigDecimal(f.path("commission").asText("0")));
            feeAsset = f.path("commissionAsset").asText(feeAsset);
        }
        BigDecimal avg = null;
        if (executed.signum() > 0) {
            avg = quote.signum() > 0 ? quote.divide(executed, MathContext.DECIMAL64) : decimal(o, "avgPrice");
        }
        String id = o.path("orderId").asText(null);
        return new VenueOrder(o.path("clientOrderId").asText(o.path("origClientOrderId").asText("")), id, state,
                o.has("origQty") ? decimal(o, "origQty") : null, executed, avg, fee, feeAsset, null, status);
    }

    static BigDecimal decimal(JsonNode o, String field) {
        String s = o.path(field).asText("");
        return s.isEmpty() ? BigDecimal.ZERO : new BigDecimal(s);
    }

    static JsonNode filter(JsonNode symbol, String type) {
        for (JsonNode f : symbol.path("filters")) if (type.equals(f.path("filterType").asText())) return f;
        return JSON.createObjectNode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + http + ", " + signer + "]";
    }
}
