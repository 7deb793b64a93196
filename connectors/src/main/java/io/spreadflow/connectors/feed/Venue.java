package io.spreadflow.connectors.feed;

import io.spreadflow.schemas.Market;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The venues spreadflow reads best bid/ask from: their names on the {@code ticks} topic, their
 * market, their public WebSocket endpoint, and how a canonical {@code BASE-QUOTE} instrument is
 * spelled there.
 */
public enum Venue {
    BINANCE_SPOT("binance-spot", Market.SPOT, "wss://stream.binance.com:9443/stream", null, false),
    BINANCE_USDM("binance-usdm", Market.PERPETUAL, "wss://fstream.binance.com/stream", null, false),
    /** COIN-M inverse perpetuals ({@code BTCUSD_PERP}); sizes are contracts worth a fixed USD amount. */
    BINANCE_COINM("binance-coinm", Market.PERPETUAL, "wss://dstream.binance.com/stream", null, true),
    GATEIO_SPOT("gateio-spot", Market.SPOT, "wss://api.gateio.ws/ws/v4/", "https://api.gateio.ws", false),
    GATEIO_FUTURES("gateio-futures", Market.PERPETUAL, "wss://fx-ws.gateio.ws/v4/ws/usdt", "https://api.gateio.ws", true),
    MEXC_SPOT("mexc-spot", Market.SPOT, "wss://wbs-api.mexc.com/ws", "https://api.mexc.com", false),
    MEXC_FUTURES("mexc-futures", Market.PERPETUAL, "wss://contract.mexc.com/edge", "https://contract.mexc.com", true),
    OKX_SPOT("okx-spot", Market.SPOT, "wss://ws.okx.com:8443/ws/v5/public", "https://www.okx.com", false),
    OKX_SWAP("okx-swap", Market.PERPETUAL, "wss://ws.okx.com:8443/ws/v5/public", "https://www.okx.com", true),
    /** OKX dated futures ({@code BTC-USD-220527}): read from recordings; no live feed (needs an expiry). */
    OKX_FUTURES("okx-futures", Market.FUTURE, "wss://ws.okx.com:8443/ws/v5/public", "https://www.okx.com", true);

    private final String id;
    private final Market market;
    private final URI defaultEndpoint;
    private final URI defaultRestEndpoint;
    private final boolean sizedInContracts;

    Venue(String id, Market market, String endpoint, String rest, boolean sizedInContracts) {
        this.id = id;
        this.market = market;
        this.defaultEndpoint = URI.create(endpoint);
        this.defaultRestEndpoint = rest == null ? null : URI.create(rest);
        this.sizedInContracts = sizedInContracts;
    }

    /** The venue name on the {@code ticks} topic, e.g. {@code gateio-futures}. */
    public String id() {
        return id;
    }

    public Market market() {
        return market;
    }

    /** The public market-data WebSocket. */
    public URI defaultEndpoint() {
        return defaultEndpoint;
    }

    /** The REST base URL contract specifications are fetched from, when the venue sizes in contracts. */
    public Optional<URI> defaultRestEndpoint() {
        return Optional.ofNullable(defaultRestEndpoint);
    }

    /** True when the venue quotes sizes in contracts that must be converted to base units. */
    public boolean sizedInContracts() {
        return sizedInContracts;
    }

    /**
     * How long an instrument may go without a quote before the feed reports it stale, the default of
     * {@code stale-after}. Book-ticker streams push every change of the best bid or ask (Binance,
     * Gate.io, OKX) or every 100 ms (MEXC spot's aggregated ticker), so a few seconds of silence means
     * a stuck venue or connection rather than a quiet market. MEXC futures pushes its top levels only
     * on change, and thin contracts change less often.
     */
    public Duration defaultStaleAfter() {
        return this == MEXC_FUTURES ? Duration.ofSeconds(10) : Duration.ofSeconds(5);
    }

    /** True when {@code spreadflow feed} can run a live adapter for this venue. */
    public boolean hasLiveFeed() {
        return this != OKX_FUTURES && this != BINANCE_COINM;
    }

    /**
     * How the venue spells a canonical instrument: {@code BTC-USDT} is {@code BTCUSDT} on Binance
     * and MEXC spot, {@code BTC_USDT} on Gate.io and MEXC futures, {@code BTC-USDT} on OKX spot and
     * {@code BTC-USDT-SWAP} on OKX perpetuals.
     *
     * @throws IllegalArgumentException when the instrument is not {@code BASE-QUOTE}, or the venue
     *     cannot name it without more information
     */
    public String venueSymbol(String instrument) {
        String[] parts = instrument == null ? new String[0] : instrument.trim().toUpperCase(Locale.ROOT).split("-");
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("instrument must be BASE-QUOTE, e.g. BTC-USDT, was '" + instrument + "'");
        }
        String base = parts[0];
        String quote = parts[1];
        return switch (this) {
            case BINANCE_SPOT, BINANCE_USDM, MEXC_SPOT -> base + quote;
            case BINANCE_COINM -> base + quote + "_PERP";
            case GATEIO_SPOT, GATEIO_FUTURES, MEXC_FUTURES -> base + "_" + quote;
            case OKX_SPOT -> base + "-" + quote;
            case OKX_SWAP -> base + "-" + quote + "-SWAP";
            case OKX_FUTURES -> throw new IllegalArgumentException(
                    "okx-futures contracts carry an expiry (e.g. BTC-USD-220527); no live symbol for " + instrument);
        };
    }

    /** The venue with this id ({@code binance-spot}, …), or a clear error listing the known ones. */
    public static Venue of(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown venue '" + id + "'; known: "
                        + String.join(", ", Arrays.stream(values()).map(Venue::id).toList())));
    }

    @Override
    public String toString() {
        return id;
    }
}
