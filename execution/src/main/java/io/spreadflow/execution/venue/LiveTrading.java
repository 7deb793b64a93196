package io.spreadflow.execution.venue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which venues trade for real, and how. Paper is the default: {@link #PAPER} has no live venue.
 * A live venue needs credentials and either {@code confirmed} (the operator's explicit
 * "I understand this trades real money") or {@code dryRun}, in which signed requests are logged and
 * not sent.
 *
 * @param venues         live venues by name, with their base URL (a venue's default, its testnet, or a simulator)
 * @param confirmed      the operator confirmed that orders go to real venues
 * @param dryRun         sign and log every trading request, send none
 * @param requestTimeout how long a venue request may take before its outcome counts as unknown
 * @param fillWait       how long an order the venue left open may take to finish before it is canceled
 */
public record LiveTrading(Map<String, Venue> venues, boolean confirmed, boolean dryRun, Duration requestTimeout, Duration fillWait) {

    /** One live venue: where its API is and the key that trades on it (never logged). */
    public record Venue(String name, URI baseUrl, ApiCredentials credentials) {
        public Venue {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(credentials, "credentials of " + name);
        }
    }

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_FILL_WAIT = Duration.ofSeconds(2);
    /** The flag that confirms live trading, named in every refusal. */
    public static final String CONFIRMATION_FLAG = "--i-understand-this-trades-real-money";
    /** Its configuration equivalent: this environment variable set to {@code yes}. */
    public static final String CONFIRMATION_ENV = "SPREADFLOW_LIVE_TRADING_CONFIRMED";

    public static final LiveTrading PAPER = new LiveTrading(Map.of(), false, false, DEFAULT_REQUEST_TIMEOUT, DEFAULT_FILL_WAIT);

    public LiveTrading {
        venues = Map.copyOf(venues == null ? Map.of() : venues);
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(fillWait, "fillWait");
        for (String name : venues.keySet()) {
            if (!LiveVenues.known(name)) throw new IllegalArgumentException("no live adapter for venue " + name + "; known: " + LiveVenues.NAMES);
        }
        if (!venues.isEmpty() && !confirmed && !dryRun) {
            throw new IllegalArgumentException("live trading on " + new TreeMap<>(venues).keySet() + " sends real orders: add "
                    + CONFIRMATION_FLAG + " (or set " + CONFIRMATION_ENV + "=yes), or use --dry-run");
        }
    }

    public boolean live() {
        return !venues.isEmpty();
    }

    @Override
    public String toString() {
        return venues.isEmpty() ? "LiveTrading[paper]" : "LiveTrading[" + new TreeMap<>(venues).values() + (dryRun ? ", dry run" : "")
                + ", timeout " + requestTimeout.toMillis() + " ms]";
    }
}
