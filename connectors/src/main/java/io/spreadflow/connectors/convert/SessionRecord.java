package io.spreadflow.connectors.convert;

import io.spreadflow.connectors.feed.Quote;
import io.spreadflow.schemas.DeadLetter;

/** One result of reading a recorded session: a quote, or a frame that was not accepted. */
public sealed interface SessionRecord {

    /** The file line the record came from (1-based). */
    long line();

    /** A book-ticker quote, prices and sizes as the venue sent them (sizes in base units). */
    record Tick(Quote quote, long line) implements SessionRecord {}

    /** A frame of a book-ticker channel that could not be turned into a quote, with the reason. */
    record Rejected(DeadLetter deadLetter, long line) implements SessionRecord {}
}
