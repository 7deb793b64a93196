package io.spreadflow.execution;

import io.spreadflow.engine.market.Quote;
import io.spreadflow.execution.book.QuoteHistory;
import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.execution.ledger.Exposure;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.ledger.LedgerEntry;
import io.spreadflow.execution.ledger.LedgerPage;
import io.spreadflow.execution.ledger.Receipt;
import io.spreadflow.execution.risk.RiskCheck;
import io.spreadflow.engine.fill.FillReports;
import io.spreadflow.execution.venue.PaperVenue;
import io.spreadflow.execution.venue.VenueAdapter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
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
import java.util.function.Function;

/**
 * Takes intents in, acts on each id once: a known id gets its stored result; a new one is priced,
 * checked against the risk limits, recorded, executed leg by leg and completed in the ledger, whose
 * reports then go out through the outbox.
 *
 * <p>Risk check and recording happen in one ledger transaction that holds the ledger's decision lock,
 * so that two intents cannot both pass a limit that only one of them fits, even when they reach two
 * services on one database; execution happens outside it. An id arriving twice at the same moment is
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
    private final ConcurrentHashMap<String, CompletableFuture<IntentResult>> inFlight = new ConcurrentHashMap<>();
    /** Set when reconciliation with a live venue failed: every new intent is refused with this reason. */
    private volatile String tradingRefused;
    private volatile java.util.function.Consumer<OrderIntent> receipts = i -> { };
    private final Object activity = new Object();
    private int active;
    private volatile boolean stopping;

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
    }

    /** Whether the kill switch is on, as the ledger holds it (shared by every service on that ledger). */
    public boolean killSwitch() {
        return ledger.killSwitch();
    }

    /** Sets the kill switch; it waits for a risk decision under way and applies to every one after it. */
    public void setKillSwitch(boolean on) {
        ledger.setKillSwitch(on);
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

    /**
     * Acts on one intent (see the class comment) and answers with its result. Its arrival is recorded in
     * the ledger first, whatever it turns out to be.
     *
     * @throws Stopping when the service is shutting down (nothing was recorded)
     * @throws IntentConflict when the ledger holds its id with other content (nothing was executed)
     */
    public IntentResult submit(OrderIntent intent) throws InterruptedException {
        return submitAll(List.of(intent)).get(0);
    }

    /**
     * {@link #submit}s the intents of one request in order. A shutdown lets the intent under way finish
     * and refuses the rest of the request.
     *
     * @throws Stopping when the service is shutting down: nothing, or only the intents before this point, was
     *                  acted on; a re-send gets the ledger's answers for those
     * @throws IntentConflict when the ledger holds one of the ids with other content (none was executed; every
     *                        arrival is recorded as a receipt)
     */
    public List<IntentResult> submitAll(List<OrderIntent> intents) throws InterruptedException {
        enter();
        try {
            List<String> fingerprints = new ArrayList<>(intents.size());
            List<Optional<LedgerEntry>> known = new ArrayList<>(intents.size());
            List<IntentResult> conflicts = new ArrayList<>();
            for (OrderIntent intent : intents) {
                metrics.intentsReceived.increment();
                String fingerprint = IntentCodec.fingerprint(intent);
                Optional<LedgerEntry> stored = ledger.find(intent.getIntentId());
                Receipt.Verdict verdict = verdict(stored, fingerprint);
                ledger.recordReceipt(intent.getIntentId(), fingerprint, verdict);
                if (verdict == Receipt.Verdict.CONFLICT) conflicts.add(duplicate(stored.get(), fingerprint));
                fingerprints.add(fingerprint);
                known.add(stored);
            }
            // an id reused for other content (e.g. a job started without its state): act on none of the request
            if (!conflicts.isEmpty()) throw new IntentConflict(conflicts);
            List<IntentResult> results = new ArrayList<>(intents.size());
            for (int i = 0; i < intents.size(); i++) {
                // a shutdown cuts a batch short between intents: the sender resends it, the ledger answers for those done
                if (stopping) throw new Stopping();
                results.add(process(intents.get(i), fingerprints.get(i), known.get(i)));
            }
            return results;
        } finally {
            leave();
        }
    }

    /**
     * Refuses new intents from now on and waits up to {@code timeoutMs} for those under way to finish,
     * so that their reports reach the ledger before it closes.
     *
     * @return whether every intent under way finished
     */
    public boolean drain(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        synchronized (activity) {
            stopping = true;
            while (active > 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) return false;
                activity.wait(left);
            }
        }
        return true;
    }

    /** Whether intents are taken (false once {@link #drain} began). */
    public boolean accepting() {
        return !stopping;
    }

    private void enter() {
        synchronized (activity) {
            if (stopping) throw new Stopping();
            active++;
        }
    }

    private void leave() {
        synchronized (activity) {
            if (--active == 0) activity.notifyAll();
        }
    }

    private static Receipt.Verdict verdict(Optional<LedgerEntry> known, String fingerprint) {
        if (known.isEmpty()) return Receipt.Verdict.NEW;
        if (!known.get().fingerprint().equals(fingerprint)) return Receipt.Verdict.CONFLICT;
        return known.get().done() ? Receipt.Verdict.DUPLICATE : Receipt.Verdict.RESUMED;
    }

    private IntentResult process(OrderIntent intent, String fingerprint, Optional<LedgerEntry> known) throws InterruptedException {
        if (known.isPresent() && known.get().done()) return duplicate(known.get(), fingerprint);
        CompletableFuture<IntentResult> mine = new CompletableFuture<>();
        CompletableFuture<IntentResult> other = inFlight.putIfAbsent(intent.getIntentId(), mine);
        if (other != null) {
            IntentResult first = await(other);
            return duplicate(ledger.find(intent.getIntentId()).orElseThrow(() -> new IllegalStateException(
                    "intent " + first.intentId() + " vanished from the ledger")), fingerprint);
        }
        try {
            // the first caller may have completed it and left between our read and our claim: read again
            if (known.isPresent()) {
                known = ledger.find(intent.getIntentId());
                if (known.isPresent() && known.get().done()) {
                    IntentResult d = duplicate(known.get(), fingerprint);
                    mine.complete(d);
                    return d;
                }
            }
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
        int n = 0;
        // page by page: however many a crash left, only a page of them is in memory at once
        LedgerPage.Cursor at = null;
        do {
            LedgerPage page = ledger.pending(at, ledger.pageRows());
            for (LedgerEntry e : page.entries()) {
                LOG.info("completing intent {} left pending by the previous run", e.intent().getIntentId());
                process(e.intent(), e.fingerprint(), Optional.of(e));
                metrics.intentsRecovered.increment();
                n++;
            }
            at = page.next();
        } while (at != null);
        return n;
    }

    private IntentResult finishPending(LedgerEntry entry) throws InterruptedException {
        awaitBook(entry.intent());
        return execute(entry.intent(), true);
    }

    private IntentResult decide(OrderIntent intent, String fingerprint) throws InterruptedException {
        awaitBook(intent);
        List<String> missingPrice = new ArrayList<>();
        BigDecimal notional = BigDecimal.ZERO;
        for (OrderLeg leg : intent.getLegs()) {
            Quote q = books.asOf(intent.getInstrument(), leg.getVenue(), pricing.fillTimeUs(intent));
            Double book = q == null ? null : leg.getSide() == Side.BUY ? q.ask() : q.bid();
            Double limit = leg.getLimitPrice();
            // the notional counted must bound what the leg can trade at: a sell fills at the bid whenever that is above
            // its limit (a low limit must not shrink it), a buy at the ask up to its limit; so the higher of the two
            Double price = limit == null ? book : book == null ? limit : Double.valueOf(Math.max(limit, book));
            if (price == null) {
                missingPrice.add(leg.getVenue());
                continue;
            }
            notional = notional.add(BigDecimal.valueOf(leg.getQuantity()).multiply(BigDecimal.valueOf(price)));
        }
        BigDecimal gross = notional;
        String refused = tradingRefused;
        Function<Exposure, RiskCheck.Refusal> rule = refused != null ? e -> new RiskCheck.Refusal("reconciliation", refused)
                : missingPrice.isEmpty() ? e -> risk.check(intent, gross, e)
                : e -> new RiskCheck.Refusal("no_price", "no limit price and no book to price legs on " + String.join(", ", missingPrice));
        io.spreadflow.execution.ledger.LedgerDecision d = ledger.decide(intent, fingerprint, gross, RiskCheck.addsExposure(intent.getPurpose()), rule,
                reason -> rejections(intent, reason));
        switch (d.outcome()) {
            case KNOWN:
                return duplicate(ledger.find(intent.getIntentId()).orElseThrow(), fingerprint);
            case REJECTED:
                metrics.rejected(d.refusal().rule());
                reportsWritten.run();
                return new IntentResult(intent.getIntentId(), ExecutionStatus.REJECTED.name(), d.refusal().reason(), false, false, d.reports());
            default:
                return execute(intent, false);
        }
    }

    /** {@code resuming}: a previous run recorded the intent and may have sent its legs, so the venue is asked first. */
    private IntentResult execute(OrderIntent intent, boolean resuming) {
        List<ExecutionReport> reports = new ArrayList<>();
        for (int i = 0; i < intent.getLegs().size(); i++) reports.add(resuming ? venue.resume(intent, i) : venue.execute(intent, i));
        String status = outcome(reports);
        String reason = reports.stream().map(ExecutionReport::getReason).filter(r -> r != null).findFirst().orElse(null);
        if (!ledger.complete(intent, status, reports)) {
            // another caller completed it first; its record is the one that counts
            return result(ledger.find(intent.getIntentId()).orElseThrow()).asDuplicate(false);
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

    /** The service is shutting down and takes no new intents; the caller may send them again later. */
    public static final class Stopping extends RuntimeException {
        Stopping() {
            super("the execution service is shutting down");
        }
    }

    /**
     * A request named an intent id the ledger holds with other content. Nothing of the request was acted
     * on; {@link #stored()} holds the stored result of each conflicting id (flagged as conflict).
     */
    public static final class IntentConflict extends RuntimeException {
        private final List<IntentResult> stored;

        IntentConflict(List<IntentResult> stored) {
            super("intent id conflict: " + stored.stream().map(IntentResult::intentId).toList());
            this.stored = List.copyOf(stored);
        }

        public List<IntentResult> stored() {
            return stored;
        }
    }
}
