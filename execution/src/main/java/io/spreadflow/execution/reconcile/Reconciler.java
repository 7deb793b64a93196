package io.spreadflow.execution.reconcile;

import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.ledger.LedgerEntry;
import io.spreadflow.execution.ledger.PositionRow;
import io.spreadflow.execution.venue.Holdings;
import io.spreadflow.execution.venue.LiveVenue;
import io.spreadflow.execution.venue.VenueApi;
import io.spreadflow.execution.venue.VenueException;
import io.spreadflow.execution.venue.VenueOrder;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Compares what each live venue says — open orders, balances or positions, the orders of intents the
 * ledger left RECEIVED — with what the ledger says, without trading. Mismatches: an open order the
 * ledger does not know; a futures position other than the ledger's fills (plus those of RECEIVED legs
 * the venue already filled); a spot balance smaller than the ledger's net holding; a venue that cannot
 * be read. RECEIVED legs are not mismatches: they are completed by looking up their client ids.
 */
public final class Reconciler {

    private final IntentLedger ledger;
    private final Map<String, LiveVenue> venues;

    public Reconciler(IntentLedger ledger, Map<String, LiveVenue> venues) {
        this.ledger = ledger;
        this.venues = Map.copyOf(venues);
    }

    /** @param extraInstruments instruments to check besides those the ledger names (e.g. {@code BTC-USDT}) */
    public ReconcileReport compare(Collection<String> extraInstruments) {
        List<ReconcileReport.Line> lines = new ArrayList<>();
        List<PositionRow> positions = ledger.positions();
        List<LedgerEntry> pending = ledger.pending();
        for (String venue : new TreeSet<>(venues.keySet())) {
            try {
                compareVenue(venue, venues.get(venue), positions, pending, extraInstruments, lines);
            } catch (VenueException e) {
                lines.add(ReconcileReport.Line.mismatch(venue, "venue", "-", "cannot be read: " + e.describe()));
            }
        }
        return new ReconcileReport(lines);
    }

    private void compareVenue(String venue, LiveVenue live, List<PositionRow> positions, List<LedgerEntry> pending,
                              Collection<String> extra, List<ReconcileReport.Line> lines) throws VenueException {
        VenueApi api = live.api();
        TreeSet<String> instruments = new TreeSet<>(extra);
        Map<String, BigDecimal> ledgerNet = new LinkedHashMap<>();
        for (PositionRow p : positions) {
            if (!p.venue().equals(venue)) continue;
            instruments.add(p.instrument());
            ledgerNet.merge(p.instrument(), p.netQty(), BigDecimal::add);
        }
        Map<String, String> pendingIds = new LinkedHashMap<>();
        Map<String, BigDecimal> pendingFilled = new LinkedHashMap<>();
        for (LedgerEntry e : pending) {
            OrderIntent i = e.intent();
            for (int k = 0; k < i.getLegs().size(); k++) {
                OrderLeg leg = i.getLegs().get(k);
                if (!leg.getVenue().equals(venue)) continue;
                instruments.add(i.getInstrument());
                String cid = api.clientId(i, k);
                String what = "intent " + i.getIntentId() + " leg " + k;
                pendingIds.put(cid, what);
                String symbol = api.symbol(i.getInstrument());
                Optional<VenueOrder> o = api.query(symbol, cid);
                BigDecimal filled = o.isPresent() ? o.get().filledQty().multiply(live.rules(symbol).contractSize()) : BigDecimal.ZERO;
                pendingFilled.merge(i.getInstrument(), leg.getSide() == Side.BUY ? filled : filled.negate(), BigDecimal::add);
                lines.add(ReconcileReport.Line.match(venue, what + " (" + cid + ")", "RECEIVED, to be completed",
                        o.map(v -> v.venueStatus() + ", filled " + plain(v.filledQty())).orElse("never placed")));
            }
        }
        for (String instrument : instruments) {
            String symbol = api.symbol(instrument);
            for (VenueOrder o : api.openOrders(symbol)) {
                String known = pendingIds.get(o.clientId());
                if (known != null) continue;
                lines.add(ReconcileReport.Line.mismatch(venue, "open order " + o.clientId() + " on " + symbol, "unknown",
                        "open, " + plain(o.filledQty()) + " of " + plain(o.quantity()) + " filled"));
            }
        }
        Holdings h = api.holdings();
        for (String instrument : instruments) {
            String symbol = api.symbol(instrument);
            BigDecimal expected = ledgerNet.getOrDefault(instrument, BigDecimal.ZERO).add(pendingFilled.getOrDefault(instrument, BigDecimal.ZERO));
            if (api.futures()) {
                BigDecimal actual = h.position(symbol);
                String l = plain(expected);
                if (actual.compareTo(expected) == 0) lines.add(ReconcileReport.Line.match(venue, "position " + symbol, l, plain(actual)));
                else lines.add(ReconcileReport.Line.mismatch(venue, "position " + symbol, l, plain(actual)));
            } else {
                String base = live.rules(symbol).baseAsset();
                BigDecimal actual = h.balance(base);
                String l = "net " + plain(expected) + " " + base;
                if (actual.compareTo(expected) >= 0) lines.add(ReconcileReport.Line.match(venue, "balance " + base, l, plain(actual)));
                else lines.add(ReconcileReport.Line.mismatch(venue, "balance " + base, l, plain(actual) + " (less than the ledger holds)"));
            }
        }
        if (api.futures()) {
            for (Map.Entry<String, BigDecimal> p : h.positions().entrySet()) {
                boolean covered = instruments.stream().anyMatch(i -> api.symbol(i).equals(p.getKey()));
                if (!covered) lines.add(ReconcileReport.Line.mismatch(venue, "position " + p.getKey(), "none", plain(p.getValue())));
            }
        }
    }

    private static String plain(BigDecimal v) {
        return v == null ? "?" : v.stripTrailingZeros().toPlainString();
    }
}
