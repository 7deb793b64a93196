package io.spreadflow.engine.market;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.indicator.IndicatorSet;
import io.spreadflow.engine.strategy.MarketView;

/**
 * The reusable {@link MarketView} of one row. Venue slots follow {@link StrategyConfig.VenueRoles#all()}:
 * spot venues in role order, then the futures venue. Not thread-safe: one per engine thread, pointed at
 * the quote board or the closed bar for every row: it reads their prices in place, so the per-row path
 * neither copies nor allocates. The source must not change while the row is in use.
 */
public final class MarketRow implements MarketView {

    private final StrategyConfig.VenueRoles roles;
    private final String[] venues;
    private final int spotCount;
    private final int futures;
    private final int spreadVenues;
    private final boolean cheapest;
    /** Under CHEAPEST: the spot venue with the lowest ask on this row. */
    private int cheapestSpot;
    private double[] bid;
    private double[] ask;
    private double[] bidQty;
    private double[] askQty;
    private long[] ts;
    private final double[] entry;
    private final double[] exit;
    /** Taker fees of spot venue k and the futures venue together, percent of notional. */
    private final double[] feesPct;
    private final double combinedFeesPct;
    private double combined;
    private double combinedExit;
    /** Exit spreads are computed on first use: most rows never read them. */
    private boolean exitReady;
    private long timeUs;
    private long rowIndex;
    private IndicatorSet indicators;

    /** A row combining the spot venues as {@code true} = {@code MEAN}, {@code false} = {@code SPOT_A}, without fees. */
    public MarketRow(StrategyConfig.VenueRoles roles, boolean multiSpot) {
        this(roles, multiSpot ? StrategyConfig.MultiSpot.MEAN : StrategyConfig.MultiSpot.SPOT_A, java.util.Map.of());
    }

    /** A row without fees: net spreads equal gross spreads. */
    public MarketRow(StrategyConfig.VenueRoles roles, StrategyConfig.MultiSpot multiSpot) {
        this(roles, multiSpot, java.util.Map.of());
    }

    /** A row whose net spreads subtract the taker fees of {@code fees} (venues not named trade free). */
    public MarketRow(StrategyConfig.VenueRoles roles, StrategyConfig.MultiSpot multiSpot,
                     java.util.Map<String, StrategyConfig.VenueFees> fees) {
        this.roles = roles;
        this.venues = roles.all().toArray(String[]::new);
        this.spotCount = roles.spot().size();
        this.futures = roles.hasFutures() ? spotCount : -1;
        this.spreadVenues = multiSpot == StrategyConfig.MultiSpot.MEAN ? spotCount : Math.min(1, spotCount);
        this.cheapest = multiSpot == StrategyConfig.MultiSpot.CHEAPEST && spotCount > 1;
        entry = new double[Math.max(1, spotCount)];
        exit = new double[Math.max(1, spotCount)];
        feesPct = new double[Math.max(1, spotCount)];
        double futFee = roles.hasFutures() ? takerPct(fees, roles.futures()) : 0;
        for (int k = 0; k < spotCount; k++) feesPct[k] = takerPct(fees, roles.spot().get(k)) + futFee;
        combinedFeesPct = spotCount == 0 ? 0 : Spreads.mean(feesPct, spreadVenues);
    }

    private static double takerPct(java.util.Map<String, StrategyConfig.VenueFees> fees, String venue) {
        StrategyConfig.VenueFees f = fees.get(venue);
        return f == null ? 0 : f.taker().doubleValue() * 100;
    }

    /** Fills the row from a closed bar. */
    public void load(BarAggregator bar, long timeUs, long rowIndex, IndicatorSet indicators) {
        point(bar.quotes);
        finish(timeUs, rowIndex, indicators);
    }

    /** Fills the row from the latest quotes. */
    public void load(QuoteBoard board, long timeUs, long rowIndex, IndicatorSet indicators) {
        point(board.quotes);
        finish(timeUs, rowIndex, indicators);
    }

    private void point(VenueQuotes quotes) {
        if (quotes.venueCount() != venues.length) {
            throw new IllegalArgumentException("source has " + quotes.venueCount() + " venues, the row " + venues.length);
        }
        this.bid = quotes.bid;
        this.ask = quotes.ask;
        this.bidQty = quotes.bidQty;
        this.askQty = quotes.askQty;
        this.ts = quotes.ts;
    }

    private void finish(long timeUs, long rowIndex, IndicatorSet indicators) {
        this.timeUs = timeUs;
        this.rowIndex = rowIndex;
        this.indicators = indicators;
        if (futures >= 0 && spotCount > 0) {
            double fb = bid[futures];
            for (int k = 0; k < spotCount; k++) entry[k] = Spreads.entry(fb, ask[k]);
            if (cheapest) {
                int c = 0;
                for (int k = 1; k < spotCount; k++) if (ask[k] < ask[c]) c = k;
                cheapestSpot = c;
                combined = entry[c];
            } else {
                combined = Spreads.mean(entry, spreadVenues);
            }
            exitReady = false;
        } else {
            combined = Double.NaN;
            combinedExit = Double.NaN;
            exitReady = true;
        }
    }

    private void computeExit() {
        double fa = ask[futures];
        for (int k = 0; k < spotCount; k++) exit[k] = Spreads.exit(fa, bid[k]);
        if (cheapest) {
            combinedExit = exit[richestSpot()];
        } else {
            combinedExit = Spreads.mean(exit, spreadVenues);
        }
        exitReady = true;
    }

    @Override
    public long timeUs() {
        return timeUs;
    }

    @Override
    public long rowIndex() {
        return rowIndex;
    }

    @Override
    public StrategyConfig.VenueRoles venues() {
        return roles;
    }

    @Override
    public int spotCount() {
        return spotCount;
    }

    @Override
    public double spotBid(int spot) {
        return bid[checkSpot(spot)];
    }

    @Override
    public double spotAsk(int spot) {
        return ask[checkSpot(spot)];
    }

    @Override
    public double futuresBid() {
        return futures >= 0 ? bid[futures] : Double.NaN;
    }

    @Override
    public double futuresAsk() {
        return futures >= 0 ? ask[futures] : Double.NaN;
    }

    @Override
    public Quote quote(String venue) {
        for (int i = 0; i < venues.length; i++) {
            if (venues[i].equals(venue)) return new Quote(venues[i], bid[i], bidQty[i], ask[i], askQty[i], ts[i]);
        }
        return null;
    }

    @Override
    public double entrySpread(int spot) {
        checkSpot(spot);
        return futures >= 0 ? entry[spot] : Double.NaN;
    }

    @Override
    public double exitSpread(int spot) {
        checkSpot(spot);
        if (!exitReady) computeExit();
        return futures >= 0 ? exit[spot] : Double.NaN;
    }

    @Override
    public double combinedSpread() {
        return combined;
    }

    @Override
    public double combinedExitSpread() {
        if (!exitReady) computeExit();
        return combinedExit;
    }

    @Override
    public double takerFeesPct(int spot) {
        return feesPct[checkSpot(spot)];
    }

    @Override
    public double combinedTakerFeesPct() {
        return combinedFeesPct;
    }

    @Override
    public int buySpot() {
        return cheapest ? cheapestSpot : 0;
    }

    @Override
    public int sellSpot() {
        return cheapest ? richestSpot() : 0;
    }

    private int richestSpot() {
        int r = 0;
        for (int k = 1; k < spotCount; k++) if (bid[k] > bid[r]) r = k;
        return r;
    }

    @Override
    public double heldSpread(int spot) {
        checkSpot(spot);
        return futures < 0 ? Double.NaN : cheapest ? entry[spot] : combined;
    }

    @Override
    public double indicator(String name) {
        return indicators.value(name);
    }

    /** The values of all declared indicators, for signal records. */
    public IndicatorSet indicators() {
        return indicators;
    }

    private int checkSpot(int spot) {
        if (spot < 0 || spot >= spotCount) throw new IndexOutOfBoundsException("spot venue " + spot + " of " + spotCount);
        return spot;
    }
}
