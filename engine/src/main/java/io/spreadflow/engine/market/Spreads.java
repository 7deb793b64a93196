package io.spreadflow.engine.market;

/**
 * The spot/futures spreads of DESIGN §3, in percent, with the reference's order of operations (the
 * denominator is the futures price of the same side).
 */
public final class Spreads {

    private Spreads() {}

    /** Buy spot at its ask, sell futures at its bid: {@code (F.bid − S.ask)/F.bid·100}. */
    public static double entry(double futuresBid, double spotAsk) {
        return (futuresBid - spotAsk) / futuresBid * 100;
    }

    /** Sell spot at its bid, buy futures at its ask: {@code (F.ask − S.bid)/F.ask·100}. */
    public static double exit(double futuresAsk, double spotBid) {
        return (futuresAsk - spotBid) / futuresAsk * 100;
    }

    /** Buy on one spot venue, sell on another: {@code (sell.bid − buy.ask)/buy.ask·100}. */
    public static double spotToSpot(double buyAsk, double sellBid) {
        return (sellBid - buyAsk) / buyAsk * 100;
    }

    /**
     * The mean of {@code values[0..n)} summed left to right, then divided by n. For two venues this is
     * {@code (a + b)/2} as in the reference; for one it is the value itself, which equals the
     * reference's duplicated-spot-A mean {@code (a + a)/2} exactly.
     */
    public static double mean(double[] values, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += values[i];
        return n == 1 ? values[0] : s / n;
    }
}
