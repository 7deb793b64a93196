package io.spreadflow.execution.venue;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Signs requests the way Binance (spot and USD-M futures) and MEXC spot v3 document it: the
 * parameters are percent-encoded (UTF-8, RFC 3986) into a query string in the order given, the
 * signature is the hex HMAC-SHA256 of that exact string keyed with the secret, appended as the last
 * parameter, {@code signature}. The API key travels in a header ({@code X-MBX-APIKEY} on Binance,
 * {@code X-MEXC-APIKEY} on MEXC), not in the signed payload.
 */
public final class QuerySigner {

    public static final String BINANCE_KEY_HEADER = "X-MBX-APIKEY";
    public static final String MEXC_KEY_HEADER = "X-MEXC-APIKEY";

    private final ApiCredentials credentials;
    private final String keyHeader;

    public QuerySigner(ApiCredentials credentials, String keyHeader) {
        this.credentials = credentials;
        this.keyHeader = keyHeader;
    }

    public static QuerySigner binance(ApiCredentials c) {
        return new QuerySigner(c, BINANCE_KEY_HEADER);
    }

    public static QuerySigner mexc(ApiCredentials c) {
        return new QuerySigner(c, MEXC_KEY_HEADER);
    }

    public String keyHeader() {
        return keyHeader;
    }

    public String apiKey() {
        return credentials.apiKey();
    }

    /** Hex HMAC-SHA256 of {@code payload}. */
    public String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(credentials.secret(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** {@code a=1&b=2} with names and values percent-encoded; unreserved characters stay as they are. */
    public static String queryString(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> {
            if (b.length() > 0) b.append('&');
            b.append(encode(k)).append('=').append(encode(v));
        });
        return b.toString();
    }

    /** The query string followed by {@code &signature=…}. */
    public String signedQuery(Map<String, String> params) {
        String q = queryString(params);
        return q + "&signature=" + sign(q);
    }

    static String encode(String s) {
        // URLEncoder is form encoding: fix the three places where it differs from RFC 3986
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    @Override
    public String toString() {
        return "QuerySigner[" + keyHeader + ", " + credentials + "]";
    }
}
