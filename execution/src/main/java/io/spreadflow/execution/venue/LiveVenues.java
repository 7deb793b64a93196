package io.spreadflow.execution.venue;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The live adapters by venue name: default base URLs, rate budgets, and where credentials come from.
 * Credentials are read from a properties file ({@code mexc-spot.key=…}, {@code mexc-spot.secret=…})
 * or from the environment: {@code MEXC_SPOT_API_KEY} / {@code MEXC_SPOT_API_SECRET}, or the files named
 * by {@code MEXC_SPOT_API_KEY_FILE} / {@code MEXC_SPOT_API_SECRET_FILE}.
 */
public final class LiveVenues {

    public static final List<String> NAMES = List.of(BinanceSpotApi.VENUE, BinanceFuturesApi.VENUE, MexcSpotApi.VENUE, GateSpotApi.VENUE,
            GateFuturesApi.VENUE);

    private LiveVenues() {}

    public static boolean known(String venue) {
        return NAMES.contains(venue);
    }

    public static URI defaultBaseUrl(String venue) {
        return URI.create(switch (venue) {
            case BinanceSpotApi.VENUE -> BinanceSpotApi.BASE_URL;
            case BinanceFuturesApi.VENUE -> BinanceFuturesApi.BASE_URL;
            case MexcSpotApi.VENUE -> MexcSpotApi.BASE_URL;
            case GateSpotApi.VENUE -> GateSpotApi.BASE_URL;
            case GateFuturesApi.VENUE -> GateFuturesApi.BASE_URL;
            default -> throw new IllegalArgumentException("no live adapter for venue " + venue + "; known: " + NAMES);
        });
    }

    /** {@code MEXC_SPOT} of {@code mexc-spot}. */
    public static String envPrefix(String venue) {
        return venue.toUpperCase().replace('-', '_');
    }

    /** The venue's key and secret from {@code credentialsFile} when given, else from {@code env}. */
    public static ApiCredentials credentials(String venue, Path credentialsFile, Map<String, String> env) throws IOException {
        if (credentialsFile != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(credentialsFile)) {
                p.load(r);
            }
            String key = p.getProperty(venue + ".key");
            String secret = p.getProperty(venue + ".secret");
            if (key == null || secret == null) {
                throw new IllegalArgumentException(credentialsFile + " has no " + venue + ".key and " + venue + ".secret");
            }
            return new ApiCredentials(key, secret);
        }
        return ApiCredentials.fromEnvironment(envPrefix(venue), env);
    }

    /** A {@link LiveVenue} per live venue of {@code live} (none when it is paper). */
    public static Map<String, LiveVenue> adapters(LiveTrading live, LiveVenue.ReferencePrice refs, Clock clock) {
        Map<String, LiveVenue> out = new java.util.TreeMap<>();
        live.venues().forEach((name, v) -> out.put(name, new LiveVenue(api(v, live.requestTimeout(), live.dryRun(), clock), refs,
                live.fillWait())));
        return out;
    }

    /** The REST adapter of {@code v}, with the venue's documented request budget. */
    public static VenueApi api(LiveTrading.Venue v, Duration timeout, boolean dryRun, Clock clock) {
        RateBudget budget = switch (v.name()) {
            case BinanceSpotApi.VENUE -> BinanceSpotApi.budget();
            case BinanceFuturesApi.VENUE -> BinanceFuturesApi.budget();
            case MexcSpotApi.VENUE -> MexcSpotApi.budget();
            case GateSpotApi.VENUE -> GateSpotApi.budget();
            case GateFuturesApi.VENUE -> GateFuturesApi.budget();
            default -> throw new IllegalArgumentException("no live adapter for venue " + v.name());
        };
        VenueHttp http = new VenueHttp(v.name(), v.baseUrl(), timeout, budget, dryRun);
        return switch (v.name()) {
            case BinanceSpotApi.VENUE -> new BinanceSpotApi(http, v.credentials(), clock);
            case BinanceFuturesApi.VENUE -> new BinanceFuturesApi(http, v.credentials(), clock);
            case MexcSpotApi.VENUE -> new MexcSpotApi(http, v.credentials(), clock);
            case GateSpotApi.VENUE -> new GateSpotApi(http, v.credentials(), clock);
            default -> new GateFuturesApi(http, v.credentials(), clock);
        };
    }
}
