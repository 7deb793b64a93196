package io.spreadflow.engine.config;

import io.spreadflow.engine.strategy.ParameterSpec;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one strategy deployment needs (DESIGN §4): which strategy with which parameters, on
 * which instruments, which venue plays which role, fees, bar size, sizing, risk limits and execution.
 * Immutable; build it with {@link #builder(String)}, whose defaults are documented on each setter.
 *
 * @param strategyId     the {@code SignalStrategy#id()} to run
 * @param instruments    canonical {@code BASE-QUOTE} instruments this deployment trades
 * @param venues         venue roles: spot venues (spot A first) and the futures venue
 * @param multiSpot      how several spot venues meet the one futures venue: their mean spread, spot A
 *                       alone, or the cheapest spot venue of each row (see {@link MultiSpot})
 * @param fees           maker/taker fee rates per venue (fractions, 0.001 = 0.1 %)
 * @param barSeconds     bar size in seconds; 0 = the strategy sees every tick
 * @param staleAfter     a quote older than this (event time) takes no part in spreads; zero = never stale
 * @param maxTickSkew    a tick whose time lies further than this from the stream's time is rejected
 * @param params         the strategy's parameters by name; missing ones fall back to the {@link ParameterSpec} default
 * @param sizing         how large a new position is
 * @param risk           per-instrument risk limits
 * @param execution      how orders are executed and what happens when a leg fails
 */
public record StrategyConfig(
        String strategyId,
        List<String> instruments,
        VenueRoles venues,
        MultiSpot multiSpot,
        Map<String, VenueFees> fees,
        int barSeconds,
        Duration staleAfter,
        Duration maxTickSkew,
        Map<String, Object> params,
        Sizing sizing,
        RiskLimits risk,
        ExecutionSettings execution) implements Serializable {

    public StrategyConfig {
        Objects.requireNonNull(strategyId, "strategyId");
        if (strategyId.isBlank()) throw new IllegalArgumentException("strategy id is empty");
        instruments = List.copyOf(instruments);
        Objects.requireNonNull(venues, "venues");
        Objects.requireNonNull(multiSpot, "multiSpot");
        fees = Collections.unmodifiableMap(new LinkedHashMap<>(fees));
        if (barSeconds < 0) throw new IllegalArgumentException("bar-seconds must be >= 0, got " + barSeconds);
        Objects.requireNonNull(staleAfter, "staleAfter");
        if (staleAfter.isNegative()) throw new IllegalArgumentException("stale-after must be >= 0");
        Objects.requireNonNull(maxTickSkew, "maxTickSkew");
        if (maxTickSkew.isNegative() || maxTickSkew.isZero()) throw new IllegalArgumentException("max-tick-skew must be > 0");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        Objects.requireNonNull(sizing, "sizing");
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(execution, "execution");
        // an in-job leg waits for the first book after its latency, and is given up at its timeout: a
        // latency at or beyond the timeout would give up every leg before it could fill
        if (execution.mode() == ExecutionMode.IN_JOB && execution.fillLatency().compareTo(execution.legTimeout()) >= 0) {
            throw new IllegalArgumentException("execution.fill-latency (" + execution.fillLatency().toMillis()
                    + " ms) must be below execution.leg-timeout (" + execution.legTimeout().toMillis()
                    + " ms): every in-job leg would time out before it fills");
        }
    }

    /** A builder with the documented defaults. */
    public static StrategyConfigBuilder builder(String strategyId) {
        return new StrategyConfigBuilder(strategyId);
    }

    /** A builder holding this config's values, to derive a variant (e.g. one point of a sweep). */
    public StrategyConfigBuilder toBuilder() {
        StrategyConfigBuilder b = new StrategyConfigBuilder(strategyId);
        b.instruments = new ArrayList<>(instruments);
        b.venues = venues;
        b.multiSpot = multiSpot;
        b.fees = new LinkedHashMap<>(fees);
        b.barSeconds = barSeconds;
        b.staleAfter = staleAfter;
        b.maxTickSkew = maxTickSkew;
        b.params = new LinkedHashMap<>(params);
        b.sizing = sizing;
        b.risk = risk;
        b.execution = execution;
        return b;
    }

    /** Bar size in microseconds; 0 when the strategy sees every tick. */
    public long barMicros() {
        return barSeconds * 1_000_000L;
    }

    /** The fees of a venue; zero fees when the table does not name it. */
    public VenueFees feesOf(String venue) {
        VenueFees f = fees.get(venue);
        return f == null ? VenueFees.ZERO : f;
    }

    // ---- typed parameter access: configured value, else the spec's reference default ----

    /** The configured value of {@code spec}, converted and range-checked, or its default. */
    public Object param(ParameterSpec spec) {
        Object v = params.get(spec.name());
        return v == null ? spec.defaultValue() : spec.accept(v);
    }

    public double getDouble(ParameterSpec spec) {
        return ((Number) param(requireType(spec, ParameterSpec.Type.DOUBLE))).doubleValue();
    }

    public int getInt(ParameterSpec spec) {
        return ((Number) param(requireType(spec, ParameterSpec.Type.INT))).intValue();
    }

    public long getLong(ParameterSpec spec) {
        return ((Number) param(requireType(spec, ParameterSpec.Type.LONG))).longValue();
    }

    public boolean getBoolean(ParameterSpec spec) {
        return (Boolean) param(requireType(spec, ParameterSpec.Type.BOOLEAN));
    }

    public String getString(ParameterSpec spec) {
        return (String) param(requireType(spec, ParameterSpec.Type.STRING));
    }

    /**
     * Checks every configured parameter against the strategy's specs: unknown names and bad values
     * fail with a message naming the parameter.
     */
    public void validateParams(List<ParameterSpec> specs) {
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        for (ParameterSpec s : specs) byName.put(s.name(), s);
        for (Map.Entry<String, Object> e : params.entrySet()) {
            ParameterSpec s = byName.get(e.getKey());
            if (s == null) {
                throw new IllegalArgumentException("strategy '" + strategyId + "' has no parameter '" + e.getKey()
                        + "' (known: " + byName.keySet() + ")");
            }
            s.accept(e.getValue());
        }
    }

    private static ParameterSpec requireType(ParameterSpec spec, ParameterSpec.Type type) {
        if (spec.type() != type) {
            throw new IllegalArgumentException("parameter '" + spec.name() + "' is " + spec.type() + ", not " + type);
        }
        return spec;
    }

    // ---- groups of settings ----

    /**
     * How the spot venues of an instrument meet its one futures venue. With a single spot venue every
     * mode gives the same rows and trades.
     */
    public enum MultiSpot {
        /**
         * The combined spread is the mean of every spot venue's spread; strategies trade spot A. The
         * reference backtests' behaviour, and the default.
         */
        MEAN,
        /** Only spot A counts: the combined spread is spot A's spread; the other spot venues are ignored. */
        SPOT_A,
        /**
         * Each row picks the best-priced spot venue: the combined entry spread is that of the spot venue
         * with the lowest ask (the best entry spread for buying spot), the combined exit spread that of
         * the one with the highest bid. An entry that buys spot buys on the cheapest venue of its row
         * ({@code MarketView#buySpot()}); an entry that sells spot sells on the richest
         * ({@code MarketView#sellSpot()}). A position is then judged and closed on the venue it traded
         * ({@code MarketView#heldSpread(int)}), whichever venue is cheapest later.
         */
        CHEAPEST
    }

    /**
     * Venue roles. {@code spot} lists the spot venues in role order (spot A, spot B, …); {@code futures}
     * is the futures/perpetual venue or {@code null} for spot-only strategies.
     */
    public record VenueRoles(List<String> spot, String futures) implements Serializable {
        public VenueRoles {
            spot = List.copyOf(spot);
            if (spot.isEmpty() && futures == null) throw new IllegalArgumentException("no venues configured");
            if (futures != null && spot.contains(futures)) {
                throw new IllegalArgumentException("venue '" + futures + "' is both spot and futures");
            }
            if (spot.stream().distinct().count() != spot.size()) throw new IllegalArgumentException("duplicate spot venue in " + spot);
        }

        public static VenueRoles of(String spotA, String futures) {
            return new VenueRoles(List.of(spotA), futures);
        }

        public String spotA() {
            return spot.isEmpty() ? null : spot.get(0);
        }

        /** Spot B, or {@code null} when only one spot venue is configured. */
        public String spotB() {
            return spot.size() > 1 ? spot.get(1) : null;
        }

        public boolean hasFutures() {
            return futures != null;
        }

        /** Every venue: spot venues in role order, then the futures venue. */
        public List<String> all() {
            List<String> all = new ArrayList<>(spot);
            if (futures != null) all.add(futures);
            return List.copyOf(all);
        }
    }

    /** Fee rates of one venue as fractions of notional (0.001 = 0.1 %). */
    public record VenueFees(BigDecimal maker, BigDecimal taker) implements Serializable {
        public static final VenueFees ZERO = new VenueFees(BigDecimal.ZERO, BigDecimal.ZERO);

        public VenueFees {
            Objects.requireNonNull(maker, "maker");
            Objects.requireNonNull(taker, "taker");
        }

        public static VenueFees of(String maker, String taker) {
            return new VenueFees(new BigDecimal(maker), new BigDecimal(taker));
        }
    }

    /**
     * Position sizing.
     *
     * @param notionalQuote     quote-currency notional of a new position when the strategy does not size it
     * @param startingBalances  quote balance per venue at the start (accounting), absent venues start at 0
     */
    public record Sizing(BigDecimal notionalQuote, Map<String, BigDecimal> startingBalances) implements Serializable {
        public static final Sizing DEFAULT = new Sizing(new BigDecimal("1000"), Map.of());

        public Sizing {
            Objects.requireNonNull(notionalQuote, "notionalQuote");
            if (notionalQuote.signum() <= 0) throw new IllegalArgumentException("sizing notional must be > 0");
            startingBalances = Collections.unmodifiableMap(new LinkedHashMap<>(startingBalances));
        }
    }

    /**
     * Per-instrument risk limits enforced by the signal state machine before an entry.
     *
     * @param maxNotionalQuote  largest total entry notional open at once; zero = no limit
     * @param maxOpenPositions  most positions open (or being opened) at once; zero = no limit
     * @param maxLossQuote      realized loss (positive number) after which the instrument halts new entries; zero = no limit
     * @param entryCooldown     least event time between two entries; zero = none
     */
    public record RiskLimits(BigDecimal maxNotionalQuote, int maxOpenPositions, BigDecimal maxLossQuote,
                             Duration entryCooldown) implements Serializable {
        public static final RiskLimits NONE = new RiskLimits(BigDecimal.ZERO, 0, BigDecimal.ZERO, Duration.ZERO);

        public RiskLimits {
            Objects.requireNonNull(maxNotionalQuote, "maxNotionalQuote");
            Objects.requireNonNull(maxLossQuote, "maxLossQuote");
            Objects.requireNonNull(entryCooldown, "entryCooldown");
            if (maxNotionalQuote.signum() < 0) throw new IllegalArgumentException("max-notional must be >= 0");
            if (maxOpenPositions < 0) throw new IllegalArgumentException("max-open-positions must be >= 0");
            if (maxLossQuote.signum() < 0) throw new IllegalArgumentException("max-loss must be >= 0 (a positive amount)");
            if (entryCooldown.isNegative()) throw new IllegalArgumentException("entry-cooldown must be >= 0");
        }
    }

    /** Who fills orders. */
    public enum ExecutionMode {
        /** The job's own fill model fills every intent (backtests, demo without the service). */
        IN_JOB,
        /** Intents go to the execution service; fills come back as execution reports. */
        SERVICE
    }

    /** What to do when one leg of a position filled and another did not within the leg timeout. */
    public enum LegFailurePolicy {
        /** Close the filled legs again, leaving the instrument flat. */
        UNWIND,
        /** Send the missing quantity of the failed legs again at the market. */
        COMPLETE
    }

    /**
     * Execution settings.
     *
     * @param mode           in-job fill model or the execution service
     * @param fillLatency    decision-to-fill latency of the in-job fill model (event time)
     * @param legTimeout     how long (event time) a leg may stay unfilled before the leg-failure policy applies
     * @param onLegFailure   unwind the filled legs or complete the missing ones
     * @param walkBook       fill the part beyond the displayed top-of-book size at the same price (backtests)
     *                       instead of leaving it unfilled
     * @param slippageTicks  adverse price adjustment of every fill, in ticks of the venue
     * @param tickSizes      price tick per venue for slippage; venues not named have no slippage
     * @param maxHeldTicks   with the execution service: the ticks of an instrument that arrive while its
     *                       orders are out wait until their reports are in, so that the strategy decides on
     *                       the same sequence of ticks and fills however long the round trip takes (a live run
     *                       then repeats exactly after a restart); at most this many wait. One more halts the
     *                       instrument ({@code HALT HELD_TICKS_BOUND}: no new entries), and the waiting ticks are
     *                       processed at once, so that the leg timeout applies. 0: ticks never wait
     * @param maxEarlyReports with the execution service: reports that arrive before their intent is sent again
     *                       (after a restore) are kept until it is, at most this many per instrument. One more
     *                       sends the oldest kept report to the dead letters and halts the instrument
     *                       ({@code HALT EARLY_REPORTS_BOUND}): the ledger must be reconciled by hand. At least 1
     * @param runEpoch       the run epoch of the intent ids of instruments whose state starts in this run
     *                       ({@code io.spreadflow.engine.signal.IntentId}); an instrument restored from a
     *                       checkpoint keeps its own. 0: ids without an epoch (backtests)
     */
    public record ExecutionSettings(ExecutionMode mode, Duration fillLatency, Duration legTimeout,
                                    LegFailurePolicy onLegFailure, boolean walkBook, int slippageTicks,
                                    Map<String, Double> tickSizes, int maxHeldTicks, int maxEarlyReports,
                                    long runEpoch) implements Serializable {
        /** Ticks that wait at most for an instrument's outstanding reports, by default. */
        public static final int DEFAULT_MAX_HELD_TICKS = 100_000;
        /**
         * Early reports kept at most per instrument, by default: a restore replays at most the reports of the
         * intents decided since the checkpoint, a few per position, far fewer than this.
         */
        public static final int DEFAULT_MAX_EARLY_REPORTS = 10_000;

        public static final ExecutionSettings DEFAULT = new ExecutionSettings(ExecutionMode.IN_JOB, Duration.ZERO,
                Duration.ofSeconds(5), LegFailurePolicy.UNWIND, false, 0, Map.of(), DEFAULT_MAX_HELD_TICKS, DEFAULT_MAX_EARLY_REPORTS);

        /** Settings with the default {@link #maxHeldTicks} and {@link #maxEarlyReports}. */
        public ExecutionSettings(ExecutionMode mode, Duration fillLatency, Duration legTimeout, LegFailurePolicy onLegFailure,
                                 boolean walkBook, int slippageTicks, Map<String, Double> tickSizes) {
            this(mode, fillLatency, legTimeout, onLegFailure, walkBook, slippageTicks, tickSizes, DEFAULT_MAX_HELD_TICKS,
                    DEFAULT_MAX_EARLY_REPORTS);
        }

        /** Settings without a run epoch. */
        public ExecutionSettings(ExecutionMode mode, Duration fillLatency, Duration legTimeout, LegFailurePolicy onLegFailure,
                                 boolean walkBook, int slippageTicks, Map<String, Double> tickSizes, int maxHeldTicks,
                                 int maxEarlyReports) {
            this(mode, fillLatency, legTimeout, onLegFailure, walkBook, slippageTicks, tickSizes, maxHeldTicks, maxEarlyReports, 0);
        }

        public ExecutionSettings {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(fillLatency, "fillLatency");
            Objects.requireNonNull(legTimeout, "legTimeout");
            Objects.requireNonNull(onLegFailure, "onLegFailure");
            if (fillLatency.isNegative()) throw new IllegalArgumentException("fill-latency must be >= 0");
            if (legTimeout.isNegative() || legTimeout.isZero()) throw new IllegalArgumentException("leg-timeout must be > 0");
            if (slippageTicks < 0) throw new IllegalArgumentException("slippage-ticks must be >= 0");
            if (maxHeldTicks < 0) throw new IllegalArgumentException("max-held-ticks must be >= 0");
            if (maxEarlyReports < 1) throw new IllegalArgumentException("max-early-reports must be >= 1");
            if (runEpoch < 0) throw new IllegalArgumentException("run epoch must be >= 0");
            tickSizes = Collections.unmodifiableMap(new LinkedHashMap<>(tickSizes));
        }

        public ExecutionSettings withMode(ExecutionMode m) {
            return new ExecutionSettings(m, fillLatency, legTimeout, onLegFailure, walkBook, slippageTicks, tickSizes,
                    maxHeldTicks, maxEarlyReports, runEpoch);
        }

        public ExecutionSettings withWalkBook(boolean walk) {
            return new ExecutionSettings(mode, fillLatency, legTimeout, onLegFailure, walk, slippageTicks, tickSizes,
                    maxHeldTicks, maxEarlyReports, runEpoch);
        }

        public ExecutionSettings withFillLatency(Duration latency) {
            return new ExecutionSettings(mode, latency, legTimeout, onLegFailure, walkBook, slippageTicks, tickSizes,
                    maxHeldTicks, maxEarlyReports, runEpoch);
        }

        public ExecutionSettings withLegTimeout(Duration timeout) {
            return new ExecutionSettings(mode, fillLatency, timeout, onLegFailure, walkBook, slippageTicks, tickSizes,
                    maxHeldTicks, maxEarlyReports, runEpoch);
        }

        public ExecutionSettings withOnLegFailure(LegFailurePolicy p) {
            return new ExecutionSettings(mode, fillLatency, legTimeout, p, walkBook, slippageTicks, tickSizes,
                    maxHeldTicks, maxEarlyReports, runEpoch);
        }

        public ExecutionSettings withMaxHeldTicks(int n) {
            return new ExecutionSettings(mode, fillLatency, legTimeout, onLegFailure, walkBook, slippageTicks, tickSizes, n,
                    maxEarlyReports, runEpoch);
        }

        public ExecutionSettings withMaxEarlyReports(int n) {
            return new ExecutionSettings(mode, fillLatency, legTimeout, onLegFailure, walkBook, slippageTicks, tickSizes, maxHeldTicks,
                    n, runEpoch);
        }

        /** The same settings with intent ids in run {@code epoch}. */
        public ExecutionSettings withRunEpoch(long epoch) {
            return new ExecutionSettings(mode, fillLatency, legTimeout, onLegFailure, walkBook, slippageTicks, tickSizes, maxHeldTicks,
                    maxEarlyReports, epoch);
        }
    }
}
