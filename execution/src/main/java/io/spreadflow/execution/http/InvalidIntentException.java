package io.spreadflow.execution.http;

/** An intent that cannot be accepted as sent; {@link #field()} names the offending field, e.g. {@code legs[0].quantity}. */
public final class InvalidIntentException extends RuntimeException {

    private final String field;

    public InvalidIntentException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
