package io.spreadflow.job.cluster;

import io.spreadflow.engine.EngineOutput;
import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.InstrumentState;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.execution.ExecutionSettings;
import io.spreadflow.execution.OrderDesk;
import io.spreadflow.execution.ServiceMetrics;
import io.spreadflow.execution.book.QuoteHistory;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.ledger.LedgerEntry;
import io.spreadflow.execution.ledger.PositionRow;
import io.spreadflow.execution.risk.RiskCheck;
import io.spreadflow.execution.venue.PaperVenue;
import io.spreadflow.job.EngineFactory;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live loop without failures and without Flink, Kafka or HTTP, as the reference a disturbed run is
 * held against: the same engine (execution mode {@code service}) reads the ticks in order, and every intent
 * goes at once to the service's own {@link OrderDesk} with its paper venue, risk check and a fresh ledger,
 * over books that hold every tick; the reports go straight back to the engine before the next tick. The
 * live job holds an instrument's ticks while its orders are out, so it decides on this same sequence.
 */
final class ReferenceRun {

    /**
     * What the undisturbed loop ends with.
     *
     * @param intents   fingerprint and final status of each intent, by id
     * @param fills     each leg's outcome, by {@code intentId#leg}
     * @param positions the ledger's positions
     */
    record Outcome(Map<String, String> intents, Map<String, String> fills, List<PositionRow> positions) {
    }

    private ReferenceRun() {}

    /** Runs {@code engines} (its service-mode configuration) over {@code ticks} with the service's paper fills of {@code service}. */
    static Outcome run(EngineFactory engines, ExecutionSettings service, List<BookTicker> ticks) throws InterruptedException {
        QuoteHistory books = new QuoteHistory(Math.max(1, ticks.size()));
        for (BookTicker t : ticks) books.add(t);
        try (IntentLedger ledger = IntentLedger.open("jdbc:h2:mem:reference-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", null, null);
             ServiceMetrics metrics = new ServiceMetrics()) {
            PaperVenue paper = new PaperVenue(books, service.fillLatencyUs(),
                    PaperVenue.takerFillModel(service.takerFees(), service.defaultTakerFee()));
            OrderDesk desk = new OrderDesk(ledger, books, paper, paper, new RiskCheck(service.riskLimits()), metrics, () -> { }, 0, false);
            InstrumentEngine engine = engines.viaService().create(0);
            Map<String, InstrumentState> states = new HashMap<>();
            ArrayDeque<OrderIntent> out = new ArrayDeque<>();
            EngineOutput collect = new EngineOutput() {
                @Override public void signal(Signal s) { }
                @Override public void intent(OrderIntent i) { out.add(i); }
                @Override public void execution(ExecutionReport r) { }
                @Override public void trade(Trade t) { }
                @Override public void rejected(BookTicker t, String reason) { }
            };
            java.util.Set<String> ids = new java.util.LinkedHashSet<>();
            for (BookTicker t : ticks) {
                InstrumentState state = states.computeIfAbsent(t.getInstrument(), engine::newState);
                engine.onTick(state, t, collect);
                while (!out.isEmpty()) {
                    OrderIntent intent = out.poll();
                    ids.add(intent.getIntentId());
                    for (ExecutionReport r : desk.submit(intent).reports()) engine.onExecution(state, r, collect);
                }
            }
            return outcome(ledger, ids);
        } catch (Exception e) {
            if (e instanceof InterruptedException ie) throw ie;
            throw new IllegalStateException("reference run failed: " + e.getMessage(), e);
        }
    }

    /** What a ledger holds for the intents {@code ids}. */
    static Outcome outcome(IntentLedger ledger, java.util.Collection<String> ids) {
        Map<String, String> intents = new TreeMap<>();
        Map<String, String> fills = new TreeMap<>();
        for (String id : ids) {
            LedgerEntry e = ledger.find(id).orElse(null);
            if (e == null) continue;
            intents.put(id, e.fingerprint() + " " + e.status());
            for (ExecutionReport r : e.reports()) {
                fills.put(id + "#" + r.getLegIndex(), r.getStatus() + " " + r.getFilledQty() + " @ " + r.getAvgPrice() + " fee " + r.getFee()
                        + " book " + r.getFillEventTsUs());
            }
        }
        return new Outcome(intents, fills, ledger.positions());
    }
}
