package io.spreadflow.connectors.feed;

import java.util.ArrayList;
import java.util.List;

/**
 * What one WebSocket frame held: the quotes it carried and, for what could not be accepted, the
 * problems. Both empty means the frame was not market data for us (a subscription ack, a pong,
 * another channel).
 */
public record ParseResult(List<Quote> quotes, List<Problem> problems) {

    private static final ParseResult NOTHING = new ParseResult(List.of(), List.of());

    /**
     * Why (part of) a frame was not accepted.
     *
     * @param missingSpec set when the frame was fine but the instrument's contract multiplier is unknown
     */
    public record Problem(String reason, MissingContractSpec missingSpec) {
        public static Problem malformed(String reason) {
            return new Problem(reason, null);
        }
    }

    public ParseResult {
        quotes = List.copyOf(quotes);
        problems = List.copyOf(problems);
    }

    public static ParseResult nothing() {
        return NOTHING;
    }

    public static ParseResult of(Quote quote) {
        return new ParseResult(List.of(quote), List.of());
    }

    public static ParseResult rejected(String reason) {
        return new ParseResult(List.of(), List.of(Problem.malformed(reason)));
    }

    static ParseResult failure(RuntimeException e) {
        if (e instanceof MissingContractSpec m) return new ParseResult(List.of(), List.of(new Problem(m.getMessage(), m)));
        if (e instanceof MalformedFrame) return rejected(e.getMessage());
        return rejected("unreadable frame: " + e);
    }

    /** True when the frame was neither a quote nor a rejected quote. */
    public boolean isIgnorable() {
        return quotes.isEmpty() && problems.isEmpty();
    }

    /** Collects the quotes and problems of a frame that carries several entries. */
    static final class Builder {
        private final List<Quote> quotes = new ArrayList<>(2);
        private final List<Problem> problems = new ArrayList<>(0);

        void add(Quote q) {
            quotes.add(q);
        }

        void fail(int index, RuntimeException e) {
            for (Problem p : failure(e).problems()) problems.add(new Problem("entry " + index + ": " + p.reason(), p.missingSpec()));
        }

        ParseResult build() {
            return quotes.isEmpty() && problems.isEmpty() ? NOTHING : new ParseResult(quotes, problems);
        }
    }
}
