package io.spreadflow.connectors.synthetic;

import io.spreadflow.connectors.files.Instruments;
import io.spreadflow.schemas.BookTicker;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A seeded, deterministic market of spot and futures book tickers for several instruments, for the
 * local demo, load tests and strategy tests that need trades to happen.
 *
 * <p>Per instrument the spot mid follows a geometric random walk whose shocks share a common market
 * factor (correlation {@link Settings#correlation}). The futures basis {@code b} (futures mid over
 * spot mid − 1, in percent) is an Ornstein–Uhlenbeck process around {@link Settings#basisMeanPct}
 * that reverts at {@link Settings#basisReversionPerSec} per second; every
 * {@link Settings#dislocationMinGapSec}–{@link Settings#dislocationMaxGapSec} seconds of event time it
 * jumps down by {@link Settings#dislocationMinPct}–{@link Settings#dislocationMaxPct} percent
 * (futures far below spot) and reverts from there. With the defaults a dislocation takes the rdn
 * entry spread below −2.5 % with a wide rolling std, and the reversion brings it back above −0.3 %
 * within about 15 s.
 *
 * <p>Ticks arrive as a Poisson stream at {@link Settings#ticksPerSecond} in event time (receive time
 * µs, starting at {@link Settings#startTsUs}); each tick is one venue's quote of one instrument,
 * chosen uniformly. Prices sit on the instrument's tick grid (bid &lt; ask), sizes are positive. The
 * same seed and settings give the same ticks, on every JVM (own Gaussian sampler, no shared state).
 */
public final class SyntheticMarket implements Iterator<BookTicker> {

    /** The spot venue every instrument is quoted on. */
    public static final String SPOT = "synth-spot";
    /** The optional second spot venue ({@link Settings#secondSpot}). */
    public static final String SPOT_B = "synth-spot-b";
    /** The perpetual futures venue. */
    public static final String FUTURES = "synth-futures";

    /**
     * One instrument of the synthetic market.
     *
     * @param instrument    canonical {@code BASE-QUOTE}
     * @param startPrice    initial spot mid
     * @param priceDecimals decimals of the price grid (1 → tick 0.1)
     * @param volPerSqrtSec spot log-return volatility per √second
     * @param typicalQty    mean top-of-book size, base units
     */
    public record InstrumentSpec(String instrument, double startPrice, int priceDecimals, double volPerSqrtSec, double typicalQty) {
        public InstrumentSpec {
            Objects.requireNonNull(instrument, "instrument");
            if (!(startPrice > 0)) throw new IllegalArgumentException(instrument + ": startPrice must be > 0");
            if (priceDecimals < 0 || priceDecimals > 12) throw new IllegalArgumentException(instrument + ": priceDecimals 0..12");
            if (!(volPerSqrtSec >= 0)) throw new IllegalArgumentException(instrument + ": volPerSqrtSec must be ≥ 0");
            if (!(typicalQty > 0)) throw new IllegalArgumentException(instrument + ": typicalQty must be > 0");
        }
    }

    /** The default instruments: BTC, ETH and SOL against USDT. */
    public static final List<InstrumentSpec> DEFAULT_INSTRUMENTS = List.of(
            new InstrumentSpec("BTC-USDT", 60_000.0, 1, 1.0e-4, 0.8),
            new InstrumentSpec("ETH-USDT", 3_000.0, 2, 1.3e-4, 12.0),
            new InstrumentSpec("SOL-USDT", 150.0, 3, 1.8e-4, 250.0));

    /**
     * Everything that shapes the generated market; {@link #DEFAULT} is the demo market.
     *
     * @param seed                   the random seed
     * @param instruments            the instruments
     * @param secondSpot             also quote {@link #SPOT_B} (for strategies with two spot venues)
     * @param ticksPerSecond         mean tick rate over all instruments and venues, in event time
     * @param startTsUs              receive time of the first tick, epoch µs
     * @param correlation            correlation of spot returns between instruments, 0..1
     * @param basisMeanPct           long-run futures basis, percent
     * @param basisReversionPerSec   OU reversion speed θ of the basis, per second
     * @param basisNoisePct          stationary std of the basis around its mean, percent
     * @param dislocationMinGapSec   shortest event-time gap between an instrument's dislocations, s
     * @param dislocationMaxGapSec   longest gap, s (the first dislocation also comes within this)
     * @param dislocationMinPct      smallest downward basis jump, percent
     * @param dislocationMaxPct      largest downward basis jump, percent
     * @param halfSpreadBps          half the quoted bid/ask spread of every venue, basis points
     * @param spotBOffsetNoiseBps    std of the second spot venue's mid around the first, basis points
     */
    public record Settings(long seed, List<InstrumentSpec> instruments, boolean secondSpot, double ticksPerSecond, long startTsUs,
                           double correlation, double basisMeanPct, double basisReversionPerSec, double basisNoisePct,
                           double dislocationMinGapSec, double dislocationMaxGapSec, double dislocationMinPct,
                           double dislocationMaxPct, double halfSpreadBps, double spotBOffsetNoiseBps) {

        /** 2025-01-01T00:00:00Z. */
        public static final long DEFAULT_START_TS_US = 1_735_689_600_000_000L;

        /** Seed 42, BTC/ETH/SOL, one spot and one futures venue, 100 ticks/s. */
        public static final Settings DEFAULT = new Settings(42L, DEFAULT_INSTRUMENTS, false, 100.0, DEFAULT_START_TS_US,
                0.7, -0.05, 0.25, 0.04, 10.0, 30.0, 3.0, 4.5, 1.0, 1.0);

        public Settings {
            instruments = List.copyOf(instruments);
            if (instruments.isEmpty()) throw new IllegalArgumentException("at least one instrument");
            if (!(ticksPerSecond > 0)) throw new IllegalArgumentException("ticksPerSecond must be > 0, was " + ticksPerSecond);
            if (!(correlation >= 0 && correlation <= 1)) throw new IllegalArgumentException("correlation must be in 0..1");
            if (!(basisReversionPerSec > 0)) throw new IllegalArgumentException("basisReversionPerSec must be > 0");
            if (!(basisNoisePct >= 0)) throw new IllegalArgumentException("basisNoisePct must be ≥ 0");
            if (!(dislocationMinGapSec > 0 && dislocationMaxGapSec >= dislocationMinGapSec)) {
                throw new IllegalArgumentException("need 0 < dislocationMinGapSec ≤ dislocationMaxGapSec");
            }
            if (!(dislocationMinPct >= 0 && dislocationMaxPct >= dislocationMinPct)) {
                throw new IllegalArgumentException("need 0 ≤ dislocationMinPct ≤ dislocationMaxPct");
            }
            if (!(halfSpreadBps > 0)) throw new IllegalArgumentException("halfSpreadBps must be > 0");
            if (!(spotBOffsetNoiseBps >= 0)) throw new IllegalArgumentException("spotBOffsetNoiseBps must be ≥ 0");
        }

        public Settings withSeed(long s) {
            return new Settings(s, instruments, secondSpot, ticksPerSecond, startTsUs, correlation, basisMeanPct,
                    basisReversionPerSec, basisNoisePct, dislocationMinGapSec, dislocationMaxGapSec, dislocationMinPct,
                    dislocationMaxPct, halfSpreadBps, spotBOffsetNoiseBps);
        }

        public Settings withTicksPerSecond(double rate) {
            return new Settings(seed, instruments, secondSpot, rate, startTsUs, correlation, basisMeanPct,
                    basisReversionPerSec, basisNoisePct, dislocationMinGapSec, dislocationMaxGapSec, dislocationMinPct,
                    dislocationMaxPct, halfSpreadBps, spotBOffsetNoiseBps);
        }

        public Settings withStartTsUs(long ts) {
            return new Settings(seed, instruments, secondSpot, ticksPerSecond, ts, correlation, basisMeanPct,
                    basisReversionPerSec, basisNoisePct, dislocationMinGapSec, dislocationMaxGapSec, dislocationMinPct,
                    dislocationMaxPct, halfSpreadBps, spotBOffsetNoiseBps);
        }

        public Settings withSecondSpot(boolean on) {
            return new Settings(seed, instruments, on, ticksPerSecond, startTsUs, correlation, basisMeanPct,
                    basisReversionPerSec, basisNoisePct, dislocationMinGapSec, dislocationMaxGapSec, dislocationMinPct,
                    dislocationMaxPct, halfSpreadBps, spotBOffsetNoiseBps);
        }

        public Settings withInstruments(List<InstrumentSpec> list) {
            return new Settings(seed, list, secondSpot, ticksPerSecond, startTsUs, correlation, basisMeanPct,
                    basisReversionPerSec, basisNoisePct, dislocationMinGapSec, dislocationMaxGapSec, dislocationMinPct,
                    dislocationMaxPct, halfSpreadBps, spotBOffsetNoiseBps);
        }

        /**
         * {@code count} instruments: the defaults first, then {@code S0004-USDT}, {@code S0005-USDT}, …
         * (for load tests with hundreds of keys).
         */
        public Settings withInstrumentCount(int count) {
            if (count < 1) throw new IllegalArgumentException("count must be ≥ 1");
            List<InstrumentSpec> list = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (i < DEFAULT_INSTRUMENTS.size()) list.add(DEFAULT_INSTRUMENTS.get(i));
                else list.add(new InstrumentSpec(String.format("S%04d-USDT", i + 1), 10.0 + (i % 97), 4, 1.5e-4, 1_000.0));
            }
            return withInstruments(list);
        }

        /** The venues each instrument is quoted on, spot first. */
        public List<String> venues() {
            return secondSpot ? List.of(SPOT, SPOT_B, FUTURES) : List.of(SPOT, FUTURES);
        }
    }

    private static final double US_PER_SEC = 1_000_000.0;

    private final Settings settings;
    private final SplittableRandom random;
    private final List<String> venues;
    private final Instrument[] instruments;
    private final double meanGapUs;
    private long nowUs;
    /** the common market factor, a Brownian motion in units of √second */
    private double marketFactor;
    private long emitted;

    private final class Instrument {
        final InstrumentSpec spec;
        final String spotSymbol;
        final String futuresSymbol;
        final double pricePow;
        long lastUs;
        double lastFactor;
        double logMid;
        double basisPct;
        double spotBOffsetBps;
        long nextDislocationUs;
        final long[] updateIds;

        Instrument(InstrumentSpec spec, long startUs) {
            this.spec = spec;
            String[] baseQuote = spec.instrument().split("-", 2);
            this.spotSymbol = baseQuote.length == 2 ? baseQuote[0] + baseQuote[1] : spec.instrument();
            this.futuresSymbol = baseQuote.length == 2 ? baseQuote[0] + "_" + baseQuote[1] : spec.instrument();
            this.pricePow = Math.pow(10, spec.priceDecimals());
            this.lastUs = startUs;
            this.logMid = Math.log(spec.startPrice());
            this.basisPct = settings.basisMeanPct();
            this.nextDislocationUs = startUs + gapUs();
            this.updateIds = new long[venues.size()];
        }

        long gapUs() {
            double s = settings.dislocationMinGapSec()
                    + random.nextDouble() * (settings.dislocationMaxGapSec() - settings.dislocationMinGapSec());
            return Math.max(1L, Math.round(s * US_PER_SEC));
        }

        /** Moves this instrument's hidden state from its last update to {@code t}. */
        void evolveTo(long t) {
            double dtSec = (t - lastUs) / US_PER_SEC;
            if (dtSec > 0) {
                double rho = settings.correlation();
                double dFactor = marketFactor - lastFactor;
                logMid += spec.volPerSqrtSec() * (rho * dFactor + Math.sqrt(1 - rho * rho) * Math.sqrt(dtSec) * gaussian());
                long from = lastUs;
                while (nextDislocationUs <= t) {
                    evolveBasis((nextDislocationUs - from) / US_PER_SEC);
                    basisPct -= settings.dislocationMinPct()
                            + random.nextDouble() * (settings.dislocationMaxPct() - settings.dislocationMinPct());
                    from = nextDislocationUs;
                    nextDislocationUs += gapUs();
                }
                evolveBasis((t - from) / US_PER_SEC);
                if (settings.secondSpot()) {
                    // the second spot's offset reverts fast: it tracks the first venue within a few bps
                    double k = Math.exp(-dtSec);
                    spotBOffsetBps = spotBOffsetBps * k + settings.spotBOffsetNoiseBps() * Math.sqrt(1 - k * k) * gaussian();
                }
            }
            lastUs = t;
            lastFactor = marketFactor;
        }

        /** Exact OU transition over {@code dtSec}. */
        void evolveBasis(double dtSec) {
            if (dtSec <= 0) return;
            double k = Math.exp(-settings.basisReversionPerSec() * dtSec);
            double mu = settings.basisMeanPct();
            basisPct = mu + (basisPct - mu) * k + settings.basisNoisePct() * Math.sqrt(1 - k * k) * gaussian();
        }

        BookTicker quote(int venueIndex, long t) {
            String venue = venues.get(venueIndex);
            double spotMid = Math.exp(logMid);
            double mid;
            if (venue.equals(FUTURES)) mid = spotMid * (1 + basisPct / 100.0);
            else if (venue.equals(SPOT_B)) mid = spotMid * (1 + spotBOffsetBps / 10_000.0);
            else mid = spotMid;
            double half = mid * settings.halfSpreadBps() / 10_000.0;
            long bidTicks = Math.max(1L, (long) Math.floor((mid - half) * pricePow));
            long askTicks = Math.max(bidTicks + 1, (long) Math.ceil((mid + half) * pricePow));
            // integer ticks divided by a power of ten: the double nearest to the decimal price
            double bid = bidTicks / pricePow;
            double ask = askTicks / pricePow;
            return BookTicker.newBuilder()
                    .setInstrument(spec.instrument())
                    .setVenue(venue)
                    .setMarket(Instruments.marketOf(venue))
                    .setVenueSymbol(venue.equals(FUTURES) ? futuresSymbol : spotSymbol)
                    .setBidPrice(bid)
                    .setBidQty(size())
                    .setAskPrice(ask)
                    .setAskQty(size())
                    .setReceiveTsUs(t)
                    // the venue stamped the quote a few ms before it arrived
                    .setExchangeTsUs(t - 1_000L - random.nextInt(4_000))
                    .setUpdateId(++updateIds[venueIndex])
                    .build();
        }

        double size() {
            // log-normal around the typical size, 4 decimals, never zero
            double q = spec.typicalQty() * Math.exp(0.8 * gaussian() - 0.32);
            return Math.max(1, Math.round(q * 10_000.0)) / 10_000.0;
        }
    }

    /** A market with {@link Settings#DEFAULT}. */
    public SyntheticMarket() {
        this(Settings.DEFAULT);
    }

    public SyntheticMarket(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = new SplittableRandom(settings.seed());
        this.venues = settings.venues();
        this.nowUs = settings.startTsUs();
        this.meanGapUs = US_PER_SEC / settings.ticksPerSecond();
        this.instruments = new Instrument[settings.instruments().size()];
        for (int i = 0; i < instruments.length; i++) instruments[i] = new Instrument(settings.instruments().get(i), nowUs);
    }

    /** The first {@code n} ticks of the market with these settings. */
    public static List<BookTicker> generate(Settings settings, int n) {
        SyntheticMarket m = new SyntheticMarket(settings);
        List<BookTicker> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(m.next());
        return out;
    }

    public Settings settings() {
        return settings;
    }

    /** Ticks emitted so far. */
    public long emitted() {
        return emitted;
    }

    /** Always true: the market never closes. */
    @Override
    public boolean hasNext() {
        return true;
    }

    /** The next tick, in event-time order; the first one is at {@link Settings#startTsUs}. */
    @Override
    public BookTicker next() {
        if (emitted == Long.MAX_VALUE) throw new NoSuchElementException();
        if (emitted > 0) {
            long gap = Math.max(1L, Math.round(-Math.log(1.0 - random.nextDouble()) * meanGapUs));
            double dtSec = gap / US_PER_SEC;
            marketFactor += Math.sqrt(dtSec) * gaussian();
            nowUs += gap;
        }
        Instrument inst = instruments[random.nextInt(instruments.length)];
        int venue = random.nextInt(venues.size());
        inst.evolveTo(nowUs);
        emitted++;
        return inst.quote(venue, nowUs);
    }

    private boolean hasSpare;
    private double spare;

    /** Standard normal by the Marsaglia polar method: defined here so the stream never depends on the JDK. */
    private double gaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = random.nextDouble() * 2 - 1;
            v = random.nextDouble() * 2 - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        spare = v * m;
        hasSpare = true;
        return u * m;
    }
}
