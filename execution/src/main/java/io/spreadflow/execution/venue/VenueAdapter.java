package io.spreadflow.execution.venue;

import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;

/**
 * Executes one leg of an intent on a venue (or on paper) and says what happened.
 *
 * <p>Implementations must be safe to call again for the same leg after a crash: real venues get
 * {@link #clientOrderId} as their client order id, which the venue deduplicates.
 */
public interface VenueAdapter {

    /**
     * The outcome of leg {@code legIndex}, final: FILLED; CANCELED, with the filled quantity when part of
     * the order filled before the rest was canceled; REJECTED; or UNKNOWN when the venue did not answer.
     */
    ExecutionReport execute(OrderIntent intent, int legIndex);

    /** A client order id of at most 36 characters from {@code [A-Za-z0-9._-]}, the same for the same leg every time. */
    static String clientOrderId(OrderIntent intent, int legIndex) {
        String raw = intent.getIntentId() + "#" + legIndex;
        String clean = raw.replaceAll("[^A-Za-z0-9._-]", "-");
        if (clean.length() <= 36) return clean;
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sf-" + java.util.HexFormat.of().formatHex(h).substring(0, 33);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
