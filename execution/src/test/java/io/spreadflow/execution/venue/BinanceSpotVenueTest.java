package io.spreadflow.execution.venue;

import com.sun.net.httpserver.HttpServer;
import io.spreadflow.execution.testing.Intents;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Side;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Signing checked against the example of Binance's "SIGNED request example (HMAC)" documentation, and
 * order placement against a local HTTP endpoint that verifies the signature the way the venue does and
 * answers with the venue's documented FULL new-order response.
 */
class BinanceSpotVenueTest {

    // the documentation's example key pair: not anyone's credentials
    private static final String DOC_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    private static final String DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    private HttpServer venue;
    private final List<String> seenQueries = new ArrayList<>();
    private final List<String> seenKeys = new ArrayList<>();
    private String nextAnswer;
    private int nextStatus = 200;

    @Test
    void signsTheDocumentedExampleQuery() {
        BinanceSigner signer = new BinanceSigner(new ApiCredentials(DOC_KEY, DOC_SECRET));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", "LTCBTC");
        p.put("side", "BUY");
        p.put("type", "LIMIT");
        p.put("timeInForce", "GTC");
        p.put("quantity", "1");
        p.put("price", "0.1");
        p.put("recvWindow", "5000");
        p.put("timestamp", "1499827319559");
        assertThat(BinanceSigner.queryString(p))
                .isEqualTo("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559");
        assertThat(signer.signedQuery(p)).endsWith("&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
        // the documentation's second example: a non-ASCII symbol is percent-encoded before signing
        p.put("symbol", "１２３４５６");
        assertThat(BinanceSigner.queryString(p)).startsWith("symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY");
        assertThat(signer.signedQuery(p)).endsWith("&signature=e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
    }

    @Test
    void keepsTheSecretOutOfEveryStringForm() {
        ApiCredentials c = new ApiCredentials(DOC_KEY, DOC_SECRET);
        BinanceSpotVenue v = new BinanceSpotVenue(URI.create("http://127.0.0.1:1"), c, Clock.systemUTC());
        for (String s : List.of(c.toString(), new BinanceSigner(c).toString(), v.toString())) {
            assertThat(s).doesNotContain(DOC_SECRET).doesNotContain(DOC_KEY).doesNotContain(DOC_SECRET.substring(0, 8));
        }
    }

    @Test
    void readsCredentialsFromTheEnvironmentOrFiles() throws Exception {
        ApiCredentials env = ApiCredentials.fromEnvironment("BINANCE", Map.of("BINANCE_API_KEY", DOC_KEY, "BINANCE_API_SECRET", DOC_SECRET));
        assertThat(env.apiKey()).isEqualTo(DOC_KEY);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("creds");
        java.nio.file.Files.writeString(dir.resolve("key"), DOC_KEY + "\n");
        java.nio.file.Files.writeString(dir.resolve("secret"), DOC_SECRET + "\n");
        ApiCredentials files = ApiCredentials.fromEnvironment("BINANCE",
                Map.of("BINANCE_API_KEY_FILE", dir.resolve("key").toString(), "BINANCE_API_SECRET_FILE", dir.resolve("secret").toString()));
        assertThat(new BinanceSigner(files).sign("x")).isEqualTo(new BinanceSigner(env).sign("x"));
    }

    @BeforeEach
    void startVenue() throws Exception {
        venue = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        venue.createContext("/api/v3/order", ex -> {
            String query = ex.getRequestURI().getRawQuery();
            seenQueries.add(ex.getRequestMethod() + " " + query);
            seenKeys.add(ex.getRequestHeaders().getFirst(BinanceSigner.API_KEY_HEADER));
            int at = query.lastIndexOf("&signature=");
            String expected = new BinanceSigner(new ApiCredentials(DOC_KEY, DOC_SECRET)).sign(query.substring(0, at));
            boolean valid = at > 0 && query.substring(at + 11).equals(expected)
                    && DOC_KEY.equals(ex.getRequestHeaders().getFirst(BinanceSigner.API_KEY_HEADER));
            byte[] body = (valid ? nextAnswer : "{\"code\":-1022,\"msg\":\"Signature for this request is not valid.\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(valid ? nextStatus : 400, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        venue.start();
    }

    @AfterEach
    void stopVenue() {
        venue.stop(0);
    }

    private static String documentedFullResponse() throws Exception {
        try (InputStream in = BinanceSpotVenueTest.class.getResourceAsStream("/binance/new-order-full-response.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private BinanceSpotVenue venue(String secret) {
        Clock fixed = Clock.fixed(Instant.ofEpochMilli(1_499_827_319_559L), ZoneOffset.UTC);
        return new BinanceSpotVenue(URI.create("http://127.0.0.1:" + venue.getAddress().getPort()), new ApiCredentials(DOC_KEY, secret), fixed);
    }

    @Test
    void placesASignedMarketOrderAndReadsItsFills() throws Exception {
        nextAnswer = documentedFullResponse();
        OrderIntent i = Intents.intent("BTC-USDT", 5, IntentPurpose.EXIT, Side.SELL, Side.BUY, 10, 1_000, 1L);
        ExecutionReport r = venue(DOC_SECRET).execute(i, 0);
        assertThat(seenKeys).containsExactly(DOC_KEY);
        assertThat(seenQueries.get(0)).startsWith("POST symbol=BTCUSDT&side=SELL&type=MARKET&quantity=10.0&newClientOrderId=BTC-USDT-rdn-5-0"
                + "&newOrderRespType=FULL&recvWindow=5000&timestamp=1499827319559&signature=");
        assertThat(r.getStatus()).isEqualTo(ExecutionStatus.FILLED);
        assertThat(r.getFilledQty()).isEqualTo(10.0);
        // (4000×1 + 3999×5 + 3998×2 + 3997 + 3995) / 10
        assertThat(r.getAvgPrice()).isCloseTo(3998.3, within(1e-9));
        assertThat(r.getFee()).isCloseTo(39.983, within(1e-9));
        assertThat(r.getFeeCurrency()).isEqualTo("USDT");
        assertThat(r.getVenueOrderId()).isEqualTo("28");
    }

    @Test
    void aLimitLegIsAnImmediateOrCancelLimitOrder() throws Exception {
        nextAnswer = documentedFullResponse();
        OrderIntent i = Intents.entry("BTC-USDT", 6, 0.5, 1_000, 1L);
        i.getLegs().get(0).setLimitPrice(4001.5);
        venue(DOC_SECRET).execute(i, 0);
        assertThat(seenQueries.get(0)).contains("side=BUY&type=LIMIT&timeInForce=IOC&price=4001.5&quantity=0.5&");
    }

    @Test
    void aRefusedSignatureBecomesARejectedReportWithTheVenuesReason() {
        nextAnswer = "{}";
        ExecutionReport r = venue("not-the-secret").execute(Intents.entry("BTC-USDT", 7, 1, 1_000, 1L), 0);
        assertThat(r.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(r.getReason()).contains("-1022").contains("Signature for this request is not valid");
        assertThat(r.getFilledQty()).isZero();
    }

    @Test
    void aDuplicateClientOrderIdIsLookedUpInsteadOfPlacedAgain() throws Exception {
        nextStatus = 400;
        nextAnswer = "{\"code\":-2010,\"msg\":\"Duplicate order sent.\"}";
        // the lookup answers with the order as first placed
        venue.removeContext("/api/v3/order");
        String full = documentedFullResponse();
        venue.createContext("/api/v3/order", ex -> {
            seenQueries.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawQuery());
            byte[] body = (ex.getRequestMethod().equals("POST") ? nextAnswer : full).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ex.getRequestMethod().equals("POST") ? 400 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        ExecutionReport r = venue(DOC_SECRET).execute(Intents.entry("BTC-USDT", 8, 10, 1_000, 1L), 0);
        assertThat(seenQueries).hasSize(2);
        assertThat(seenQueries.get(1)).startsWith("GET symbol=BTCUSDT&origClientOrderId=BTC-USDT-rdn-8-0&");
        assertThat(r.getStatus()).isEqualTo(ExecutionStatus.FILLED);
        assertThat(r.getFilledQty()).isEqualTo(10.0);
    }
}
