package io.spreadflow.execution;

import io.spreadflow.engine.market.Quote;
import io.spreadflow.execution.book.QuoteHistory;
import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.ledger.LedgerEntry;
import io.spreadflow.execution.risk.RiskCheck;
import io.spreadflow.engine.fill.FillReports;
import io.spreadflow.execution.venue.PaperVenue;
import io.spreadflow.execution.venue.VenueAdapter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Takes intents in, acts on each id once: a known id gets its stored result; a new one is priced,
 * checked against the risk limits, recorded, executed leg by leg and completed in the ledger, whose
 * reports then go out through the outbox.
 *
 * <p>Risk check and recording happen under one lock so that two intents cannot both pass a limit that
 * only one of them fits; execution happens outside it. An id arriving twice at the same moment is
 * executed by the first caller and awaited by the second.
 */
public final class OrderDesk {

    private static final Logger LOG = LoggerFactory.getLogger(OrderDesk.class);

    private final IntentLedger ledger;
    private final QuoteHistory books;
    private final VenueAdapter venue;
    private final PaperVenue pricing;
    private final RiskCheck risk;
    private final ServiceMetrics metrics;
    private final Runnable reportsWritten;
    private final long bookWaitMs;
    private final boolean booksFed;
    private final Object riskLock = new Object();
    private final ConcurrentHashMap<String, CompletableFuture<IntentResult>> inFlight = new ConcurrentHashMap<>();
    private volatile boolean killSwitch;
    /** Set when reconciliation with a live venue failed: every new intent is refused with this reason. */
    private volatile String tradingRefused;
    private volatile java.util.function.Consumer<OrderIntent> receipts = i -> { };

    /**
     * @param pricing        gives the fill time of an intent (its event time plus latency)
     * @param booksFed       whether a tick feed fills {@code books}; without one, nothing waits for it
     * @param reportsWritten called after reports reached the ledger, to wake the outbox
     */
    public OrderDesk(IntentLedger ledger, QuoteHistory books, VenueAdapter venue, PaperVenue pricing, RiskCheck risk,
                     ServiceMetrics metrics, Runnable reportsWritten, long bookWaitMs, boolean booksFed) {
        this.ledger = ledger;
        this.books = books;
        this.venue = venue;
        this.pricing = pricing;
        this.risk = risk;
        this.metrics = metrics;
        this.reportsWritten = reportsWritten;
        this.bookWaitMs = bookWaitMs;
        this.booksFed = booksFed;
        this.killSwitch = ledger.killSwitch();
    }

    public boolean killSwitch() {
        return killSwitch;
    }

    public void setKillSwitch(boolean on) {
        synchronized (riskLock) {
            ledger.setKillSwitch(on);
            killSwitch = on;
        }
        LOG.warn("kill switch {}", on ? "ON: new entries are rejected" : "off");
    }

    /**
     * Refuses every new intent from now on, with {@code reason} (reconciliation with a live venue found
     * mismatches). Intents already recorded are still completed.
     */
    public void refuseTrading(String reason) {
        tradingRefused = java.util.Objects.requireNonNull(reason, "reason");
        LOG.error("trading refused: {}", reason);
    }

    /** Why new intents are refused, or {@code null} while trading. */
    public String tradingRefused() {
        return tradingRefused;
    }

    /** The stored result of {@code intentId}, if the ledger has it. */
    public Optional<IntentResult> lookup(String intentId) {
        return ledger.find(intentId).map(OrderDesk::result);
    }

    /**
     * Has {@code watcher} told of every intent as it arrives, before anything is done with it (on the
     * request's thread: it must return at once). For measuring how long intents take to get here.
     */
    public void watchReceipts(java.util.function.Consumer<OrderIntent> watcher) {
        this.receipts = java.util.Objects.requireNonNull(watcher, "watcher");
    }

    /** A request brought these intents; they are submitted next, one after the other. */
    public void received(List<OrderIntent> intents) {
        for (OrderIntent i : intents) receipts.accept(i);
    }

    /** Acts on one intent (see the class comment) and answers with its result. */
    public IntentResult submit(OrderIntent intent) throws InterruptedException {
        metrics.intentsReceived.increment();
        String fingerprint = IntentCodec.fingerprint(intent);
        Optional<LedgerEntry> known = ledger.find(intent.getIntentId());
        if (known.isPresent() && known.get().done()) return duplicate(known.get(), fingerprint);
        CompletableFuture<IntentResult> mine = new CompletableFuture<>();
        CompletableFuture<IntentResult> other = inFlight.putIfAbsent(intent.getIntentId(), mine);
        if (other != null) {
            IntentResult first = await(other);
            return duplicate(ledger.find(intent.getIntentId()).orElseThrow(() -> new IllegalStateException(
                    "intent " + first.intentId() + " vanished from the ledger")), fingerprint);
        }
        try {
            IntentResult r = known.isPresent() ? finishPending(known.get()) : decide(intent, fingerprint);
            mine.complete(r);
            return r;
        } catch (RuntimeException | InterruptedException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(intent.getIntentId(), mine);
        }
    }

    /** Executes intents a previous run recorded but did not complete (it stopped in between). */
    public int recoverPending() throws InterruptedException {
        List<LedgerEntry> pending = ledger.pending();
        for (LedgerEntry e : pending) {
            LOG.info("completing intent {} left pending by the previous run", e.intent().getIntentId());
            submit(e.intent());
        }
        return pending.size();
    }

    private IntentResult finishPending(LedgerEntry entry) throws InterruptedException {
        awaitBook(entry.intent());
        return execute(entry.intent(), true);
    }

    private IntentResult decide(OrderIntent intent, String fingerprint) throws InterruptedException {
        awaitBook(intent);
        List<String> missingPrice = new ArrayList<>();
        BigDecimal notional = BigDecimal.ZERO;
        for (int i = 0; i < intent.getLegs().size(); i++) {
            OrderLeg leg = intent.getLegs().get(i);
            Double price = leg.getLimitPrice();
            if (price == null) {
                Quote q = books.asOf(intent.getInstrument(), leg.getVenue(), pricing.fillTimeUs(intent));
                if (q != null) price = leg.getSide() == Side.BUY ? q.ask() : q.bid();
            }
            if (price == null) {
                missingPrice.add(leg.getVenue());
                continue;
            }
            notional = notional.add(BigDecimal.valueOf(leg.getQuantity()).multiply(BigDecimal.valueOf(price)));
        }
        synchronized (riskLock) {
            Optional<LedgerEntry> known = ledger.find(intent.getIntentId());
            if (known.isPresent()) return duplicate(known.get(), fingerprint);
            String refused = tradingRefused;
            RiskCheck.Refusal refusal = refused != null ? new RiskCheck.Refusal("reconciliation", refused)
                    : missingPrice.isEmpty() ? risk.check(intent.getPurpose(), notional, killSwitch,
                    ledger.openNotional(intent.getInstrument()), ledger.openIntents())
                    : new RiskCheck.Refusal("no_price", "no limit price and no book to price legs on " + String.join(", ", missingPrice));
            if (refusal != null) {
                List<ExecutionReport> reports = rejections(intent, refusal.reason());
                if (!ledger.insertRejected(intent, fingerprint, notional, refusal.reason(), reports)) {
                    return duplicate(ledger.find(intent.getIntentId()).orElseThrow(), fingerprint);
                }
                metrics.rejected(refusal.rule());
                reportsWritten.run();
                return new IntentResult(intent.getIntentId(), ExecutionStatus.REJECTED.name(), refusal.reason(), false, false, reports);
            }
            if (!ledger.insertReceived(intent, fingerprint, notional, intent.getPurpose() == IntentPurpose.ENTRY)) {
                return duplicate(ledger.find(intent.getIntentId()).orElseThrow(), fingerprint);
            }
        }
        return execute(intent, false);
    }

    /** {@code resuming}: a previous run recorded the intent and may have sent its legs, so the venue is asked first. */
    private IntentResult execute(OrderIntent intent, boolean resuming) {
        List<ExecutionReport> reports = new ArrayList<>();
        for (int i = 0; i < intent.getLegs().size(); i++) reports.add(resuming ? venue.resume(intent, i) : venue.execute(intent, i));
        String status = outcome(reports);
        String reason = reports.stream().map(ExecutionReport::getReason).filter(r -> r != null).findFirst().orElse(null);
        if (!ledger.complete(intent, status, reports)) {
            // another caller completed it first; its record is the one that counts
            return result(ledger.find(intent.getIntentId()).orElseThrow());
        }
        metrics.intentsExecuted.increment();
        reports.stream().filter(r -> r.getFilledQty() > 0).forEach(r -> metrics.legsFilled.increment());
        reportsWritten.run();
        return new IntentResult(intent.getIntentId(), status, reason, false, false, reports);
    }

    private void awaitBook(OrderIntent intent) throws InterruptedException {
        if (!booksFed) return;
        long at = pricing.fillTimeUs(intent);
        if (!books.awaitReached(intent.getInstrument(), at, bookWaitMs)) {
            LOG.warn("ticks of {} did not reach {} µs within {} ms; intent {} uses the latest book held", intent.getInstrument(), at,
                    bookWaitMs, intent.getIntentId());
        }
    }

    private IntentResult duplicate(LedgerEntry stored, String fingerprint) {
        metrics.intentsDuplicate.increment();
        boolean conflict = !stored.fingerprint().equals(fingerprint);
        if (conflict) {
            metrics.intentsConflicting.increment();
            LOG.warn("intent {} resent with different content; the stored intent stands", stored.intent().getIntentId());
        }
        return result(stored).asDuplicate(conflict);
    }

    private static IntentResult await(CompletableFuture<IntentResult> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the first submission of this intent failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static IntentResult result(LedgerEntry e) {
        return new IntentResult(e.intent().getIntentId(), e.status(), e.reason() != null ? e.reason()
                : e.reports().stream().map(ExecutionReport::getReason).filter(r -> r != null).findFirst().orElse(null),
                false, false, e.reports());
    }

    private static String outcome(List<ExecutionReport> reports) {
        boolean allFilled = reports.stream().allMatch(r -> r.getStatus() == ExecutionStatus.FILLED);
        if (allFilled) return ExecutionStatus.FILLED.name();
        boolean anyFill = reports.stream().anyMatch(r -> r.getFilledQty() > 0);
        if (anyFill) return ExecutionStatus.PARTIALLY_FILLED.name();
        boolean allRejected = reports.stream().allMatch(r -> r.getStatus() == ExecutionStatus.REJECTED);
        return allRejected ? ExecutionStatus.REJECTED.name() : ExecutionStatus.CANCELED.name();
    }

    private static List<ExecutionReport> rejections(OrderIntent intent, String reason) {
        List<ExecutionReport> out = new ArrayList<>();
        for (int i = 0; i < intent.getLegs().size(); i++) {
            OrderLeg leg = intent.getLegs().get(i);
            out.add(ExecutionReport.newBuilder()
                    .setIntentId(intent.getIntentId()).setInstrument(intent.getInstrument()).setLegIndex(i)
                    .setVenue(leg.getVenue()).setSide(leg.getSide()).setStatus(ExecutionStatus.REJECTED)
                    .setFilledQty(0.0).setFee(0.0).setFeeCurrency(FillReports.quoteCurrency(intent.getInstrument()))
                    .setReason(reason).setIntentEventTsUs(intent.getEventTsUs()).build());
        }
        return out;
    }
}
