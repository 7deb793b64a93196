package io.spreadflow.connectors.feed;

/**
 * A venue quoted an instrument in contracts and no contract multiplier is known for it. Sizes are
 * never guessed: converting without the multiplier would publish quantities off by orders of
 * magnitude.
 */
public final class MissingContractSpec extends RuntimeException {
    private final Venue venue;
    private final String venueSymbol;

    public MissingContractSpec(Venue venue, String venueSymbol) {
        super("no contract multiplier known for " + venue.id() + " " + venueSymbol
                + ": sizes are in contracts; give a contract specs file (--specs) or let the feed fetch it from the venue");
        this.venue = venue;
        this.venueSymbol = venueSymbol;
    }

    public Venue venue() {
        return venue;
    }

    public String venueSymbol() {
        return venueSymbol;
    }
}
