package io.spreadflow.schemas;

/** A record names a writer schema the catalogue does not hold; the message is the dead-letter reason. */
public final class UnknownWriterSchemaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnknownWriterSchemaException(String message) {
        super(message);
    }
}
