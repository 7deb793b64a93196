package io.spreadflow.job;

import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.ThresholdStrategy;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.config.StrategyConfigBuilder;
import io.spreadflow.engine.strategy.OpenPosition;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.spreadflow.engine.Ticks.FUT;
import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static io.spreadflow.engine.Ticks.SPOT;
import static io.spreadflow.engine.Ticks.tick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The framework's signal state machine (FLAT → ENTERING → OPEN → EXITING → FLAT) driven through the real
 * keyed operators: {@link LiveEngineFunction} with execution reports from the service for the cases that
 * depend on reports (a partial fill, a rejected leg), {@link EngineFunction} with the in-job fill model for
 * the risk limits (entry cool-down, loss halt), and both across a checkpoint taken while a position is open
 * and restored into a new operator on RocksDB.
 *
 * <p>The strategy is the engine tests' {@link ThresholdStrategy}: one position while the combined spread is
 * below −1 %, closed when it rises above 0 %. One spot venue at 100/100.1; the futures bid alone moves the
 * spread.
 */
class SignalStateMachineHarnessTest {

    private static final long T0 = 1_760_000_000_000_000L;
    private static final long SECOND = 1_000_000L;
    /** The futures tick of a row comes this long after its spot tick. */
    private static final long FUT_DELAY = 100_000L;
    /** Futures bid 98: combined spread ≈ −2.1 %, below the entry threshold. */
    private static final double FUT_LOW_BID = 98.0;
    /** Futures bid 99.5: spread ≈ −0.6 %, between the thresholds: nothing to do. */
    private static final double FUT_MID_BID = 99.5;
    /** Futures bid 101: spread ≈ +0.9 %, above the exit threshold. */
    private static final double FUT_HIGH_BID = 101.0;
    private static final double SPOT_BID = 100.0;
    private static final double SPOT_ASK = 100.1;
    /** The base quantity of a 1,000 USDT position bought at the spot ask. */
    private static final double Q = 1000 / SPOT_ASK;

    // ------------------------------------------------------------------ configuration and operators

    private static StrategyConfigBuilder config() {
        return StrategyConfig.builder(ThresholdStrategy.ID)
                .instrument(INSTRUMENT)
                .venues(List.of(SPOT), FUT)
                .param("enter_below", -1.0)
                .param("exit_above", 0.0);
    }

    /** Execution through the service; ticks wait for outstanding reports, as in the live job. */
    private static StrategyConfig serviceMode(StrategyConfig.LegFailurePolicy policy) {
        return config().execution(StrategyConfig.ExecutionSettings.DEFAULT
                .withMode(StrategyConfig.ExecutionMode.SERVICE).withOnLegFailure(policy)
                .withLegTimeout(Duration.ofSeconds(2))).build();
    }


    /**
     * The one engine operator, keyed as in the job: ticks on the first input, reports on the second. The
     * threshold strategy is registered for the job's tests (META-INF/services in the test resources).
     */
    private static EngineHarness operator(StrategyConfig config, boolean rocksDb) throws Exception {
        return rocksDb ? EngineHarness.onRocksDb(EngineFactory.of(config)) : new EngineHarness(EngineFactory.of(config));
    }

    /** With fills in the job. */
    private static EngineHarness inJob(StrategyConfig config, boolean rocksDb) throws Exception {
        return operator(config, rocksDb);
    }

    /** With execution through the service. */
    private static EngineHarness live(StrategyConfig config, boolean rocksDb) throws Exception {
        return operator(config, rocksDb);
    }

    // ------------------------------------------------------------------ input

    /** One row: the spot book, then the futures book {@link #FUT_DELAY} later. */
    private static List<BookTicker> row(long tsUs, double futBid) {
        return List.of(tick(SPOT, tsUs, SPOT_BID, SPOT_ASK), tick(FUT, tsUs + FUT_DELAY, futBid, futBid + 0.1));
    }

    private static List<BookTicker> rows(double... futBids) {
        return rows(0, futBids);
    }

    /** Rows one second apart, the first at {@code T0 + firstSecond} seconds. */
    private static List<BookTicker> rows(int firstSecond, double... futBids) {
        List<BookTicker> ticks = new ArrayList<>();
        for (int i = 0; i < futBids.length; i++) ticks.addAll(row(T0 + (firstSecond + i) * SECOND, futBids[i]));
        return ticks;
    }

    private static void feed(EngineHarness h, List<BookTicker> ticks) throws Exception {
        h.ticks(ticks);
    }

    /** The service's report on one leg of {@code intent}: cumulative quantity and average price, as the service sends them. */
    private static ExecutionReport report(OrderIntent intent, int leg, ExecutionStatus status, double cumQty, double avgPrice) {
        OrderLeg l = intent.getLegs().get(leg);
        return ExecutionReport.newBuilder().setIntentId(intent.getIntentId()).setInstrument(intent.getInstrument())
                .setLegIndex(leg).setVenue(l.getVenue()).setSide(l.getSide()).setStatus(status).setFilledQty(cumQty)
                .setAvgPrice(cumQty > 0 ? avgPrice : null).setFee(0).setFeeCurrency("USDT").setVenueOrderId(null)
                .setReason(status == ExecutionStatus.REJECTED ? "venue said no" : null)
                .setIntentEventTsUs(intent.getEventTsUs()).setFillEventTsUs(null).build();
    }

    private static void deliver(EngineHarness h, ExecutionReport... reports) throws Exception {
        for (ExecutionReport r : reports) h.report(r);
    }

    // ------------------------------------------------------------------ output and state

    /** What one operator emitted: signals, intents, fills and trades, each in emission order. */
    private record Emitted(List<Signal> signals, List<OrderIntent> intents, List<ExecutionReport> fills, List<Trade> trades) {

        static final Emitted NONE = new Emitted(List.of(), List.of(), List.of(), List.of());

        static Emitted of(EngineHarness h) {
            return new Emitted(h.signals(), h.intents(), h.executions(), h.trades());
        }

        List<Signal> kind(SignalKind kind) {
            return signals.stream().filter(s -> s.getKind() == kind).toList();
        }

        OrderIntent lastIntent() {
            return intents.get(intents.size() - 1);
        }

        /** Everything emitted after {@code earlier}, a prefix of this. */
        Emitted after(Emitted earlier) {
            return new Emitted(signals.subList(earlier.signals.size(), signals.size()),
                    intents.subList(earlier.intents.size(), intents.size()),
                    fills.subList(earlier.fills.size(), fills.size()),
                    trades.subList(earlier.trades.size(), trades.size()));
        }

        Emitted then(Emitted later) {
            return new Emitted(concat(signals, later.signals), concat(intents, later.intents), concat(fills, later.fills),
                    concat(trades, later.trades));
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /**
     * The instrument's engine state as checkpointed: a snapshot first, so that an operator that writes its
     * keyed state only before snapshots has written it.
     */
    private static EngineState checkpointed(EngineHarness h) throws Exception {
        h.snapshot(0L, 0L);
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(INSTRUMENT);
        return InstrumentStates.stored(backend);
    }

    /** The keyed states that hold an entry for the instrument, by name; works on every backend. */
    private static Set<String> stateEntries(EngineHarness h, String... names) throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        Set<String> present = new TreeSet<>();
        for (String name : names) {
            try (var keys = backend.getKeys(name, VoidNamespace.INSTANCE)) {
                if (keys.anyMatch(INSTRUMENT::equals)) present.add(name);
            }
        }
        return present;
    }

    /** The keyed states an instrument's engine state is kept in. */
    private static final String[] ENGINE_STATES = {EngineFunction.MARKET.getName(), EngineFunction.BOOK.getName(), EngineFunction.POSITIONS.getName()};

    /** Ticks waiting in the engine's state for outstanding reports: the engine is the only place that holds them. */
    private static int heldTicks(EngineHarness h) throws Exception {
        var operator = (EngineFunction.Operator) h.getOperator();
        operator.setCurrentKey(INSTRUMENT);
        EngineState s = (EngineState) ((EngineFunction) operator.getUserFunction()).stateOf(INSTRUMENT);
        return s == null ? 0 : s.heldTicks();
    }

    // ------------------------------------------------------------------ 1. partial fill

    @Test
    void aPartiallyFilledThenCanceledLegTrimsTheOtherLegAndOpensAtTheSmallerSize() throws Exception {
        try (var h = live(serviceMode(StrategyConfig.LegFailurePolicy.UNWIND), false)) {
            h.open();
            feed(h, rows(FUT_LOW_BID));
            Emitted out = Emitted.of(h);
            assertThat(out.signals).extracting(Signal::getKind, Signal::getPositionId).containsExactly(tuple(SignalKind.ENTER, 1L));
            OrderIntent entry = out.lastIntent();
            assertThat(entry.getPurpose()).isEqualTo(IntentPurpose.ENTRY);
            assertThat(entry.getLegs()).extracting(OrderLeg::getVenue, OrderLeg::getSide, OrderLeg::getQuantity)
                    .containsExactly(tuple(SPOT, Side.BUY, Q), tuple(FUT, Side.SELL, Q));

            // while the entry's reports are out, the next tick waits beside the engine's state
            feed(h, List.of(tick(SPOT, T0 + 200_000, SPOT_BID, SPOT_ASK)));
            assertThat(h.engineStates()).as("one state entry: the engine's, which holds the waiting tick").isEqualTo(1);
            assertThat(h.otherStateEntries()).as("no state beside the engine state").isZero();
            assertThat(heldTicks(h)).isPositive();

            // the spot venue fills a quarter and cancels the rest; the futures leg fills in full
            deliver(h, report(entry, 0, ExecutionStatus.PARTIALLY_FILLED, Q / 4, SPOT_ASK),
                    report(entry, 1, ExecutionStatus.FILLED, Q, FUT_LOW_BID));
            assertThat(Emitted.of(h).signals).as("a partial fill is not an outcome yet").hasSize(1);
            deliver(h, report(entry, 0, ExecutionStatus.CANCELED, Q / 4, SPOT_ASK));

            out = Emitted.of(h);
            assertThat(out.signals.subList(1, out.signals.size()))
                    .extracting(Signal::getKind, Signal::getFromState, Signal::getToState, Signal::getReason)
                    .containsExactly(
                            tuple(SignalKind.TRANSITION, "ENTERING", "ENTERING", "LEG_CANCELED"),
                            tuple(SignalKind.HEDGE, "ENTERING", "ENTERING", "UNWIND_TO_SMALLEST_LEG"));
            OrderIntent trim = out.lastIntent();
            assertThat(trim.getPurpose()).isEqualTo(IntentPurpose.HEDGE);
            assertThat(trim.getPositionId()).isEqualTo(1L);
            assertThat(trim.getLegs()).singleElement().satisfies(l -> {
                assertThat(l.getVenue()).isEqualTo(FUT);
                assertThat(l.getSide()).as("buys back the futures sold beyond the spot fill").isEqualTo(Side.BUY);
                assertThat(l.getQuantity()).isCloseTo(Q * 3 / 4, Offset.offset(1e-9));
            });
            assertThat(heldTicks(h)).as("the tick still waits for the trim's report").isEqualTo(1);

            deliver(h, report(trim, 0, ExecutionStatus.FILLED, trim.getLegs().get(0).getQuantity(), FUT_LOW_BID + 0.1));
            out = Emitted.of(h);
            assertThat(out.signals.get(out.signals.size() - 1))
                    .extracting(Signal::getKind, Signal::getFromState, Signal::getToState, Signal::getReason, Signal::getPositionId)
                    .containsExactly(SignalKind.TRANSITION, "ENTERING", "OPEN", "FILLED", 1L);
            assertThat(h.engineStates()).as("one state entry, the engine's").isEqualTo(1);
            assertThat(h.otherStateEntries()).as("no state beside the engine state").isZero();
            assertThat(heldTicks(h)).isZero();

            EngineState state = checkpointed(h);
            assertThat(state.positions().positions()).singleElement().satisfies(p -> {
                assertThat(p.positionId()).isEqualTo(1L);
                assertThat(p.quantity()).isCloseTo(Q / 4, Offset.offset(1e-9));
            });
            assertThat(state.ledger().base(SPOT).doubleValue()).isCloseTo(Q / 4, Offset.offset(1e-9));
            assertThat(state.ledger().base(FUT).doubleValue()).isCloseTo(-Q / 4, Offset.offset(1e-9));
            assertThat(state.positions().hasWorkingLegs()).isFalse();

            // the exit closes what is held, not what was asked for
            feed(h, List.of(tick(FUT, T0 + SECOND, FUT_HIGH_BID, FUT_HIGH_BID + 0.1)));
            OrderIntent exit = Emitted.of(h).lastIntent();
            assertThat(exit.getPurpose()).isEqualTo(IntentPurpose.EXIT);
            assertThat(exit.getLegs()).extracting(OrderLeg::getVenue, OrderLeg::getSide).containsExactly(tuple(SPOT, Side.SELL), tuple(FUT, Side.BUY));
            assertThat(exit.getLegs()).allSatisfy(l -> assertThat(l.getQuantity()).isCloseTo(Q / 4, Offset.offset(1e-9)));
        }
    }

    // ------------------------------------------------------------------ 2. rejected leg

    @ParameterizedTest(name = "on leg failure: {0}")
    @EnumSource(StrategyConfig.LegFailurePolicy.class)
    void aRejectedLegIsUnwoundOrCompletedAsConfigured(StrategyConfig.LegFailurePolicy policy) throws Exception {
        boolean unwind = policy == StrategyConfig.LegFailurePolicy.UNWIND;
        try (var h = live(serviceMode(policy), false)) {
            h.open();
            feed(h, rows(FUT_LOW_BID));
            OrderIntent entry = Emitted.of(h).lastIntent();
            deliver(h, report(entry, 0, ExecutionStatus.FILLED, Q, SPOT_ASK), report(entry, 1, ExecutionStatus.REJECTED, 0, 0));

            Emitted out = Emitted.of(h);
            assertThat(out.signals).extracting(Signal::getKind, Signal::getFromState, Signal::getToState, Signal::getReason)
                    .containsExactly(
                            tuple(SignalKind.ENTER, "FLAT", "ENTERING", "BELOW"),
                            tuple(SignalKind.TRANSITION, "ENTERING", "ENTERING", "LEG_REJECTED: venue said no"),
                            unwind ? tuple(SignalKind.HEDGE, "ENTERING", "EXITING", "UNWIND")
                                    : tuple(SignalKind.HEDGE, "ENTERING", "ENTERING", "COMPLETE"));
            OrderIntent hedge = out.lastIntent();
            assertThat(hedge.getPurpose()).isEqualTo(IntentPurpose.HEDGE);
            assertThat(hedge.getReason()).isEqualTo(unwind ? "UNWIND" : "COMPLETE");
            assertThat(hedge.getLegs()).extracting(OrderLeg::getVenue, OrderLeg::getSide, OrderLeg::getQuantity)
                    .containsExactly(unwind ? tuple(SPOT, Side.SELL, Q) : tuple(FUT, Side.SELL, Q));
            assertThat(out.trades).isEmpty();

            deliver(h, report(hedge, 0, ExecutionStatus.FILLED, Q, unwind ? SPOT_BID : FUT_LOW_BID));
            out = Emitted.of(h);
            EngineState state = checkpointed(h);
            assertThat(h.engineStates()).as("only the engine state").isEqualTo(1);
            assertThat(h.otherStateEntries()).as("no state beside the engine state").isZero();
            if (unwind) {
                assertThat(out.signals.get(out.signals.size() - 1))
                        .extracting(Signal::getKind, Signal::getFromState, Signal::getToState, Signal::getReason)
                        .containsExactly(SignalKind.TRANSITION, "EXITING", "FLAT", "UNWOUND");
                assertThat(state.positions().isFlat()).isTrue();
                assertThat(state.ledger().base(SPOT)).isEqualByComparingTo(BigDecimal.ZERO);
                assertThat(state.ledger().base(FUT)).isEqualByComparingTo(BigDecimal.ZERO);
                BigDecimal q = BigDecimal.valueOf(Q);
                BigDecimal loss = q.multiply(BigDecimal.valueOf(SPOT_BID)).subtract(q.multiply(BigDecimal.valueOf(SPOT_ASK)));
                // the threshold strategy follows the framework's positions: the unwound position is a trade at once
                assertThat(out.trades).singleElement().satisfies(t -> {
                    assertThat(t.columns()).containsEntry("position_id", 1L).containsEntry("exit_reason", "UNWIND");
                    assertThat(t.pnlQuote()).isEqualByComparingTo(loss);
                });
                assertThat(state.positions().realizedPnl()).isEqualByComparingTo(loss);
            } else {
                assertThat(out.signals.get(out.signals.size() - 1))
                        .extracting(Signal::getKind, Signal::getFromState, Signal::getToState, Signal::getReason)
                        .containsExactly(SignalKind.TRANSITION, "ENTERING", "OPEN", "FILLED");
                assertThat(state.positions().positions()).extracting(OpenPosition::positionId).containsExactly(1L);
                assertThat(state.ledger().base(SPOT).doubleValue()).isEqualTo(Q);
                assertThat(state.ledger().base(FUT).doubleValue()).isEqualTo(-Q);
                assertThat(out.trades).isEmpty();
            }
            assertThat(state.positions().hasWorkingLegs()).isFalse();
        }
    }

    // ------------------------------------------------------------------ 3. entry cool-down

    @Test
    void aSecondEntryInsideTheCooldownIsRefusedAndAllowedOnceItPassed() throws Exception {
        StrategyConfig c = config().risk(new StrategyConfig.RiskLimits(BigDecimal.ZERO, 0, BigDecimal.ZERO, Duration.ofSeconds(10))).build();
        try (var h = inJob(c, false)) {
            h.open();
            // enter at 0 s, exit at 1 s, want in again at 2 s (refused), nothing until the cool-down ends
            feed(h, rows(FUT_LOW_BID, FUT_HIGH_BID, FUT_LOW_BID));
            feed(h, rows(3, FUT_MID_BID));
            feed(h, rows(10, FUT_LOW_BID));

            Emitted out = Emitted.of(h);
            long firstEntry = T0 + FUT_DELAY;
            long refusedAt = T0 + 2 * SECOND + FUT_DELAY;
            long secondEntry = T0 + 10 * SECOND + FUT_DELAY;
            // position ids are the strategy's: each refused decision used one (2 and 3)
            assertThat(out.kind(SignalKind.ENTER)).extracting(Signal::getEventTsUs, Signal::getPositionId)
                    .containsExactly(tuple(firstEntry, 1L), tuple(secondEntry, 4L));
            assertThat(out.kind(SignalKind.EXIT)).extracting(Signal::getPositionId).containsExactly(1L);
            // every tick is a row: the spot tick at 3 s still sees the low futures book of 2 s
            assertThat(out.kind(SignalKind.HOLD)).extracting(Signal::getEventTsUs, Signal::getReason, Signal::getPositionId)
                    .containsExactly(tuple(refusedAt, "ENTER_REFUSED_COOLDOWN", 2L), tuple(T0 + 3 * SECOND, "ENTER_REFUSED_COOLDOWN", 3L));
            assertThat(out.intents).extracting(OrderIntent::getPurpose, OrderIntent::getPositionId)
                    .containsExactly(tuple(IntentPurpose.ENTRY, 1L), tuple(IntentPurpose.EXIT, 1L), tuple(IntentPurpose.ENTRY, 4L));
            assertThat(out.trades).hasSize(1);

            EngineState state = checkpointed(h);
            assertThat(state.positions().positions()).extracting(OpenPosition::positionId).containsExactly(4L);
            assertThat(h.engineStates()).as("one engine state").isEqualTo(1);
            assertThat(h.otherStateEntries()).as("no state beside the engine state").isZero();
            assertThat(h.numEventTimeTimers()).as("one end-of-input timer").isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------ 4. risk-limit halt

    @Test
    void reachingTheLossLimitHaltsTheInstrumentAndRefusesEveryLaterEntry() throws Exception {
        // each round trip loses about 32 USDT (spot 0.1 and futures 3.1 per unit on ~10 units): the second crosses 50
        StrategyConfig c = config().risk(new StrategyConfig.RiskLimits(BigDecimal.ZERO, 0, new BigDecimal("50"), Duration.ZERO)).build();
        try (var h = inJob(c, false)) {
            h.open();
            feed(h, rows(FUT_LOW_BID, FUT_HIGH_BID, FUT_LOW_BID, FUT_HIGH_BID, FUT_LOW_BID, FUT_HIGH_BID, FUT_LOW_BID));

            Emitted out = Emitted.of(h);
            assertThat(out.trades).hasSize(2);
            BigDecimal first = out.trades.get(0).pnlQuote();
            BigDecimal both = first.add(out.trades.get(1).pnlQuote());
            assertThat(first).as("the first trade stays inside the limit").isGreaterThan(new BigDecimal("-50"));
            assertThat(both).as("the second crosses it").isLessThanOrEqualTo(new BigDecimal("-50"));

            Signal halt = out.kind(SignalKind.HALT).get(0);
            assertThat(out.kind(SignalKind.HALT)).hasSize(1);
            assertThat(halt.getReason()).isEqualTo("MAX_LOSS");
            assertThat(halt.getPositionId()).isEqualTo(2L);
            assertThat(halt.getEventTsUs()).as("halts when the losing trade is booked").isGreaterThanOrEqualTo(out.trades.get(1).exitTsUs());
            assertThat(halt.getIndicators().get("realized_pnl_quote")).isEqualTo(both.doubleValue());
            List<Signal> afterHalt = out.signals.stream().filter(s -> s.getSequence() > halt.getSequence()).toList();
            assertThat(afterHalt).extracting(Signal::getKind).as("after the halt").doesNotContain(SignalKind.ENTER);
            // every row below the threshold after the halt: the low futures rows at 4 s and 6 s, and the spot tick at 5 s that still sees 4 s
            assertThat(afterHalt).extracting(Signal::getKind, Signal::getReason, Signal::getEventTsUs).containsExactly(
                    tuple(SignalKind.HOLD, "ENTER_REFUSED_HALTED", T0 + 4 * SECOND + FUT_DELAY),
                    tuple(SignalKind.HOLD, "ENTER_REFUSED_HALTED", T0 + 5 * SECOND),
                    tuple(SignalKind.HOLD, "ENTER_REFUSED_HALTED", T0 + 6 * SECOND + FUT_DELAY));
            assertThat(out.kind(SignalKind.ENTER)).extracting(Signal::getPositionId).containsExactly(1L, 2L);
            assertThat(out.intents).extracting(OrderIntent::getPurpose)
                    .containsExactly(IntentPurpose.ENTRY, IntentPurpose.EXIT, IntentPurpose.ENTRY, IntentPurpose.EXIT);

            EngineState state = checkpointed(h);
            assertThat(state.positions().halted()).isTrue();
            assertThat(state.positions().haltReason()).isEqualTo("MAX_LOSS");
            assertThat(state.positions().realizedPnl()).isEqualByComparingTo(both);
            assertThat(state.positions().isFlat()).isTrue();
            assertThat(h.engineStates()).isEqualTo(1);
            assertThat(h.otherStateEntries()).as("no state beside the engine state").isZero();
        }
    }

    // ------------------------------------------------------------------ 5. restart mid-position

    /**
     * Enter at 0 s, hold through 1–3 s, exit at 4 s, enter again at 5 s and exit at 6 s. The checkpoint is
     * taken after the row at 1 s, with position 1 open.
     */
    private static final List<BookTicker> ROUND_TRIPS = rows(FUT_LOW_BID, FUT_MID_BID, FUT_MID_BID, FUT_MID_BID, FUT_HIGH_BID,
            FUT_LOW_BID, FUT_HIGH_BID);
    private static final int CUT = 4;

    @Test
    void inJobRestoreFromACheckpointWithAnOpenPositionContinuesAsTheUninterruptedRunAndClosesThatPosition() throws Exception {
        StrategyConfig c = config().build();
        Emitted whole;
        try (var h = inJob(c, true)) {
            h.open();
            feed(h, ROUND_TRIPS);
            h.endOfInput();
            whole = Emitted.of(h);
        }
        assertThat(whole.trades).as("two round trips").hasSize(2);

        OperatorSubtaskState checkpoint;
        Emitted beforeCut;
        try (var h = inJob(c, true)) {
            h.open();
            feed(h, ROUND_TRIPS.subList(0, CUT));
            EngineState state = checkpointed(h);
            assertThat(state.positions().positions()).singleElement().satisfies(p -> {
                assertThat(p.positionId()).isEqualTo(1L);
                assertThat(p.state()).hasToString("OPEN");
            });
            checkpoint = h.snapshot(1L, 1L);
            beforeCut = Emitted.of(h);
            // the run goes on past the checkpoint and fails: what it did after it is lost
            feed(h, ROUND_TRIPS.subList(CUT, CUT + 4));
        }
        assertThat(beforeCut.trades).isEmpty();

        try (var h = inJob(c, true)) {
            h.initializeState(checkpoint);
            h.open();
            assertThat(stateEntries(h, ENGINE_STATES)).as("the open position's state restored").containsExactlyInAnyOrder(ENGINE_STATES);
            assertThat(h.numEventTimeTimers()).as("the end-of-input timer restored").isEqualTo(1);
            feed(h, ROUND_TRIPS.subList(CUT, ROUND_TRIPS.size()));
            h.endOfInput();
            Emitted afterRestore = Emitted.of(h);

            assertThat(afterRestore).as("outputs after the restore").isEqualTo(whole.after(beforeCut));
            assertThat(beforeCut.then(afterRestore)).isEqualTo(whole);
            Signal exit = afterRestore.kind(SignalKind.EXIT).get(0);
            assertThat(exit.getPositionId()).as("the first exit closes the position opened before the restart").isEqualTo(1L);
            assertThat(afterRestore.intents.get(0)).satisfies(i -> {
                assertThat(i.getPurpose()).isEqualTo(IntentPurpose.EXIT);
                assertThat(i.getPositionId()).isEqualTo(1L);
                assertThat(i.getLegs()).extracting(OrderLeg::getVenue, OrderLeg::getSide, OrderLeg::getQuantity)
                        .containsExactly(tuple(SPOT, Side.SELL, Q), tuple(FUT, Side.BUY, Q));
            });
            assertThat(afterRestore.trades.get(0)).satisfies(t -> {
                assertThat(t.entryTsUs()).as("entered before the checkpoint").isEqualTo(T0 + FUT_DELAY);
                assertThat(t.exitTsUs()).isEqualTo(T0 + 4 * SECOND + FUT_DELAY);
            });
            assertThat(stateEntries(h, ENGINE_STATES)).as("state left after the end of input").isEmpty();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /** The service fills every leg of every intent in full, at the leg's side of the book the test quotes. */
    private static void fillAll(EngineHarness h,
                                Emitted before) throws Exception {
        for (OrderIntent i : Emitted.of(h).after(before).intents) {
            for (int leg = 0; leg < i.getLegs().size(); leg++) {
                OrderLeg l = i.getLegs().get(leg);
                double price = l.getVenue().equals(SPOT) ? (l.getSide() == Side.BUY ? SPOT_ASK : SPOT_BID)
                        : (l.getSide() == Side.SELL ? FUT_LOW_BID : FUT_HIGH_BID + 0.1);
                deliver(h, report(i, leg, ExecutionStatus.FILLED, l.getQuantity(), price));
            }
        }
    }

    /** Ticks row by row, each intent answered by the service before the next row. */
    private static void liveRun(EngineHarness h,
                                List<BookTicker> ticks) throws Exception {
        for (int i = 0; i < ticks.size(); i += 2) {
            Emitted before = Emitted.of(h);
            feed(h, ticks.subList(i, i + 2));
            fillAll(h, before);
        }
    }

    @Test
    void liveRestoreFromACheckpointWithAnOpenPositionContinuesAsTheUninterruptedRunAndClosesThatPosition() throws Exception {
        StrategyConfig c = serviceMode(StrategyConfig.LegFailurePolicy.UNWIND);
        Emitted whole;
        try (var h = live(c, true)) {
            h.open();
            liveRun(h, ROUND_TRIPS);
            whole = Emitted.of(h);
        }
        assertThat(whole.trades).as("two round trips").hasSize(2);
        assertThat(whole.intents).extracting(OrderIntent::getPurpose)
                .containsExactly(IntentPurpose.ENTRY, IntentPurpose.EXIT, IntentPurpose.ENTRY, IntentPurpose.EXIT);

        OperatorSubtaskState checkpoint;
        Emitted beforeCut;
        try (var h = live(c, true)) {
            h.open();
            liveRun(h, ROUND_TRIPS.subList(0, CUT));
            EngineState state = checkpointed(h);
            assertThat(state.positions().positions()).singleElement().satisfies(p -> {
                assertThat(p.positionId()).isEqualTo(1L);
                assertThat(p.state()).hasToString("OPEN");
            });
            assertThat(state.positions().hasWorkingLegs()).isFalse();
            checkpoint = h.snapshot(1L, 1L);
            beforeCut = Emitted.of(h);
            liveRun(h, ROUND_TRIPS.subList(CUT, CUT + 2));
        }

        try (var h = live(c, true)) {
            h.initializeState(checkpoint);
            h.open();
            assertThat(heldTicks(h)).as("no ticks were waiting at the checkpoint").isZero();
            // rows 2 to 5 arrive before the service answers the exit of row 4: row 5 waits for the reports
            feed(h, ROUND_TRIPS.subList(CUT, CUT + 8));
            Emitted waiting = Emitted.of(h);
            assertThat(waiting.intents).extracting(OrderIntent::getPurpose, OrderIntent::getPositionId)
                    .containsExactly(tuple(IntentPurpose.EXIT, 1L));
            assertThat(heldTicks(h)).isPositive();
            fillAll(h, Emitted.NONE);
            // the exit's reports closed position 1 and let row 5 through, which entered again
            assertThat(Emitted.of(h).after(waiting).signals).extracting(Signal::getKind, Signal::getReason, Signal::getPositionId)
                    .containsExactly(tuple(SignalKind.TRANSITION, "CLOSED", 1L), tuple(SignalKind.ENTER, "BELOW", 2L));
            assertThat(heldTicks(h)).isZero();
            fillAll(h, waiting);
            liveRun(h, ROUND_TRIPS.subList(CUT + 8, ROUND_TRIPS.size()));
            Emitted afterRestore = Emitted.of(h);

            assertThat(beforeCut.then(afterRestore)).isEqualTo(whole);
            assertThat(afterRestore.kind(SignalKind.EXIT).get(0).getPositionId()).isEqualTo(1L);
            assertThat(afterRestore.trades.get(0).entryTsUs()).as("entered before the checkpoint").isEqualTo(T0 + FUT_DELAY);
            assertThat(heldTicks(h)).isZero();
            EngineState state = checkpointed(h);
            assertThat(state.positions().isFlat()).isTrue();
            assertThat(state.ledger().base(SPOT)).isEqualByComparingTo(BigDecimal.ZERO);
        }
    }
}
