package io.spreadflow.execution.venue;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Signs Binance SIGNED requests as the venue documents: the parameters are percent-encoded (UTF-8,
 * RFC 3986) into a query string in the order given, the signature is the hex HMAC-SHA256 of that
 * exact string keyed with the secret, and it is appended as the last parameter, {@code signature}.
 * The API key travels in the {@code X-MBX-APIKEY} header, not in the signed payload.
 */
public final class BinanceSigner {

    public static final String API_KEY_HEADER = "X-MBX-APIKEY";

    private final ApiCredentials credentials;

    public BinanceSigner(ApiCredentials credentials) {
        this.credentials = credentials;
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
        return "BinanceSigner[" + credentials + "]";
    }
}
