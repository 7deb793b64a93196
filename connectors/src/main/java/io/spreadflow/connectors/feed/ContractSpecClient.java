package io.spreadflow.connectors.feed;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches contract multipliers from a venue's public REST API, for a live feed's instruments:
 * Gate.io {@code GET /api/v4/futures/usdt/contracts/{contract}} ({@code quanto_multiplier}),
 * MEXC {@code GET /api/v1/contract/detail?symbol=} ({@code contractSize}), OKX
 * {@code GET /api/v5/public/instruments?instType=SWAP&instId=} ({@code ctVal × ctMult},
 * {@code ctType}). A contract the venue does not know is an error naming it.
 */
public final class ContractSpecClient {

    private final HttpClient http;
    private final Duration timeout;

    public ContractSpecClient(Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
    }

    /** The specs of {@code venueSymbols} on {@code venue}, read from {@code restBase}. */
    public ContractSpecs fetch(Venue venue, URI restBase, List<String> venueSymbols) throws IOException, InterruptedException {
        Map<String, ContractSpec> m = new HashMap<>();
        for (String symbol : venueSymbols) m.put(symbol, fetchOne(venue, restBase, symbol));
        return ContractSpecs.of(Map.of(venue, m));
    }

    private ContractSpec fetchOne(Venue venue, URI base, String symbol) throws IOException, InterruptedException {
        String s = URLEncoder.encode(symbol, StandardCharsets.UTF_8);
        return switch (venue) {
            case GATEIO_FUTURES -> {
                JsonNode n = get(base, "/api/v4/futures/usdt/contracts/" + s, venue, symbol);
                yield ContractSpec.linear(field(n, "quanto_multiplier", venue, symbol));
            }
            case MEXC_FUTURES -> {
                JsonNode n = get(base, "/api/v1/contract/detail?symbol=" + s, venue, symbol).path("data");
                yield ContractSpec.linear(field(n, "contractSize", venue, symbol));
            }
            case OKX_SWAP -> {
                JsonNode data = get(base, "/api/v5/public/instruments?instType=SWAP&instId=" + s, venue, symbol).path("data");
                if (!data.isArray() || data.isEmpty()) throw new MissingContractSpec(venue, symbol);
                JsonNode n = data.get(0);
                BigDecimal value = new BigDecimal(field(n, "ctVal", venue, symbol));
                String mult = n.has("ctMult") && !n.path("ctMult").asText().isEmpty() ? field(n, "ctMult", venue, symbol) : "1";
                BigDecimal m = value.multiply(new BigDecimal(mult));
                yield new ContractSpec(m, "inverse".equals(n.path("ctType").asText()));
            }
            default -> throw new IllegalArgumentException(venue + " does not size in contracts, or has no live feed");
        };
    }

    private JsonNode get(URI base, String path, Venue venue, String symbol) throws IOException, InterruptedException {
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + path);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404 || r.statusCode() == 400) throw new MissingContractSpec(venue, symbol);
        if (r.statusCode() / 100 != 2) throw new IOException(uri + " answered HTTP " + r.statusCode() + ": " + r.body());
        try {
            return FrameParser.readTree(r.body());
        } catch (MalformedFrame e) {
            throw new IOException(uri + ": " + e.getMessage());
        }
    }

    private static String field(JsonNode n, String name, Venue venue, String symbol) {
        JsonNode f = n.get(name);
        if (f == null || f.isNull() || f.asText().isEmpty()) throw new MissingContractSpec(venue, symbol);
        try {
            return f.isNumber() ? DecimalText.of(f.decimalValue(), name) : DecimalText.plain(f.asText(), name);
        } catch (MalformedFrame e) {
            throw new IllegalArgumentException(venue + " " + symbol + ": " + e.getMessage());
        }
    }
}
