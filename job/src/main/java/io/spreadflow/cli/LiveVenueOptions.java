package io.spreadflow.cli;

import io.spreadflow.execution.venue.LiveTrading;
import io.spreadflow.execution.venue.LiveVenues;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which venues trade live and how to reach them: shared by {@code execution} and
 * {@code execution reconcile}. Credentials never come from the command line.
 */
public final class LiveVenueOptions {

    @Option(names = "--venue", paramLabel = "NAME=MODE",
            description = "MODE live trades NAME on the real venue, paper (the default for every venue) fills on paper; repeatable. "
                    + "Live adapters: binance-spot, binance-usdm, mexc-spot, gateio-spot, gateio-futures")
    Map<String, String> venues = Map.of();

    @Option(names = "--credentials-file", paramLabel = "FILE",
            description = "properties file with NAME.key and NAME.secret for each live venue (keep it mode 600). Without it: the "
                    + "environment, NAME in upper case with _ (MEXC_SPOT_API_KEY and MEXC_SPOT_API_SECRET, or _API_KEY_FILE and _API_SECRET_FILE)")
    Path credentialsFile;

    @Option(names = "--base-url", paramLabel = "NAME=URL",
            description = "another REST base URL for a venue: its testnet, or a local simulator; repeatable")
    Map<String, URI> baseUrls = Map.of();

    @Option(names = "--request-timeout", converter = DurationConverter.class,
            description = "a venue request unanswered for this long has an unknown outcome and is looked up by client id. Default: ${DEFAULT-VALUE}")
    Duration requestTimeout = LiveTrading.DEFAULT_REQUEST_TIMEOUT;

    @Option(names = "--fill-wait", converter = DurationConverter.class,
            description = "an order the venue left open this long is canceled. Default: ${DEFAULT-VALUE}")
    Duration fillWait = LiveTrading.DEFAULT_FILL_WAIT;

    /** The live venues asked for, with their credentials; {@link LiveTrading#PAPER} when none. */
    LiveTrading resolve(boolean confirmed, boolean dryRun, Map<String, String> env) throws IOException {
        Map<String, LiveTrading.Venue> live = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : venues.entrySet()) {
            String name = e.getKey();
            switch (e.getValue()) {
                case "paper" -> { }
                case "live" -> {
                    if (!LiveVenues.known(name)) throw new IllegalArgumentException("--venue " + name + "=live: no live adapter; known: " + LiveVenues.NAMES);
                    URI base = baseUrls.getOrDefault(name, LiveVenues.defaultBaseUrl(name));
                    live.put(name, new LiveTrading.Venue(name, base, LiveVenues.credentials(name, credentialsFile, env)));
                }
                default -> throw new IllegalArgumentException("--venue " + name + "=" + e.getValue() + ": the mode is live or paper");
            }
        }
        for (String name : baseUrls.keySet()) {
            if (!live.containsKey(name)) throw new IllegalArgumentException("--base-url " + name + " given, but " + name + " is not --venue " + name + "=live");
        }
        if (live.isEmpty()) return LiveTrading.PAPER;
        return new LiveTrading(live, confirmed || "yes".equalsIgnoreCase(env.get(LiveTrading.CONFIRMATION_ENV)), dryRun, requestTimeout, fillWait);
    }
}
