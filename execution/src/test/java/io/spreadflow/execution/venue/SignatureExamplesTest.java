package io.spreadflow.execution.venue;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each venue's signer against the example its API documentation publishes, byte for byte. The keys are
 * the documentation's example keys, not anyone's credentials.
 */
class SignatureExamplesTest {

    /**
     * Binance spot, "SIGNED request example (HMAC)": key vmPUZE6…, secret NhqPtmdS…, the query below,
     * signature {@code c8db56825ae7…}; and the second example with a non-ASCII symbol, percent-encoded
     * before signing, signature {@code e1353ec6b14d…}.
     */
    @Test
    void binanceSpotReproducesTheDocumentedHmacExamples() {
        QuerySigner signer = QuerySigner.binance(new ApiCredentials("vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
                "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", "LTCBTC");
        p.put("side", "BUY");
        p.put("type", "LIMIT");
        p.put("timeInForce", "GTC");
        p.put("quantity", "1");
        p.put("price", "0.1");
        p.put("recvWindow", "5000");
        p.put("timestamp", "1499827319559");
        assertThat(QuerySigner.queryString(p))
                .isEqualTo("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559");
        assertThat(signer.signedQuery(p)).endsWith("&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
        p.put("symbol", "１２３４５６");
        assertThat(QuerySigner.queryString(p)).startsWith("symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY");
        assertThat(signer.signedQuery(p)).endsWith("&signature=e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
        assertThat(signer.keyHeader()).isEqualTo("X-MBX-APIKEY");
    }

    /**
     * Binance USD-M futures, General Info, "SIGNED Endpoint Examples for POST /fapi/v1/order - HMAC
     * Keys", Example 1 (as a query string):
     * <pre>
     * $ echo -n "symbol=BTCUSDT&amp;side=BUY&amp;type=LIMIT&amp;quantity=1&amp;price=9000&amp;timeInForce=GTC&amp;recvWindow=5000&amp;timestamp=1591702613943" \
     *     | openssl dgst -sha256 -hmac "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9"
     * (stdin)= 3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9
     * </pre>
     */
    @Test
    void binanceFuturesReproducesTheDocumentedHmacExample() {
        QuerySigner signer = QuerySigner.binance(new ApiCredentials("dbefbc809e3e83c283a984c3a1459732ea7db1360ca80c5c2c8867408d28cc83",
                "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9"));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", "BTCUSDT");
        p.put("side", "BUY");
        p.put("type", "LIMIT");
        p.put("quantity", "1");
        p.put("price", "9000");
        p.put("timeInForce", "GTC");
        p.put("recvWindow", "5000");
        p.put("timestamp", "1591702613943");
        assertThat(signer.signedQuery(p)).isEqualTo("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC"
                + "&recvWindow=5000&timestamp=1591702613943&signature=3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9");
    }

    /**
     * MEXC spot v3, "SIGNED Endpoint Examples for POST /api/v3/order", Example 2 (as a query string):
     * apiKey mx0aBYs33eIilxBWC5, secretKey 45d0b3c26f2644f19bfb98b07741b2f5,
     * {@code (stdin)= fd3e4e8543c5188531eb7279d68ae7d26a573d0fc5ab0d18eb692451654d837a}. (The page's
     * Example 1 prints {@code 323c96ab…} for the same string and secret; {@code openssl} gives
     * {@code fd3e4e85…}, as Example 2 says, so Example 1's value is not reproducible from what it shows.)
     */
    @Test
    void mexcSpotReproducesTheDocumentedHmacExample() {
        QuerySigner signer = QuerySigner.mexc(new ApiCredentials("mx0aBYs33eIilxBWC5", "45d0b3c26f2644f19bfb98b07741b2f5"));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", "BTCUSDT");
        p.put("side", "BUY");
        p.put("type", "LIMIT");
        p.put("quantity", "1");
        p.put("price", "11");
        p.put("recvWindow", "5000");
        p.put("timestamp", "1644489390087");
        assertThat(signer.signedQuery(p)).isEqualTo("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=11&recvWindow=5000"
                + "&timestamp=1644489390087&signature=fd3e4e8543c5188531eb7279d68ae7d26a573d0fc5ab0d18eb692451654d837a");
        assertThat(signer.keyHeader()).isEqualTo("X-MEXC-APIKEY");
    }

    /**
     * Gate.io APIv4, "API Signature string generation", examples 1 and 2 (key {@code key}, secret
     * {@code secret}, timestamp 1541993715): "List all orders" signs to {@code 55f84ea1…}; "Create an
     * order" hashes its body to {@code ad3c1692…} and signs to {@code eae42da9…}. Both examples are
     * futures paths; the USDT futures adapter signs the same way under {@code /api/v4/futures/usdt}.
     */
    @Test
    void gateFuturesReproducesTheDocumentedExamples() {
        GateSigner signer = new GateSigner(new ApiCredentials("key", "secret"));
        assertThat(GateSigner.sha512Hex("")).isEqualTo(
                "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
        assertThat(signer.sign("GET", "/api/v4/futures/orders", "contract=BTC_USD&status=finished&limit=50", "", 1541993715L)).isEqualTo(
                "55f84ea195d6fe57ce62464daaa7c3c02fa9d1dde954e4c898289c9a2407a3d6fb3faf24deff16790d726b66ac9f74526668b13bd01029199cc4fcc522418b8a");
        String body = "{\"contract\":\"BTC_USD\",\"type\":\"limit\",\"size\":100,\"price\":6800,\"time_in_force\":\"gtc\"}";
        assertThat(GateSigner.sha512Hex(body)).isEqualTo(
                "ad3c169203dc3026558f01b4df307641fa1fa361f086b2306658886d5708767b1854797c68d9e62fef2f991645aa82673622ebf417e091d0bd22bafe5d956cca");
        Map<String, String> h = signer.headers("POST", "/api/v4/futures/orders", "", body, 1541993715L);
        assertThat(h).containsEntry("KEY", "key").containsEntry("Timestamp", "1541993715").containsEntry("SIGN",
                "eae42da914a590ddf727473aff25fc87d50b64783941061f47a3fdb92742541fc4c2c14017581b4199a1418d54471c269c03a38d788d802e2c306c37636389f0");
    }

    /**
     * Gate.io spot: the documentation publishes no spot-path signature, so the expected value is the
     * documented algorithm computed independently with openssl, on the request body of the docs'
     * "Create an order" (POST /spot/orders) example:
     * <pre>
     * B='{"text":"t-abc123","currency_pair":"BTC_USDT","type":"limit","account":"unified","side":"buy","amount":"0.001","price":"65000","time_in_force":"gtc","iceberg":"0"}'
     * H=$(printf '%s' "$B" | openssl dgst -sha512 | awk '{print $2}')      # 9a9075a6…88f4d1
     * printf 'POST\n/api/v4/spot/orders\n\n%s\n1541993715' "$H" | openssl dgst -sha512 -hmac secret
     * SHA2-512(stdin)= b2122866dbd9b14b…1504d13c
     * </pre>
     */
    @Test
    void gateSpotMatchesTheAlgorithmComputedWithOpenssl() {
        GateSigner signer = new GateSigner(new ApiCredentials("key", "secret"));
        String body = "{\"text\":\"t-abc123\",\"currency_pair\":\"BTC_USDT\",\"type\":\"limit\",\"account\":\"unified\",\"side\":\"buy\","
                + "\"amount\":\"0.001\",\"price\":\"65000\",\"time_in_force\":\"gtc\",\"iceberg\":\"0\"}";
        assertThat(GateSigner.sha512Hex(body)).isEqualTo(
                "9a9075a69d35e7545865f6bf533f21bfd260c23009179bc2940fddf0d02f08f67ddb6a83f4e5c0fda61caf4da13a77e6174166724a244c2e8e1b6edc0288f4d1");
        assertThat(signer.sign("POST", "/api/v4/spot/orders", "", body, 1541993715L)).isEqualTo(
                "b2122866dbd9b14b09acf14e80d0a0e2af9d96b78b5135bff850e234e18e52b197a5b5d1d561410d7d8e66de78d3f5734365055304dbe0ec826682fb1504d13c");
        // one changed byte in the body changes the signature
        assertThat(signer.sign("POST", "/api/v4/spot/orders", "", body.replace("65000", "65001"), 1541993715L))
                .isNotEqualTo("b2122866dbd9b14b09acf14e80d0a0e2af9d96b78b5135bff850e234e18e52b197a5b5d1d561410d7d8e66de78d3f5734365055304dbe0ec826682fb1504d13c");
    }
}
