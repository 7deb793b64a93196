package io.spreadflow.execution.venue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binance spot through its REST API: each leg is one {@code POST /api/v3/order}, a MARKET order (or a
 * LIMIT IOC order when the leg has a limit price) with {@code newOrderRespType=FULL}, so the answer
 * carries the fills. The leg's {@link VenueAdapter#clientOrderId} goes in {@code newClientOrderId}: when
 * a retry after a crash finds the order already placed ("Duplicate order sent."), the order is looked
 * up by that id instead of being placed again.
 */
public final class BinanceSpotVenue implements VenueAdapter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RECV_WINDOW_MS = 5_000;

    private final URI baseUrl;
    private final BinanceSigner signer;
    private final HttpClient http;
    private final Clock clock;

    /** @param baseUrl {@code https://api.binance.com}, or the spot test network's URL */
    public BinanceSpotVenue(URI baseUrl, ApiCredentials credentials, Clock clock) {
        this.baseUrl = baseUrl;
        this.signer = new BinanceSigner(credentials);
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** {@code BTCUSDT} of {@code BTC-USDT}. */
    public static String symbol(String instrument) {
        return instrument.replace("-", "");
    }

    @Override
    public ExecutionReport execute(OrderIntent intent, int legIndex) {
        OrderLeg leg = intent.getLegs().get(legIndex);
        String clientId = VenueAdapter.clientOrderId(intent, legIndex);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", symbol(intent.getInstrument()));
        p.put("side", leg.getSide().name());
        if (leg.getLimitPrice() == null) {
            p.put("type", "MARKET");
        } else {
            p.put("type", "LIMIT");
            p.put("timeInForce", "IOC");
            p.put("price", BigDecimal.valueOf(leg.getLimitPrice()).toPlainString());
        }
        p.put("quantity", BigDecimal.valueOf(leg.getQuantity()).toPlainString());
        p.put("newClientOrderId", clientId);
        p.put("newOrderRespType", "FULL");
        p.put("recvWindow", Long.toString(RECV_WINDOW_MS));
        p.put("timestamp", Long.toString(clock.millis()));
        ExecutionReport.Builder r = ExecutionReport.newBuilder()
                .setIntentId(intent.getIntentId()).setInstrument(intent.getInstrument()).setLegIndex(legIndex)
                .setVenue(leg.getVenue()).setSide(leg.getSide()).setIntentEventTsUs(intent.getEventTsUs())
                .setFilledQty(0.0).setFee(0.0).setFeeCurrency("");
        try {
            HttpResponse<String> resp = send("POST", "/api/v3/order", p);
            JsonNode body = JSON.readTree(resp.body());
            if (resp.statusCode() / 100 != 2 && isDuplicate(body)) {
                Map<String, String> q = new LinkedHashMap<>();
                q.put("symbol", p.get("symbol"));
                q.put("origClientOrderId", clientId);
                q.put("recvWindow", Long.toString(RECV_WINDOW_MS));
                q.put("timestamp", Long.toString(clock.millis()));
                resp = send("GET", "/api/v3/order", q);
                body = JSON.readTree(resp.body());
            }
            if (resp.statusCode() / 100 != 2) {
                return r.setStatus(ExecutionStatus.REJECTED)
                        .setReason("binance " + resp.statusCode() + " " + body.path("code").asText() + ": " + body.path("msg").asText()).build();
            }
            return fromOrder(r, body);
        } catch (IOException e) {
            return r.setStatus(ExecutionStatus.UNKNOWN).setVenueOrderId(clientId).setReason("no answer from binance: " + e.getMessage()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return r.setStatus(ExecutionStatus.UNKNOWN).setVenueOrderId(clientId).setReason("interrupted while waiting for binance").build();
        }
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> params) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(baseUrl.resolve(path + "?" + signer.signedQuery(params)))
                .header(BinanceSigner.API_KEY_HEADER, signer.apiKey())
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static boolean isDuplicate(JsonNode body) {
        return body.path("code").asInt() == -2010 && body.path("msg").asText().toLowerCase().contains("duplicate");
    }

    /** Reads an order answer (FULL new-order response or order query) into a report. */
    static ExecutionReport fromOrder(ExecutionReport.Builder r, JsonNode o) {
        BigDecimal executed = new BigDecimal(o.path("executedQty").asText("0"));
        BigDecimal quote = BigDecimal.ZERO;
        BigDecimal fee = BigDecimal.ZERO;
        String feeAsset = "";
        BigDecimal fillQty = BigDecimal.ZERO;
        for (JsonNode f : o.path("fills")) {
            BigDecimal q = new BigDecimal(f.get("qty").asText());
            fillQty = fillQty.add(q);
            quote = quote.add(q.multiply(new BigDecimal(f.get("price").asText())));
            fee = fee.add(new BigDecimal(f.get("commission").asText()));
            feeAsset = f.get("commissionAsset").asText();
        }
        if (fillQty.signum() == 0 && executed.signum() > 0) quote = new BigDecimal(o.path("cummulativeQuoteQty").asText("0"));
        BigDecimal qty = fillQty.signum() > 0 ? fillQty : executed;
        String status = o.path("status").asText();
        ExecutionStatus s = switch (status) {
            case "FILLED" -> ExecutionStatus.FILLED;
            case "PARTIALLY_FILLED" -> ExecutionStatus.PARTIALLY_FILLED;
            // an IOC order that ended with part filled: the outcome is canceled, carrying the filled part
            case "EXPIRED", "EXPIRED_IN_MATCH", "CANCELED" -> ExecutionStatus.CANCELED;
            case "REJECTED" -> ExecutionStatus.REJECTED;
            case "NEW" -> ExecutionStatus.ACCEPTED;
            default -> ExecutionStatus.UNKNOWN;
        };
        r.setStatus(s).setFilledQty(qty.doubleValue()).setFee(fee.doubleValue()).setFeeCurrency(feeAsset)
                .setVenueOrderId(o.path("orderId").asText());
        if (qty.signum() > 0) r.setAvgPrice(quote.divide(qty, MathContext.DECIMAL64).doubleValue());
        if (s != ExecutionStatus.FILLED) r.setReason("binance order status " + status);
        return r.build();
    }

    @Override
    public String toString() {
        return "BinanceSpotVenue[" + baseUrl + ", " + signer + "]";
    }
}
