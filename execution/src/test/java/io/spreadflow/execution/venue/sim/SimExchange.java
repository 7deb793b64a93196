package io.spreadflow.execution.venue.sim;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The venue-neutral state of the simulator: markets with a fixed book, an account's balances (spot)
 * or positions (futures, in contracts), and the orders placed. Orders are immediate-or-cancel and fill
 * against the book's levels, which stay as they are (each order sees the same book), so an order
 * larger than the levels its limit reaches fills partly. The venue dialects turn its outcomes into
 * each venue's documented answers.
 */
public final class SimExchange {

    /** One price level, size in the venue's unit. */
    public record Level(BigDecimal price, BigDecimal qty) {
        public static Level of(String price, String qty) {
            return new Level(new BigDecimal(price), new BigDecimal(qty));
        }
    }

    /** A market: its book (best first) and rules, in the venue's units. */
    public record Market(String symbol, String base, String quote, List<Level> bids, List<Level> asks, BigDecimal contractSize,
                         BigDecimal tickSize, BigDecimal stepSize, BigDecimal minQty, BigDecimal minNotional) {
        BigDecimal mid() {
            return bids.get(0).price().add(asks.get(0).price()).divide(BigDecimal.valueOf(2), MathContext.DECIMAL64);
        }
    }

    /** Why the simulated venue refuses an order; each dialect answers with its documented error. */
    public enum Refusal { UNKNOWN_SYMBOL, INSUFFICIENT_BALANCE, PRICE_BAND, REDUCE_ONLY, DUPLICATE }

    public static final class Refused extends Exception {
        public final Refusal refusal;

        Refused(Refusal r) {
            super(r.name());
            this.refusal = r;
        }
    }

    /** One fill of an order. */
    public record Fill(long tradeId, BigDecimal price, BigDecimal qty, BigDecimal fee, String feeAsset) {}

    /** An order as the venue keeps it. */
    public static final class Order {
        public final long id;
        public final String clientId;
        public final String symbol;
        public final boolean buy;
        public final BigDecimal qty;
        public final BigDecimal price;
        public final boolean reduceOnly;
        public final long time;
        public final List<Fill> fills = new ArrayList<>();
        /** NEW while open, FILLED, EXPIRED (IOC remainder), CANCELED, or REDUCE_ONLY (ended without filling). */
        public volatile String status = "NEW";

        Order(long id, String clientId, String symbol, boolean buy, BigDecimal qty, BigDecimal price, boolean reduceOnly) {
            this.id = id;
            this.clientId = clientId;
            this.symbol = symbol;
            this.buy = buy;
            this.qty = qty;
            this.price = price;
            this.reduceOnly = reduceOnly;
            this.time = System.currentTimeMillis();
        }

        public BigDecimal filled() {
            return fills.stream().map(Fill::qty).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        public BigDecimal quote() {
            return fills.stream().map(f -> f.price().multiply(f.qty())).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        public BigDecimal fee() {
            return fills.stream().map(Fill::fee).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        public String feeAsset() {
            return fills.isEmpty() ? "" : fills.get(0).feeAsset();
        }

        public BigDecimal avgPrice() {
            BigDecimal f = filled();
            return f.signum() == 0 ? BigDecimal.ZERO : quote().divide(f, MathContext.DECIMAL64);
        }

        public boolean open() {
            return "NEW".equals(status);
        }
    }

    private final boolean futures;
    private final boolean feeInBaseOnBuys;
    private final BigDecimal takerFee;
    private final BigDecimal priceBand;
    private final Map<String, Market> markets = new LinkedHashMap<>();
    private final Map<String, Order> orders = new LinkedHashMap<>();
    private final Map<String, BigDecimal> balances = new LinkedHashMap<>();
    private final Map<String, BigDecimal> positions = new LinkedHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private long nextId = 1000;
    private boolean restNext;

    /**
     * @param futures         positions instead of balances; fees and margin in the quote currency
     * @param feeInBaseOnBuys whether a spot buy pays its fee in the base asset (as Gate.io's example shows)
     * @param priceBand       the largest relative distance of a limit from the mid the venue accepts
     */
    public SimExchange(boolean futures, boolean feeInBaseOnBuys, BigDecimal takerFee, BigDecimal priceBand) {
        this.futures = futures;
        this.feeInBaseOnBuys = feeInBaseOnBuys;
        this.takerFee = takerFee;
        this.priceBand = priceBand;
    }

    public synchronized void list(Market m) {
        markets.put(m.symbol(), m);
    }

    public synchronized Optional<Market> market(String symbol) {
        return Optional.ofNullable(markets.get(symbol));
    }

    public synchronized List<Market> markets() {
        return List.copyOf(markets.values());
    }

    public synchronized void setBalance(String asset, String amount) {
        balances.put(asset, new BigDecimal(amount));
    }

    public synchronized void setPosition(String symbol, String contracts) {
        positions.put(symbol, new BigDecimal(contracts));
    }

    public synchronized Map<String, BigDecimal> balances() {
        return new LinkedHashMap<>(balances);
    }

    public synchronized Map<String, BigDecimal> positions() {
        return new LinkedHashMap<>(positions);
    }

    public boolean futures() {
        return futures;
    }

    public BigDecimal takerFee() {
        return takerFee;
    }

    /** The next order stays open on the book instead of matching (to exercise cancel). */
    public synchronized void restNextOrder() {
        restNext = true;
    }

    void logRequest(String line) {
        requests.add(line);
    }

    /** Every request received, as {@code METHOD path}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<Order> orders() {
        return new ArrayList<>(orders.values());
    }

    public synchronized Optional<Order> order(String clientId) {
        return Optional.ofNullable(orders.get(clientId));
    }

    /** Places and matches an immediate-or-cancel order ({@code price null} = market). */
    public synchronized Order place(String clientId, String symbol, boolean buy, BigDecimal qty, BigDecimal price, boolean reduceOnly)
            throws Refused {
        Market m = markets.get(symbol);
        if (m == null) throw new Refused(Refusal.UNKNOWN_SYMBOL);
        if (orders.containsKey(clientId)) throw new Refused(Refusal.DUPLICATE);
        if (price != null && price.divide(m.mid(), MathContext.DECIMAL64).subtract(BigDecimal.ONE).abs().compareTo(priceBand) > 0) {
            throw new Refused(Refusal.PRICE_BAND);
        }
        BigDecimal pos = positions.getOrDefault(symbol, BigDecimal.ZERO);
        boolean increases = pos.signum() == 0 || (pos.signum() > 0) == buy;
        if (futures && reduceOnly && increases) throw new Refused(Refusal.REDUCE_ONLY);
        List<Level> fills = match(m, buy, qty, price);
        BigDecimal cost = fills.stream().map(l -> l.price().multiply(l.qty()).multiply(m.contractSize())).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal filled = fills.stream().map(Level::qty).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (futures) {
            // margin at 10x leverage
            if (balances.getOrDefault(m.quote(), BigDecimal.ZERO).compareTo(cost.divide(BigDecimal.TEN, MathContext.DECIMAL64)) < 0) {
                throw new Refused(Refusal.INSUFFICIENT_BALANCE);
            }
        } else if (buy ? balances.getOrDefault(m.quote(), BigDecimal.ZERO).compareTo(cost) < 0
                : balances.getOrDefault(m.base(), BigDecimal.ZERO).compareTo(qty) < 0) {
            throw new Refused(Refusal.INSUFFICIENT_BALANCE);
        }
        Order o = new Order(nextId++, clientId, symbol, buy, qty, price, reduceOnly);
        orders.put(clientId, o);
        if (restNext) {
            restNext = false;
            return o;
        }
        for (Level l : fills) {
            BigDecimal notional = l.price().multiply(l.qty()).multiply(m.contractSize());
            boolean feeInBase = !futures && buy && feeInBaseOnBuys;
            BigDecimal fee = feeInBase ? l.qty().multiply(takerFee) : notional.multiply(takerFee);
            o.fills.add(new Fill(nextId++, l.price(), l.qty(), fee.stripTrailingZeros(), feeInBase ? m.base() : m.quote()));
            if (futures) {
                positions.merge(symbol, buy ? l.qty() : l.qty().negate(), BigDecimal::add);
                balances.merge(m.quote(), fee.negate(), BigDecimal::add);
            } else {
                balances.merge(m.base(), buy ? l.qty().subtract(feeInBase ? fee : BigDecimal.ZERO) : l.qty().negate(), BigDecimal::add);
                balances.merge(m.quote(), (buy ? notional.negate() : notional).subtract(feeInBase ? BigDecimal.ZERO : fee), BigDecimal::add);
            }
        }
        o.status = filled.compareTo(qty) >= 0 ? "FILLED" : "EXPIRED";
        return o;
    }

    /**
     * Records an order the venue took but ended without any fill for {@code status} (Gate.io's
     * futures end a reduce-only order that would increase the position with {@code finish_as=reduce_only}).
     */
    public synchronized Order recordEnded(String clientId, String symbol, boolean buy, BigDecimal qty, BigDecimal price, boolean reduceOnly,
                                          String status) {
        Order o = new Order(nextId++, clientId, symbol, buy, qty, price, reduceOnly);
        o.status = status;
        orders.put(clientId, o);
        return o;
    }

    /** Ends an open order; {@code null} when there is no such order. */
    public synchronized Order cancel(String clientId) {
        Order o = orders.get(clientId);
        if (o != null && o.open()) o.status = "CANCELED";
        return o;
    }

    public synchronized List<Order> openOrders(String symbol) {
        return orders.values().stream().filter(Order::open).filter(o -> symbol == null || o.symbol.equals(symbol)).toList();
    }

    /** Levels the order reaches, sized down to what it still needs. */
    private static List<Level> match(Market m, boolean buy, BigDecimal qty, BigDecimal limit) {
        List<Level> out = new ArrayList<>();
        BigDecimal left = qty;
        for (Level l : buy ? m.asks() : m.bids()) {
            if (left.signum() <= 0) break;
            if (limit != null && (buy ? l.price().compareTo(limit) > 0 : l.price().compareTo(limit) < 0)) break;
            BigDecimal take = left.min(l.qty());
            out.add(new Level(l.price(), take));
            left = left.subtract(take);
        }
        return out;
    }
}
