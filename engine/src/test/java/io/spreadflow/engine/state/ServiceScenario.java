package io.spreadflow.engine.state;

import io.spreadflow.engine.DefaultInstrumentEngine;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.RecordingOutput;
import io.spreadflow.engine.ThresholdStrategy;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.fill.FillReports;
import io.spreadflow.engine.fill.OrderRequest;
import io.spreadflow.engine.fill.TopOfBookFillModel;
import io.spreadflow.engine.market.Quote;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;

import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.spreadflow.engine.Ticks.FUT;
import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static io.spreadflow.engine.Ticks.SPOT;
import static io.spreadflow.engine.Ticks.tick;

/**
 * An engine state with everything in it, through the service: bars of 1 s, position 1 filled, position
 * 2's entry legs out with no report, the ticks after them held. Its {@link #main} writes the stored form
 * of that state, which is how {@code state/format-1/service-scenario.bin} was made with the code of
 * format 1; it uses only APIs of that time, so the scenario stays reproducible.
 */
final class ServiceScenario {

    static final long T0 = 1_760_000_000_000_000L;
    static final long MS = 1_000L;

    final DefaultInstrumentEngine engine = new DefaultInstrumentEngine(config(), new ThresholdStrategy());
    final EngineState state = engine.newState(INSTRUMENT);
    final RecordingOutput out = new RecordingOutput();
    final List<BookTicker> seen = new ArrayList<>();
    final List<BookTicker> ticks = market(T0, 6, 98.0);
    int next;

    static StrategyConfig config() {
        return StrategyConfig.builder(ThresholdStrategy.ID)
                .instrument(INSTRUMENT)
                .venues(List.of(SPOT), FUT)
                .param("enter_below", -1.0)
                .param("exit_above", 0.0)
                .param("max_stack", 3)
                .barSeconds(1)
                .fee(SPOT, StrategyConfig.VenueFees.of("0", "0.001"))
                .fee(FUT, StrategyConfig.VenueFees.of("0", "0.0005"))
                .execution(StrategyConfig.ExecutionSettings.DEFAULT.withMode(StrategyConfig.ExecutionMode.SERVICE)
                        .withLegTimeout(Duration.ofSeconds(30)).withMaxHeldTicks(100))
                .build();
    }

    /** {@code futBid} for {@code n} seconds, a tick every 250 ms per venue. */
    static List<BookTicker> market(long from, int n, double futBid) {
        List<BookTicker> ticks = new ArrayList<>();
        for (int i = 0; i < n * 4; i++) {
            long ts = from + i * 250 * MS;
            ticks.add(tick(SPOT, ts, 100.0, 100.1));
            ticks.add(tick(FUT, ts + 10 * MS, futBid, futBid + 0.1));
        }
        return ticks;
    }

    /** Reports for every leg of an intent as the paper venue fills them on the books seen so far. */
    static List<ExecutionReport> fill(OrderIntent intent, List<BookTicker> seen) {
        TopOfBookFillModel model = TopOfBookFillModel.of(config());
        List<ExecutionReport> out = new ArrayList<>();
        for (int i = 0; i < intent.getLegs().size(); i++) {
            OrderLeg leg = intent.getLegs().get(i);
            Quote book = null;
            for (BookTicker t : seen) {
                if (t.getVenue().equals(leg.getVenue()) && t.getReceiveTsUs() <= intent.getEventTsUs()) {
                    book = new Quote(t.getVenue(), t.getBidPrice(), t.getBidQty(), t.getAskPrice(), t.getAskQty(), t.getReceiveTsUs());
                }
            }
            var f = model.fill(OrderRequest.market(leg.getVenue(), leg.getSide(), leg.getQuantity()), book);
            List<ExecutionReport> r = FillReports.of(new FillReports.Leg(intent.getIntentId(), intent.getInstrument(), i,
                    leg.getVenue(), leg.getSide(), intent.getEventTsUs()), f, book == null ? null : book.tsUs(), "paper");
            out.add(r.get(r.size() - 1));
        }
        return out;
    }

    /** Runs up to the point of the snapshot: the first entry filled, the second out, three ticks held after it. */
    static ServiceScenario upToSnapshot() {
        ServiceScenario s = new ServiceScenario();
        boolean answered = false;
        int afterSecond = 0;
        while (afterSecond < 3) {
            BookTicker t = s.ticks.get(s.next++);
            s.seen.add(t);
            s.engine.onTick(s.state, t, s.out);
            if (!answered && s.out.intents.size() == 1) {
                for (ExecutionReport r : fill(s.out.intents.get(0), s.seen)) s.engine.onExecution(s.state, r, s.out);
                answered = true;
            }
            if (s.out.intents.size() == 2) afterSecond++;
        }
        return s;
    }

    /** The reports of the second entry, which come after the snapshot. */
    List<ExecutionReport> secondEntryReports() {
        return fill(out.intents.get(1), seen);
    }

    /** The ticks after the snapshot: the rest of the low market, then two seconds above the exit threshold. */
    List<BookTicker> rest() {
        List<BookTicker> rest = new ArrayList<>(ticks.subList(next, ticks.size()));
        rest.addAll(market(T0 + 6_000_000L, 2, 101.0));
        return rest;
    }

    /** @param args the file to write the stored state to */
    public static void main(String[] args) throws Exception {
        try (DataOutputStream out = new DataOutputStream(new FileOutputStream(args[0]))) {
            new EngineStateCodec().write(out, upToSnapshot().state);
        }
    }
}
