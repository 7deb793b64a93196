package io.spreadflow.connectors.feed;

/** A market-data frame that cannot be turned into a quote; the message is the dead-letter reason. */
public final class MalformedFrame extends RuntimeException {
    public MalformedFrame(String reason) {
        super(reason, null, false, false);
    }
}
