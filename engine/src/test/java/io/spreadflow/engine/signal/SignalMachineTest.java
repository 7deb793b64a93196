package io.spreadflow.engine.signal;

import io.spreadflow.engine.DefaultInstrumentEngine;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.RecordingOutput;
import io.spreadflow.engine.ThresholdStrategy;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.config.StrategyConfigBuilder;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;
import io.spreadflow.engine.state.EngineStateCodec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static io.spreadflow.engine.Ticks.FUT;
import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static io.spreadflow.engine.Ticks.SPOT;
import static io.spreadflow.engine.Ticks.tick;
import static org.assertj.core.api.Assertions.assertThat;

/** The signal state machine driven through the engine: fills, failures, timeouts, risk limits, restore. */
class SignalMachineTest {

    private static final long T0 = 1_760_000_000_000_000L;
    private static final long SECOND = 1_000_000L;
    /** Spot 100/100.1 with futures bid 98: combined spread ≈ −2.1 %, below the entry threshold. */
    private static final double FUT_LOW_BID = 98.0;
    /** Futures bid 101: spread ≈ +0.9 %, above the exit threshold. */
    private static final double FUT_HIGH_BID = 101.0;

    private static StrategyConfigBuilder config() {
        return StrategyConfig.builder(ThresholdStrategy.ID)
                .instrument(INSTRUMENT)
                .venues(List.of(SPOT), FUT)
                .param("enter_below", -1.0)
                .param("exit_above", 0.0);
    }

    private static StrategyConfig serviceMode(StrategyConfig.LegFailurePolicy policy) {
        return serviceMode(policy, StrategyConfig.ExecutionSettings.DEFAULT_MAX_HELD_TICKS);
    }

    private static StrategyConfig serviceMode(StrategyConfig.LegFailurePolicy policy, int maxHeldTicks) {
        return config().execution(StrategyConfig.ExecutionSettings.DEFAULT
                .withMode(StrategyConfig.ExecutionMode.SERVICE).withOnLegFailure(policy)
                .withLegTimeout(Duration.ofSeconds(2)).withMaxHeldTicks(maxHeldTicks)).build();
    }

    private static final class Run {
        final DefaultInstrumentEngine engine;
        EngineState state;
        final RecordingOutput out = new RecordingOutput();

        Run(StrategyConfig c) {
            this(c, new ThresholdStrategy());
        }

        Run(StrategyConfig c, io.spreadflow.engine.strategy.SignalStrategy<?> strategy) {
            engine = new DefaultInstrumentEngine(c, strategy);
            state = engine.newState(INSTRUMENT);
        }

        void spot(long ts, double bid, double ask) {
            engine.onTick(state, tick(SPOT, ts, bid, ask), out);
        }

        void fut(long ts, double bid, double ask) {
            engine.onTick(state, tick(FUT, ts, bid, ask), out);
        }

        void report(OrderIntent i, int leg, ExecutionStatus status, double cumQty, double avgPrice) {
            OrderLeg l = i.getLegs().get(leg);
            engine.onExecution(state, ExecutionReport.newBuilder().setIntentId(i.getIntentId()).setInstrument(INSTRUMENT)
                    .setLegIndex(leg).setVenue(l.getVenue()).setSide(l.getSide()).setStatus(status).setFilledQty(cumQty)
                    .setAvgPrice(cumQty > 0 ? avgPrice : null).setFee(0).setFeeCurrency("USDT").setVenueOrderId(null)
                    .setReason(status == ExecutionStatus.REJECTED ? "venue said no" : null)
                    .setIntentEventTsUs(i.getEventTsUs()).setFillEventTsUs(null).build(), out);
        }

        PositionState stateOf(long id) {
            PositionRecord p = state.positions().position(id);
            return p == null ? PositionState.FLAT : p.state();
        }

        List<Signal> signals(SignalKind kind) {
            return out.signals.stream().filter(s -> s.getKind() == kind).toList();
        }

        OrderIntent lastIntent() {
            return out.intents.get(out.intents.size() - 1);
        }

        /** One row below the entry threshold. */
        void enterRow(long ts) {
            spot(ts, 100.0, 100.1);
            fut(ts + 100_000, FUT_LOW_BID, FUT_LOW_BID + 0.1);
        }
    }

    @Test
    void partialFillsKeepThePositionEnteringUntilEveryLegIsComplete() {
        Run r = new Run(serviceMode(StrategyConfig.LegFailurePolicy.UNWIND));
        r.enterRow(T0);
        OrderIntent entry = r.lastIntent();
        assertThat(entry.getPurpose()).isEqualTo(IntentPurpose.ENTRY);
        assertThat(entry.getIntentId()).isEqualTo(INSTRUMENT + "|threshold|1");
        double q = entry.getLegs().get(0).getQuantity();
        assertThat(q).isEqualTo(1000 / 100.1);
        assertThat(r.stateOf(1)).isEqualTo(PositionState.ENTERING);

        r.report(entry, 0, ExecutionStatus.PARTIALLY_FILLED, q / 2, 100.1);
        r.report(entry, 1, ExecutionStatus.FILLED, q, FUT_LOW_BID);
        assertThat(r.stateOf(1)).isEqualTo(PositionState.ENTERING);
        r.report(entry, 0, ExecutionStatus.FILLED, q, 100.1);
        assertThat(r.stateOf(1)).isEqualTo(PositionState.OPEN);
        // a report delivered twice books nothing twice
        r.report(entry, 0, ExecutionStatus.FILLED, q, 100.1);
        assertThat(r.state.ledger().base(SPOT)).isEqualByComparingTo(BigDecimal.valueOf(q / 2).add(
                BigDecimal.valueOf(q).subtract(BigDecimal.valueOf(q / 2))));
        assertThat(r.state.ledger().base(FUT)).isEqualByComparingTo(BigDecimal.valueOf(q).negate());

        r.fut(T0 + SECOND, FUT_HIGH_BID, FUT_HIGH_BID + 0.1);
        OrderIntent exit = r.lastIntent();
        assertThat(exit.getPurpose()).isEqualTo(IntentPurpose.EXIT);
        assertThat(exit.getLegs()).extracting(OrderLeg::getSide).containsExactly(Side.SELL, Side.BUY);
        assertThat(r.stateOf(1)).isEqualTo(PositionState.EXITING);
        r.report(exit, 0, ExecutionStatus.FILLED, q, 100.0);
        r.report(exit, 1, ExecutionStatus.FILLED, q, FUT_HIGH_BID + 0.1);
        assertThat(r.stateOf(1)).isEqualTo(PositionState.FLAT);
        assertThat(r.out.trades).hasSize(1);
        BigDecimal bq = BigDecimal.valueOf(q);
        BigDecimal expected = bq.multiply(BigDecimal.valueOf(100.0)).subtract(bq.multiply(BigDecimal.valueOf(100.1)))
                .add(bq.multiply(BigDecimal.valueOf(FUT_LOW_BID))).subtract(bq.multiply(BigDecimal.valueOf(FUT_HIGH_BID + 0.1)));
        assertThat(r.out.trades.get(0).pnlQuote()).isEqualByComparingTo(expected);
        assertThat(r.signals(SignalKind.TRANSITION)).extracting(Signal::getFromState, Signal::getToState)
                .contains(org.assertj.core.groups.Tuple.tuple("ENTERING", "OPEN"), org.assertj.core.groups.Tuple.tuple("EXITING", "FLAT"));
    }

    @Test
    void aRejectedLegUnwindsTheFilledOne() {
        Run r = new Run(serviceMode(StrategyConfig.LegFailurePolicy.UNWIND));
        r.enterRow(T0);
        OrderIntent entry = r.lastIntent();
        double q = entry.getLegs().get(0).getQuantity();
        r.report(entry, 0, ExecutionStatus.FILLED, q, 100.1);
        r.report(entry, 1, ExecutionStatus.REJECTED, 0, 0);

        Signal hedge = r.signals(SignalKind.HEDGE).get(0);
        assertThat(hedge.getReason()).isEqualTo("UNWIND");
        assertThat(hedge.getToState()).isEqualTo("EXITING");
        OrderIntent unwind = r.lastIntent();
        assertThat(unwind.getPurpose()).isEqualTo(IntentPurpose.HEDGE);
        assertThat(unwind.getLegs()).hasSize(1);
        assertThat(unwind.getLegs().get(0).getVenue()).isEqualTo(SPOT);
        assertThat(unwind.getLegs().get(0).getSide()).isEqualTo(Side.SELL);
        assertThat(unwind.getLegs().get(0).getQuantity()).isEqualTo(q);

        assertThat(r.out.trades).as("no trade while the unwind is working").isEmpty();
        r.report(unwind, 0, ExecutionStatus.FILLED, q, 100.0);
        assertThat(r.stateOf(1)).isEqualTo(PositionState.FLAT);
        assertThat(r.state.ledger().base(SPOT)).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(r.state.positions().realizedPnl()).isNegative();
        // the strategy follows PositionView and will never exit it: the unwound position is a trade at once
        assertThat(r.out.trades).singleElement().satisfies(t -> {
            assertThat(t.columns()).containsEntry("position_id", 1L).containsEntry("exit_reason", "UNWIND")
                    .containsEntry("entry_time_us", entry.getEventTsUs());
            BigDecimal bq = BigDecimal.valueOf(q);
            assertThat(t.pnlQuote()).isEqualByComparingTo(bq.multiply(BigDecimal.valueOf(100.0)).subtract(bq.multiply(BigDecimal.valueOf(100.1))));
            assertThat(t.pnlQuote()).isEqualByComparingTo(r.state.positions().realizedPnl());
            assertThat(t.feesQuote()).isEqualByComparingTo(BigDecimal.ZERO);
        });
        r.engine.onEndOfInput(r.state, r.out);
        assertThat(r.out.trades).as("booked once").hasSize(1);
    }

    /** rdn in service mode, one spot venue: window-2 volatility, entry below −2, exit above −0.5. */
    private static StrategyConfig rdnService() {
        return StrategyConfig.builder("rdn").instrument(INSTRUMENT).venues(List.of(SPOT), FUT)
                .param("entry_spread_threshold", -2.0).param("exit_spread_threshold", -0.5)
                .param("min_volatility", 0.0).param("volatility_window", 2)
                .fee(SPOT, StrategyConfig.VenueFees.of("0.001", "0.001"))
                .execution(StrategyConfig.ExecutionSettings.DEFAULT.withMode(StrategyConfig.ExecutionMode.SERVICE)
                        .withLegTimeout(Duration.ofSeconds(2)))
                .build();
    }

    /** rdn enters, its futures leg is rejected and the spot leg is sold back: flat, its own book still open. */
    private static Run rdnUnwound() {
        Run r = new Run(rdnService(), new io.spreadflow.engine.strategies.rdn.ReverseDeltaNeutral());
        r.spot(T0, 100.0, 100.1);
        r.fut(T0 + 100_000, FUT_LOW_BID, FUT_LOW_BID + 0.1);
        r.fut(T0 + 200_000, FUT_LOW_BID - 0.1, FUT_LOW_BID);
        OrderIntent entry = r.lastIntent();
        assertThat(entry.getPurpose()).isEqualTo(IntentPurpose.ENTRY);
        double q = entry.getLegs().get(0).getQuantity();
        r.report(entry, 0, ExecutionStatus.FILLED, q, 100.1);
        r.report(entry, 1, ExecutionStatus.REJECTED, 0, 0);
        OrderIntent unwind = r.lastIntent();
        assertThat(unwind.getReason()).isEqualTo("UNWIND");
        r.engine.onExecution(r.state, ExecutionReport.newBuilder().setIntentId(unwind.getIntentId()).setInstrument(INSTRUMENT)
                .setLegIndex(0).setVenue(SPOT).setSide(Side.SELL).setStatus(ExecutionStatus.FILLED).setFilledQty(q)
                .setAvgPrice(100.0).setFee(0.5).setFeeCurrency("USDT").setVenueOrderId(null).setReason(null)
                .setIntentEventTsUs(unwind.getEventTsUs()).setFillEventTsUs(null).build(), r.out);
        assertThat(r.stateOf(1)).isEqualTo(PositionState.FLAT);
        return r;
    }

    @Test
    void anUnwoundPositionOfAStrategyWithItsOwnBookTradesOnTheStrategysExit() {
        Run r = rdnUnwound();
        assertThat(r.out.trades).as("rdn will still exit it").isEmpty();
        assertThat(r.state.positions().unwoundAwaitingExit()).isEqualTo(1);
        // the spread recovers: rdn exits by its own book, and that exit is the position's one trade
        r.fut(T0 + 2 * SECOND, FUT_HIGH_BID, FUT_HIGH_BID + 0.1);
        assertThat(r.out.trades).singleElement().satisfies(t -> {
            assertThat(t.columns()).containsEntry("exit_reason", "SPREAD_COMPRESSION").containsKey("pnl_pct");
            assertThat(t.pnlQuote()).isEqualByComparingTo(r.state.positions().realizedPnl());
            assertThat(t.feesQuote()).isEqualByComparingTo("0.5");
        });
        r.engine.onEndOfInput(r.state, r.out);
        assertThat(r.out.trades).hasSize(1);
    }

    @Test
    void anUnwoundPositionTheStrategyNeverExitsIsAnUnwindTradeAtEndOfInput() {
        Run r = rdnUnwound();
        long flatAt = r.state.board().streamTimeUs();
        r.spot(T0 + SECOND, 100.0, 100.1);
        assertThat(r.out.trades).isEmpty();
        r.engine.onEndOfInput(r.state, r.out);
        assertThat(r.out.trades).singleElement().satisfies(t -> {
            assertThat(t.columns()).containsEntry("position_id", 1L).containsEntry("exit_reason", "UNWIND")
                    .containsEntry("exit_time_us", flatAt);
            assertThat(t.exitTsUs()).isEqualTo(flatAt);
            assertThat(t.pnlQuote()).isNegative().isEqualByComparingTo(r.state.positions().realizedPnl());
            assertThat(t.feesQuote()).isEqualByComparingTo("0.5");
        });
        assertThat(r.state.positions().unwoundAwaitingExit()).isZero();
    }

    /** An open position whose exit went out: its spot leg filled, the futures leg is left to the test. */
    private static Run exiting() {
        Run r = new Run(serviceMode(StrategyConfig.LegFailurePolicy.UNWIND));
        r.enterRow(T0);
        OrderIntent entry = r.lastIntent();
        double q = entry.getLegs().get(0).getQuantity();
        r.report(entry, 0, ExecutionStatus.FILLED, q, 100.1);
        r.report(entry, 1, ExecutionStatus.FILLED, q, FUT_LOW_BID);
        r.fut(T0 + SECOND, FUT_HIGH_BID, FUT_HIGH_BID + 0.1);
        OrderIntent exit = r.lastIntent();
        assertThat(exit.getPurpose()).isEqualTo(IntentPurpose.EXIT);
        r.report(exit, 0, ExecutionStatus.FILLED, q, 100.0);
        return r;
    }

    @Test
    void anExitThatClosesInManySlicesIsProgressNotFailure() {
        Run r = exiting();
        double q = r.lastIntent().getLegs().get(1).getQuantity();
        double slice = q / 100;
        int slices = 0;
        // a thin futures book: every attempt buys one slice and cancels the rest, far more often than the halt allows in a row
        for (double left = q; left > slice * 1.5; left -= slice, slices++) {
            OrderIntent attempt = r.lastIntent();
            int leg = attempt.getLegs().size() - 1;
            assertThat(attempt.getLegs().get(leg).getQuantity()).isCloseTo(left, org.assertj.core.data.Offset.offset(1e-9));
            r.report(attempt, leg, ExecutionStatus.PARTIALLY_FILLED, slice, FUT_HIGH_BID + 0.1);
            r.report(attempt, leg, ExecutionStatus.CANCELED, slice, FUT_HIGH_BID + 0.1);
        }
        assertThat(slices).isGreaterThan(SignalMachine.MAX_EXIT_ATTEMPTS);
        OrderIntent last = r.lastIntent();
        r.report(last, 0, ExecutionStatus.FILLED, last.getLegs().get(0).getQuantity(), FUT_HIGH_BID + 0.1);

        assertThat(r.signals(SignalKind.HALT)).isEmpty();
        assertThat(r.stateOf(1)).isEqualTo(PositionState.FLAT);
        assertThat(r.out.trades).hasSize(1);
        assertThat(r.signals(SignalKind.HEDGE)).extracting(Signal::getReason).containsOnly("EXIT_RETRY").hasSize(slices);
    }

    @Test
    void anExitThatFillsNothingHaltsAfterTheMaximumOfAttemptsInARow() {
        Run r = exiting();
        // one slice fills: the count of failed attempts starts after it
        OrderIntent first = r.lastIntent();
        double q = first.getLegs().get(1).getQuantity();
        r.report(first, 1, ExecutionStatus.PARTIALLY_FILLED, q / 2, FUT_HIGH_BID + 0.1);
        r.report(first, 1, ExecutionStatus.CANCELED, q / 2, FUT_HIGH_BID + 0.1);
        for (int i = 0; i < SignalMachine.MAX_EXIT_ATTEMPTS; i++) {
            assertThat(r.signals(SignalKind.HALT)).as("after %d empty attempts", i).isEmpty();
            r.report(r.lastIntent(), 0, ExecutionStatus.REJECTED, 0, 0);
        }
        assertThat(r.signals(SignalKind.HALT)).as("after %d empty attempts", SignalMachine.MAX_EXIT_ATTEMPTS).isEmpty();
        r.report(r.lastIntent(), 0, ExecutionStatus.REJECTED, 0, 0);
        assertThat(r.signals(SignalKind.HALT)).singleElement().extracting(Signal::getReason).isEqualTo("EXIT_FAILED");
        assertThat(r.state.positions().halted()).isTrue();
    }

    @Test
    void eachCallReturnsWhatItDecidedWithoutCallingBack() {
        SignalMachine m = new SignalMachine(config().build());
        PositionBook b = new PositionBook();
        io.spreadflow.engine.accounting.Ledger ledger = new io.spreadflow.engine.accounting.Ledger(java.util.Map.of());
        io.spreadflow.engine.strategy.Decision.Action enter = io.spreadflow.engine.strategy.Decision.Action.enter(1, "IN",
                List.of(io.spreadflow.engine.strategy.Decision.Leg.buy(SPOT, 100.1), io.spreadflow.engine.strategy.Decision.Leg.sell(FUT, 98)),
                1000, java.util.Map.of());
        Outcome o = m.enter(b, INSTRUMENT, enter, io.spreadflow.engine.strategy.PositionSize.ofNotional(1000, 100.1), T0, T0 + 1,
                -2.0, java.util.Map.of());
        assertThat(o.steps()).hasSize(2);
        assertThat(o.steps().get(0)).isInstanceOfSatisfying(Outcome.Signalled.class,
                s -> assertThat(s.signal().getKind()).isEqualTo(SignalKind.ENTER));
        OrderIntent entry = ((Outcome.Ordered) o.steps().get(1)).intent();
        assertThat(((Outcome.Ordered) o.steps().get(1)).nextBook()).isFalse();
        assertThat(b.position(1).state()).isEqualTo(PositionState.ENTERING);

        ExecutionReport filled = ExecutionReport.newBuilder().setIntentId(entry.getIntentId()).setInstrument(INSTRUMENT).setLegIndex(0)
                .setVenue(SPOT).setSide(Side.BUY).setStatus(ExecutionStatus.FILLED).setFilledQty(entry.getLegs().get(0).getQuantity())
                .setAvgPrice(100.1).setFee(0).setFeeCurrency("USDT").setVenueOrderId(null).setReason(null)
                .setIntentEventTsUs(T0 + 1).setFillEventTsUs(null).build();
        Outcome first = m.onReport(b, ledger, INSTRUMENT, filled, T0 + 2);
        assertThat(first.applied()).isTrue();
        assertThat(first.isEmpty()).as("one leg of two: nothing to say yet").isTrue();
        Outcome repeat = m.onReport(b, ledger, INSTRUMENT, filled, T0 + 3);
        assertThat(repeat.applied()).isFalse();
        Outcome other = m.onReport(b, ledger, INSTRUMENT, ExecutionReport.newBuilder(filled).setLegIndex(1).setVenue(FUT)
                .setSide(Side.SELL).setStatus(ExecutionStatus.REJECTED).setFilledQty(0).setAvgPrice(null).build(), T0 + 4);
        assertThat(other.steps()).extracting(st -> st.getClass().getSimpleName())
                .containsExactly("Signalled", "Signalled", "Ordered");
        assertThat(((Outcome.Ordered) other.steps().get(2)).intent().getReason()).isEqualTo("UNWIND");
        assertThat(((Outcome.Ordered) other.steps().get(2)).nextBook()).isTrue();
    }

    @Test
    void aRejectedLegIsCompletedWhenConfigured() {
        Run r = new Run(serviceMode(StrategyConfig.LegFailurePolicy.COMPLETE));
        r.enterRow(T0);
        OrderIntent entry = r.lastIntent();
        double q = entry.getLegs().get(0).getQuantity();
        r.report(entry, 0, ExecutionStatus.FILLED, q, 100.1);
        r.report(entry, 1, ExecutionStatus.REJECTED, 0, 0);

        assertThat(r.signals(SignalKind.HEDGE)).extracting(Signal::getReason).containsExactly("COMPLETE");
        OrderIntent complete = r.lastIntent();
        assertThat(complete.getLegs()).singleElement().satisfies(l -> {
            assertThat(l.getVenue()).isEqualTo(FUT);
            assertThat(l.getSide()).isEqualTo(Side.SELL);
            assertThat(l.getQuantity()).isEqualTo(q);
        });
        r.report(complete, 0, ExecutionStatus.FILLED, q, FUT_LOW_BID);
        assertThat(r.stateOf(1)).isEqualTo(PositionState.OPEN);
    }

    @Test
    void aLegWithoutReportTimesOutInEventTime() {
        // ticks do not wait for reports here: event time moves on while the leg is out
        Run r = new Run(serviceMode(StrategyConfig.LegFailurePolicy.UNWIND, 0));
        r.enterRow(T0);
        OrderIntent entry = r.lastIntent();
        double q = entry.getLegs().get(0).getQuantity();
        r.report(entry, 0, ExecutionStatus.FILLED, q, 100.1);
        long decided = entry.getEventTsUs();
        r.spot(decided + 2 * SECOND - 1, 100.0, 100.1);
        assertThat(r.signals(SignalKind.TRANSITION)).extracting(Signal::getReason).doesNotContain("LEG_TIMEOUT");
        r.spot(decided + 2 * SECOND, 100.0, 100.1);
        assertThat(r.signals(SignalKind.TRANSITION)).extracting(Signal::getReason).contains("LEG_TIMEOUT");
        assertThat(r.lastIntent().getPurpose()).isEqualTo(IntentPurpose.HEDGE);
        assertThat(r.stateOf(1)).isEqualTo(PositionState.EXITING);
    }

    @Test
    void inJobPartialFillTrimsThePositionToTheSmallestLeg() {
        StrategyConfig c = config().build();
        Run r = new Run(c);
        r.spot(T0, 100.0, 100.1);
        double q = 1000 / 100.1;
        // the futures touch shows a quarter of the quantity: the sell leg fills a quarter, the rest is canceled
        r.engine.onTick(r.state, tick(FUT, T0 + 100_000, FUT_LOW_BID, q / 4, FUT_LOW_BID + 0.1, 1e9), r.out);
        assertThat(r.out.executions).extracting(ExecutionReport::getStatus)
                .containsExactly(ExecutionStatus.FILLED, ExecutionStatus.PARTIALLY_FILLED, ExecutionStatus.CANCELED);
        assertThat(r.signals(SignalKind.HEDGE)).extracting(Signal::getReason).containsExactly("UNWIND_TO_SMALLEST_LEG");
        assertThat(r.stateOf(1)).isEqualTo(PositionState.ENTERING);
        // the trim waits for the next spot book, then the position is open at a quarter size
        r.spot(T0 + 200_000, 100.0, 100.1);
        assertThat(r.stateOf(1)).isEqualTo(PositionState.OPEN);
        assertThat(r.state.positions().positions().get(0).quantity()).isCloseTo(q / 4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.state.ledger().base(SPOT).doubleValue()).isCloseTo(q / 4, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void entryCooldownSpacesEntriesInEventTime() {
        StrategyConfig c = config().risk(new StrategyConfig.RiskLimits(BigDecimal.ZERO, 0, BigDecimal.ZERO, Duration.ofSeconds(10)))
                .build();
        Run r = new Run(c);
        for (int i = 0; i < 30; i++) {
            long ts = T0 + i * SECOND;
            r.spot(ts, 100.0, 100.1);
            r.fut(ts + 100_000, i % 2 == 0 ? FUT_LOW_BID : FUT_HIGH_BID, (i % 2 == 0 ? FUT_LOW_BID : FUT_HIGH_BID) + 0.1);
        }
        List<Long> entries = r.signals(SignalKind.ENTER).stream().map(Signal::getEventTsUs).toList();
        assertThat(entries).hasSizeGreaterThan(1);
        for (int i = 1; i < entries.size(); i++) assertThat(entries.get(i) - entries.get(i - 1)).isGreaterThanOrEqualTo(10 * SECOND);
        assertThat(r.signals(SignalKind.HOLD)).extracting(Signal::getReason).contains("ENTER_REFUSED_COOLDOWN");
    }

    @Test
    void lossLimitHaltsNewEntries() {
        StrategyConfig c = config()
                .fee(SPOT, StrategyConfig.VenueFees.of("0.01", "0.01"))
                .fee(FUT, StrategyConfig.VenueFees.of("0.01", "0.01"))
                .risk(new StrategyConfig.RiskLimits(BigDecimal.ZERO, 0, new BigDecimal("50"), Duration.ZERO))
                .build();
        Run r = new Run(c);
        for (int i = 0; i < 40; i++) {
            long ts = T0 + i * SECOND;
            r.spot(ts, 100.0, 100.1);
            r.fut(ts + 100_000, i % 2 == 0 ? FUT_LOW_BID : FUT_HIGH_BID, (i % 2 == 0 ? FUT_LOW_BID : FUT_HIGH_BID) + 0.1);
        }
        List<Signal> halts = r.signals(SignalKind.HALT);
        assertThat(halts).singleElement().extracting(Signal::getReason).isEqualTo("MAX_LOSS");
        assertThat(r.state.positions().halted()).isTrue();
        assertThat(r.state.positions().realizedPnl()).isLessThanOrEqualTo(new BigDecimal("-50"));
        long haltSeq = halts.get(0).getSequence();
        assertThat(r.out.signals.stream().filter(s -> s.getSequence() > haltSeq && s.getKind() == SignalKind.ENTER)).isEmpty();
        assertThat(r.signals(SignalKind.HOLD)).extracting(Signal::getReason).contains("ENTER_REFUSED_HALTED");
        // each trade loses about 4 % in fees and spread on 1000: the halt comes after the trade that crossed 50
        assertThat(r.out.trades.size()).isLessThan(20);
    }

    @Test
    void openPositionAndNotionalLimitsRefuseEntries() {
        StrategyConfig c = config().param("max_stack", 5)
                .risk(new StrategyConfig.RiskLimits(new BigDecimal("2500"), 2, BigDecimal.ZERO, Duration.ZERO)).build();
        Run r = new Run(c);
        for (int i = 0; i < 4; i++) r.enterRow(T0 + i * SECOND);
        assertThat(r.state.positions().openCount()).isEqualTo(2);
        assertThat(r.signals(SignalKind.HOLD)).extracting(Signal::getReason).contains("ENTER_REFUSED_MAX_OPEN_POSITIONS");

        StrategyConfig n = config().param("max_stack", 5)
                .risk(new StrategyConfig.RiskLimits(new BigDecimal("1500"), 0, BigDecimal.ZERO, Duration.ZERO)).build();
        Run r2 = new Run(n);
        for (int i = 0; i < 4; i++) r2.enterRow(T0 + i * SECOND);
        assertThat(r2.state.positions().openCount()).isEqualTo(1);
        assertThat(r2.signals(SignalKind.HOLD)).extracting(Signal::getReason).contains("ENTER_REFUSED_MAX_NOTIONAL");
    }

    @Test
    void stateRestoredFromItsStoredFormMidPositionGivesTheSameOutputs() throws Exception {
        StrategyConfig c = config().param("max_stack", 3)
                .execution(StrategyConfig.ExecutionSettings.DEFAULT.withFillLatency(Duration.ofMillis(250)))
                .build();
        Run original = new Run(c);
        // rows until a position is open and an order waits for its latency
        int i = 0;
        for (; i < 100; i++) {
            feedRow(original, i);
            if (original.state.positions().openCount() > 0 && !original.state.pending().isEmpty()) break;
        }
        assertThat(original.state.positions().openCount()).isPositive();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new EngineStateCodec().write(new DataOutputStream(bytes), original.state);
        // the engine is not state: a restored job builds a new one from the configuration
        Run restored = new Run(c);
        DefaultInstrumentEngine restoredEngine = restored.engine;
        restored.state = new EngineStateCodec().read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        RecordingOutput a = new RecordingOutput();
        RecordingOutput b = new RecordingOutput();
        for (int k = i + 1; k < i + 60; k++) {
            long ts = T0 + k * SECOND;
            for (var t : rowTicks(k, ts)) {
                original.engine.onTick(original.state, t, a);
                restoredEngine.onTick(restored.state, t, b);
            }
        }
        assertThat(a.log).isNotEmpty();
        assertThat(a.trades).isNotEmpty();
        assertThat(b.log).containsExactlyElementsOf(a.log);
    }

    private static void feedRow(Run r, int k) {
        for (var t : rowTicks(k, T0 + k * SECOND)) r.engine.onTick(r.state, t, r.out);
    }

    /** A spread cycling below and above the thresholds, so positions open, stack and close. */
    private static List<io.spreadflow.schemas.BookTicker> rowTicks(int k, long ts) {
        double fb = switch (k % 7) {
            case 0, 1, 2 -> FUT_LOW_BID;
            case 3, 4 -> 99.5;
            default -> FUT_HIGH_BID;
        };
        return List.of(tick(SPOT, ts, 100.0, 100.1), tick(FUT, ts + 100_000, fb, fb + 0.1), tick(SPOT, ts + 400_000, 100.0, 100.1),
                tick(FUT, ts + 500_000, fb, fb + 0.1));
    }
}
