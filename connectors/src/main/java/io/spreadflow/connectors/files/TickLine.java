package io.spreadflow.connectors.files;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.Market;

import java.util.HashMap;
import java.util.Map;

/**
 * One tick of a tick file, refilled line after line so that reading allocates nothing per tick beyond
 * the line itself: a field scanner over the line instead of {@code String.split}, and the instrument,
 * venue and market of each (venue, symbol) pair resolved once. A number is read directly only when the
 * result is certainly the one {@code Double.parseDouble} gives (at most 15 significant digits, no
 * exponent: the digits and the power of ten are both exact doubles, so one correctly rounded division
 * is the correctly rounded value); anything else, including every malformed line, goes through the
 * reference parsers ({@link TickFileReader#parseCanonical}, {@link TickFileReader#parseBinance}),
 * which also word the refusal.
 *
 * <p>Valid until the reader moves on; {@link #toBookTicker} keeps a copy.
 */
public final class TickLine {

    /** Stands for an absent exchange time or update id. */
    public static final long ABSENT = Long.MIN_VALUE;

    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++, p *= 10) POW10[i] = p;
    }

    private String instrument;
    private String venue;
    private String venueSymbol;
    private Market market;
    private double bidPrice;
    private double bidQty;
    private double askPrice;
    private double askQty;
    private long receiveTsUs;
    private long exchangeTsUs = ABSENT;
    private long updateId = ABSENT;

    /** Resolved names by "venue,symbol" as written in the file. */
    private final Map<String, Names> names = new HashMap<>();
    /** The pair of the previous line: a file mostly repeats one, and then no lookup key is cut out. */
    private String lastPair;
    private Names lastNames;
    private final int[] commas = new int[10];

    TickLine() {}

    private record Names(String instrument, String venue, String venueSymbol, Market market) {}

    public String instrument() {
        return instrument;
    }

    public String venue() {
        return venue;
    }

    public String venueSymbol() {
        return venueSymbol;
    }

    public Market market() {
        return market;
    }

    public double bidPrice() {
        return bidPrice;
    }

    public double bidQty() {
        return bidQty;
    }

    public double askPrice() {
        return askPrice;
    }

    public double askQty() {
        return askQty;
    }

    /** Local receive time, epoch microseconds: the event time and the merge order. */
    public long receiveTsUs() {
        return receiveTsUs;
    }

    /** Venue time in epoch microseconds, or {@link #ABSENT}. */
    public long exchangeTsUs() {
        return exchangeTsUs;
    }

    /** The venue's update id, or {@link #ABSENT}. */
    public long updateId() {
        return updateId;
    }

    /** This tick as a record of its own, for callers that keep it. */
    public BookTicker toBookTicker() {
        return BookTicker.newBuilder()
                .setInstrument(instrument)
                .setVenue(venue)
                .setMarket(market)
                .setVenueSymbol(venueSymbol)
                .setReceiveTsUs(receiveTsUs)
                .setBidPrice(bidPrice)
                .setBidQty(bidQty)
                .setAskPrice(askPrice)
                .setAskQty(askQty)
                .setExchangeTsUs(exchangeTsUs == ABSENT ? null : exchangeTsUs)
                .setUpdateId(updateId == ABSENT ? null : updateId)
                .build();
    }

    /** Takes the values of a record (an Avro file's). */
    void set(BookTicker t) {
        instrument = t.getInstrument();
        venue = t.getVenue();
        venueSymbol = t.getVenueSymbol();
        market = t.getMarket();
        bidPrice = t.getBidPrice();
        bidQty = t.getBidQty();
        askPrice = t.getAskPrice();
        askQty = t.getAskQty();
        receiveTsUs = t.getReceiveTsUs();
        exchangeTsUs = t.getExchangeTsUs() == null ? ABSENT : t.getExchangeTsUs();
        updateId = t.getUpdateId() == null ? ABSENT : t.getUpdateId();
    }

    /** Parses {@code line}; throws IllegalArgumentException with the reason for a line that is not a tick. */
    void parse(String line, boolean binance) {
        int fields = binance ? 10 : 7;
        if (!scan(line, fields) || !fast(line, binance)) set(binance ? TickFileReader.parseBinance(line) : TickFileReader.parseCanonical(line));
    }

    /** Finds the field separators; false unless there are exactly {@code fields} fields. */
    private boolean scan(String line, int fields) {
        int n = 0;
        for (int i = line.indexOf(','); i >= 0; i = line.indexOf(',', i + 1)) {
            if (n == fields - 1) return false;
            commas[n++] = i;
        }
        return n == fields - 1;
    }

    private int start(int field) {
        return field == 0 ? 0 : commas[field - 1] + 1;
    }

    private int end(String line, int field, int fields) {
        return field == fields - 1 ? line.length() : commas[field];
    }

    private boolean fast(String line, boolean binance) {
        int fields = binance ? 10 : 7;
        if (!resolveNames(line, fields)) return false;
        int p = binance ? 6 : 3;
        double bp = number(line, start(p), end(line, p, fields));
        double bq = number(line, start(p + 1), end(line, p + 1, fields));
        double ap = number(line, start(p + 2), end(line, p + 2, fields));
        double aq = number(line, start(p + 3), end(line, p + 3, fields));
        if (Double.isNaN(bp) || Double.isNaN(bq) || Double.isNaN(ap) || Double.isNaN(aq)) return false;
        long ts = integer(line, 0, end(line, 0, fields));
        if (ts == Long.MIN_VALUE) return false;
        if (binance) {
            long updateIdField = blank(line, 3, fields) ? ABSENT : integer(line, start(3), end(line, 3, fields));
            long eventMs = blank(line, 4, fields) ? ABSENT : integer(line, start(4), end(line, 4, fields));
            if (updateIdField == Long.MIN_VALUE && !blank(line, 3, fields)) return false;
            if (eventMs == Long.MIN_VALUE && !blank(line, 4, fields)) return false;
            if (eventMs != ABSENT && Math.abs(eventMs) > Long.MAX_VALUE / 1000) return false;
            receiveTsUs = Math.floorDiv(ts, 1000L);
            updateId = updateIdField;
            exchangeTsUs = eventMs == ABSENT ? ABSENT : eventMs * 1000L;
        } else {
            receiveTsUs = ts;
            updateId = ABSENT;
            exchangeTsUs = ABSENT;
        }
        bidPrice = bp;
        bidQty = bq;
        askPrice = ap;
        askQty = aq;
        return true;
    }

    private boolean blank(String line, int field, int fields) {
        for (int i = start(field), e = end(line, field, fields); i < e; i++) {
            if (!Character.isWhitespace(line.charAt(i))) return false;
        }
        return true;
    }

    private boolean resolveNames(String line, int fields) {
        int from = start(1);
        int to = end(line, 2, fields);
        Names n;
        if (lastPair != null && lastPair.length() == to - from && line.regionMatches(from, lastPair, 0, to - from)) {
            n = lastNames;
        } else {
            String pair = line.substring(from, to);
            n = names.get(pair);
            if (n == null) {
                int comma = pair.indexOf(',');
                String v = pair.substring(0, comma).trim();
                String s = pair.substring(comma + 1).trim();
                try {
                    n = new Names(Instruments.canonical(s), v, s, Instruments.marketOf(v));
                } catch (IllegalArgumentException e) {
                    return false;
                }
                names.put(pair, n);
            }
            lastPair = pair;
            lastNames = n;
        }
        instrument = n.instrument();
        venue = n.venue();
        venueSymbol = n.venueSymbol();
        market = n.market();
        return true;
    }

    /** A plain decimal ({@code -?digits[.digits]}, at most 15 significant digits), or NaN when unsure. */
    private static double number(String line, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && line.charAt(i) == '-') {
            negative = true;
            i++;
        }
        long m = 0;
        int digits = 0;
        int significant = 0;
        int scale = -1;
        for (; i < to; i++) {
            char c = line.charAt(i);
            if (c == '.') {
                if (scale >= 0) return Double.NaN;
                scale = 0;
                continue;
            }
            if (c < '0' || c > '9') return Double.NaN;
            digits++;
            if (significant > 0 || c != '0') significant++;
            if (significant > 15) return Double.NaN;
            m = m * 10 + (c - '0');
            if (scale >= 0) scale++;
        }
        if (digits == 0 || scale > 22) return Double.NaN;
        double v = scale > 0 ? m / POW10[scale] : m;
        return negative ? -v : v;
    }

    /** A plain integer ({@code -?digits}, at most 18 digits), or Long.MIN_VALUE when unsure. */
    private static long integer(String line, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && line.charAt(i) == '-') {
            negative = true;
            i++;
        }
        if (i == to || to - i > 18) return Long.MIN_VALUE;
        long v = 0;
        for (; i < to; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') return Long.MIN_VALUE;
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }
}
