package io.spreadflow.cli;

import io.spreadflow.connectors.feed.Venue;
import picocli.CommandLine.Option;

/** {@code --venue} of a raw WebSocket session: the venue of every frame, when the file does not tell it ({@code @Mixin}). */
public final class SessionVenueOption {

    @Option(names = "--venue", paramLabel = "VENUE", description = "raw sessions: the venue of every frame, when the file does not tell it")
    String venue;

    /** Whether a venue was given. */
    public boolean given() {
        return venue != null;
    }

    /** The venue, or null. */
    public Venue venue() {
        return venue == null ? null : Venue.of(venue);
    }
}
