package io.spreadflow.execution.venue;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs Gate.io APIv4 requests as its "API Signature string generation" section documents:
 * {@code METHOD \n URL path (with /api/v4) \n query string as sent, not decoded \n hex SHA-512 of the
 * body ("" when none) \n timestamp in seconds}, signed with hex HMAC-SHA512 keyed with the secret, sent
 * in the {@code KEY}, {@code Timestamp} and {@code SIGN} headers.
 */
public final class GateSigner {

    private final ApiCredentials credentials;

    public GateSigner(ApiCredentials credentials) {
        this.credentials = credentials;
    }

    /** The string that gets signed. */
    public static String signatureString(String method, String path, String query, String body, long timestampSeconds) {
        return method + "\n" + path + "\n" + (query == null ? "" : query) + "\n" + sha512Hex(body == null ? "" : body) + "\n"
                + timestampSeconds;
    }

    public String sign(String method, String path, String query, String body, long timestampSeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(credentials.secret(), "HmacSHA512"));
            byte[] s = signatureString(method, path, query, body, timestampSeconds).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(mac.doFinal(s));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 unavailable", e);
        }
    }

    /** The three authentication headers plus the JSON content type. */
    public Map<String, String> headers(String method, String path, String query, String body, long timestampSeconds) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", "application/json");
        h.put("Content-Type", "application/json");
        h.put("KEY", credentials.apiKey());
        h.put("Timestamp", Long.toString(timestampSeconds));
        h.put("SIGN", sign(method, path, query, body, timestampSeconds));
        return h;
    }

    static String sha512Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-512 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "GateSigner[" + credentials + "]";
    }
}
