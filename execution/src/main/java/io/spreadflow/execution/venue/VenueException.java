package io.spreadflow.execution.venue;

/**
 * A venue call that did not give the answer asked for. {@link Kind#REJECTED}: the venue answered with
 * an error, nothing happened. {@link Kind#UNKNOWN}: no answer (timeout, broken connection, 5xx), so the
 * request may or may not have taken effect and must be looked up before anything else is decided.
 */
public final class VenueException extends Exception {

    public enum Kind { REJECTED, UNKNOWN }

    private final Kind kind;
    private final RejectReason reason;

    public VenueException(Kind kind, RejectReason reason, String message) {
        super(message);
        this.kind = kind;
        this.reason = reason;
    }

    public static VenueException rejected(RejectReason reason, String message) {
        return new VenueException(Kind.REJECTED, reason, message);
    }

    public static VenueException unknown(String message) {
        return new VenueException(Kind.UNKNOWN, RejectReason.OTHER, message);
    }

    public Kind kind() {
        return kind;
    }

    public RejectReason reason() {
        return reason;
    }

    /** {@code insufficient_balance: mexc-spot 10101 Insufficient balance}. */
    public String describe() {
        return kind == Kind.UNKNOWN ? "unknown outcome: " + getMessage() : reason.code() + ": " + getMessage();
    }
}
