package io.spreadflow.execution.venue;

import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;

/**
 * Executes one leg of an intent on a venue (or on paper) and says what happened.
 *
 * <p>Implementations must be safe to call again for the same leg after a crash: real venues get
 * {@link #clientOrderId} as their client order id, and {@link #resume} looks that id up before
 * anything is placed.
 */
public interface VenueAdapter {

    /**
     * The outcome of leg {@code legIndex}, final: FILLED; CANCELED, with the filled quantity when part of
     * the order filled before the rest was canceled; REJECTED; or UNKNOWN when the venue did not answer.
     */
    ExecutionReport execute(OrderIntent intent, int legIndex);

    /**
     * The outcome of a leg a previous run may already have sent (its intent was left RECEIVED): a live
     * venue first asks for the order by client id and places it only when the venue has never seen it.
     */
    default ExecutionReport resume(OrderIntent intent, int legIndex) {
        return execute(intent, legIndex);
    }

    /** A client order id of at most 36 characters from {@code [A-Za-z0-9._-]}, the same for the same leg every time. */
    static String clientOrderId(OrderIntent intent, int legIndex) {
        return clientOrderId(intent.getIntentId() + "#" + legIndex, 36);
    }

    /**
     * {@code raw} with characters outside {@code [A-Za-z0-9._-]} replaced by {@code -}; when longer than
     * {@code max}, {@code sf-} and a hash prefix of {@code raw} instead, so the id stays deterministic.
     */
    static String clientOrderId(String raw, int max) {
        String clean = raw.replaceAll("[^A-Za-z0-9._-]", "-");
        if (clean.length() <= max) return clean;
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sf-" + java.util.HexFormat.of().formatHex(h).substring(0, max - 3);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
