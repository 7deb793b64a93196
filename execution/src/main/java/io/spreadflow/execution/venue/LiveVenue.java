package io.spreadflow.execution.venue;

import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A leg on a real venue through its {@link VenueApi}: the leg is fitted to the symbol's rules (or
 * refused before anything is sent), placed once as an immediate-or-cancel order under its client id,
 * and settled. When the venue does not answer, the order is looked up by client id before anything is
 * decided; it is never placed a second time. An order still open after {@code fillWait} is canceled.
 * Fees are reported in the quote currency when they were charged in base or quote.
 */
public final class LiveVenue implements VenueAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(LiveVenue.class);
    private static final int LOOKUPS = 4;

    /** A recent price of a leg (to check a market order's notional), {@code null} when there is none. */
    @FunctionalInterface
    public interface ReferencePrice {
        BigDecimal of(OrderIntent intent, int legIndex);
    }

    private final VenueApi api;
    private final ReferencePrice refs;
    private final Duration fillWait;
    private final Map<String, SymbolRules> rules = new ConcurrentHashMap<>();

    public LiveVenue(VenueApi api, ReferencePrice refs, Duration fillWait) {
        this.api = api;
        this.refs = refs;
        this.fillWait = fillWait;
    }

    public VenueApi api() {
        return api;
    }

    @Override
    public ExecutionReport execute(OrderIntent intent, int legIndex) {
        return run(intent, legIndex, false);
    }

    @Override
    public ExecutionReport resume(OrderIntent intent, int legIndex) {
        return run(intent, legIndex, true);
    }

    /**
     * The base quantity leg {@code legIndex} would be sent with after the symbol's rules, or
     * {@code null} when the rules cannot be read or refuse the leg.
     */
    public BigDecimal sendableQuantity(OrderIntent intent, int legIndex) {
        OrderLeg leg = intent.getLegs().get(legIndex);
        try {
            SymbolRules sr = rules(api.symbol(intent.getInstrument()));
            BigDecimal limit = leg.getLimitPrice() == null ? null : BigDecimal.valueOf(leg.getLimitPrice());
            return LegSizing.size(sr, "probe", leg.getSide(), BigDecimal.valueOf(leg.getQuantity()), limit, leg.getReduceOnly(),
                    refs.of(intent, legIndex)) instanceof LegSizing.Sized s ? s.baseQty() : null;
        } catch (VenueException | RuntimeException e) {
            return null;
        }
    }

    /** The symbol's rules, loaded once from the exchange-info endpoint. */
    public SymbolRules rules(String symbol) throws VenueException {
        SymbolRules r = rules.get(symbol);
        if (r == null) {
            r = api.rules(symbol);
            rules.put(symbol, r);
        }
        return r;
    }

    private ExecutionReport run(OrderIntent intent, int legIndex, boolean resuming) {
        try {
            return attempt(intent, legIndex, resuming);
        } catch (RuntimeException e) {
            // an answer the adapter cannot read (a number that is not one, a missing field): the order may exist
            LOG.warn("{} leg {} of intent {}: unreadable venue answer", api.venue(), legIndex, intent.getIntentId(), e);
            OrderLeg leg = intent.getLegs().get(legIndex);
            return ExecutionReport.newBuilder().setIntentId(intent.getIntentId()).setInstrument(intent.getInstrument())
                    .setLegIndex(legIndex).setVenue(leg.getVenue()).setSide(leg.getSide()).setIntentEventTsUs(intent.getEventTsUs())
                    .setFilledQty(0.0).setFee(0.0).setFeeCurrency("").setVenueOrderId(api.clientId(intent, legIndex))
                    .setStatus(ExecutionStatus.UNKNOWN).setReason("unreadable answer from " + api.venue() + ": " + e.getMessage()
                            + "; reconcile before trading on").build();
        }
    }

    private ExecutionReport attempt(OrderIntent intent, int legIndex, boolean resuming) {
        OrderLeg leg = intent.getLegs().get(legIndex);
        String symbol = api.symbol(intent.getInstrument());
        String clientId = api.clientId(intent, legIndex);
        ExecutionReport.Builder r = ExecutionReport.newBuilder()
                .setIntentId(intent.getIntentId()).setInstrument(intent.getInstrument()).setLegIndex(legIndex)
                .setVenue(leg.getVenue()).setSide(leg.getSide()).setIntentEventTsUs(intent.getEventTsUs())
                .setFilledQty(0.0).setFee(0.0).setFeeCurrency("").setVenueOrderId(clientId);
        SymbolRules sr;
        try {
            sr = rules(symbol);
        } catch (VenueException e) {
            return r.setStatus(ExecutionStatus.REJECTED).setReason("cannot load " + symbol + " rules, nothing sent: " + e.describe()).build();
        }
        try {
            if (resuming) {
                Optional<VenueOrder> known = api.query(symbol, clientId);
                if (known.isPresent()) {
                    LOG.info("{} already has order {} of intent {}: not placing it again", api.venue(), clientId, intent.getIntentId());
                    return report(r, sr, settle(symbol, known.get()));
                }
            }
            BigDecimal limit = leg.getLimitPrice() == null ? null : BigDecimal.valueOf(leg.getLimitPrice());
            LegSizing.Outcome sized = LegSizing.size(sr, clientId, leg.getSide(), BigDecimal.valueOf(leg.getQuantity()), limit,
                    leg.getReduceOnly(), refs.of(intent, legIndex));
            if (sized instanceof LegSizing.Refused refused) {
                return r.setStatus(ExecutionStatus.REJECTED).setReason(RejectReason.SYMBOL_RULES.code() + ": " + refused.reason()
                        + "; nothing sent").build();
            }
            LegOrder order = ((LegSizing.Sized) sized).order();
            VenueOrder placed;
            try {
                placed = api.place(order);
            } catch (VenueException e) {
                if (e.kind() == VenueException.Kind.REJECTED) {
                    return r.setStatus(ExecutionStatus.REJECTED).setReason(e.describe()).build();
                }
                LOG.warn("{} order {}: {}; looking it up by client id", api.venue(), clientId, e.getMessage());
                Optional<VenueOrder> found = lookUp(symbol, clientId);
                if (found.isEmpty()) {
                    return r.setStatus(ExecutionStatus.UNKNOWN).setReason(e.describe() + "; " + api.venue() + " does not know client id "
                            + clientId + " yet; not placed again, reconcile before trading on").build();
                }
                placed = found.get();
            }
            return report(r, sr, settle(symbol, placed));
        } catch (VenueException e) {
            ExecutionStatus s = e.kind() == VenueException.Kind.UNKNOWN ? ExecutionStatus.UNKNOWN : ExecutionStatus.REJECTED;
            return r.setStatus(s).setReason(e.describe()).build();
        }
    }

    /** Asks for the order a few times, waiting longer each time, while the venue gives no answer. */
    private Optional<VenueOrder> lookUp(String symbol, String clientId) throws VenueException {
        VenueException last = null;
        for (int i = 0; i < LOOKUPS; i++) {
            try {
                Optional<VenueOrder> o = api.query(symbol, clientId);
                if (o.isPresent() || i == LOOKUPS - 1) return o;
            } catch (VenueException e) {
                if (e.kind() != VenueException.Kind.UNKNOWN) throw e;
                last = e;
            }
            sleep(Duration.ofMillis(100L << i));
        }
        throw last != null ? last : VenueException.unknown(clientId + " not found");
    }

    /** Waits for an open order to finish; cancels it when it is still open after {@code fillWait}. */
    private VenueOrder settle(String symbol, VenueOrder o) throws VenueException {
        long deadline = System.nanoTime() + fillWait.toNanos();
        while (o.open() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(50));
            o = api.query(symbol, o.clientId()).orElse(o);
        }
        return o.open() ? api.cancel(symbol, o.clientId()) : o;
    }

    private ExecutionReport report(ExecutionReport.Builder r, SymbolRules sr, VenueOrder o) {
        BigDecimal filled = o.filledQty().multiply(sr.contractSize());
        r.setVenueOrderId(o.venueOrderId() != null ? o.venueOrderId() : o.clientId()).setFilledQty(filled.doubleValue());
        if (filled.signum() > 0 && o.avgPrice() != null) r.setAvgPrice(o.avgPrice().doubleValue());
        BigDecimal fee = o.fee();
        String feeCurrency = o.feeCurrency();
        if (feeCurrency.equals(sr.baseAsset()) && o.avgPrice() != null) {
            fee = fee.multiply(o.avgPrice(), MathContext.DECIMAL64);
            feeCurrency = sr.quoteAsset();
        } else if (feeCurrency.isEmpty()) {
            feeCurrency = sr.quoteAsset();
        }
        r.setFee(fee.doubleValue()).setFeeCurrency(feeCurrency);
        boolean full = o.quantity() != null && o.filledQty().compareTo(o.quantity()) >= 0;
        ExecutionStatus s = switch (o.state()) {
            case FILLED -> ExecutionStatus.FILLED;
            case CANCELED -> full ? ExecutionStatus.FILLED : filled.signum() == 0 && o.rejection() != null
                    ? ExecutionStatus.REJECTED : ExecutionStatus.CANCELED;
            case REJECTED -> ExecutionStatus.REJECTED;
            case OPEN -> ExecutionStatus.UNKNOWN;
        };
        r.setStatus(s);
        if (s != ExecutionStatus.FILLED) {
            String why = o.rejection() != null ? o.rejection().code() + ": " : "";
            r.setReason(why + api.venue() + " order " + o.clientId() + " ended " + o.venueStatus());
        }
        return r.build();
    }

    private static void sleep(Duration d) throws VenueException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VenueException.unknown("interrupted");
        }
    }

    @Override
    public String toString() {
        return "LiveVenue[" + api + "]";
    }
}
