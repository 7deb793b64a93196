package io.spreadflow.engine.state;

import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.accounting.Ledger;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.fill.PendingOrders;
import io.spreadflow.engine.indicator.Ewma;
import io.spreadflow.engine.indicator.IndicatorSet;
import io.spreadflow.engine.indicator.Lag;
import io.spreadflow.engine.indicator.RollingExtreme;
import io.spreadflow.engine.indicator.RollingStats;
import io.spreadflow.engine.market.BarAggregator;
import io.spreadflow.engine.market.QuoteBoard;
import io.spreadflow.engine.report.SpreadTracker;
import io.spreadflow.engine.signal.LegRecord;
import io.spreadflow.engine.signal.PositionBook;
import io.spreadflow.engine.signal.PositionRecord;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tripwire: the fields of every class in the engine state, as the stored form writes them. A field
 * added to one of these classes fails here until its codec writes it (with a new format version and a
 * default for older bytes, see {@link EngineStateCodec}) and this list names it; a field only derived
 * from others is marked {@code transient} instead.
 */
class StoredFieldsTest {

    static final Map<Class<?>, String> STORED = new LinkedHashMap<>();

    static {
        STORED.put(EngineState.class, "instrument board bars indicators strategyState book pending ledger held early rows nextFundingUs fundingIndex");
        // the parts the keyed state keeps apart (MarketPartCodec, BookPartCodec; positions: PositionCodec)
        STORED.put(io.spreadflow.engine.MarketPart.class, "instrument board bars indicators strategyState ledger rows nextFundingUs fundingIndex");
        STORED.put(io.spreadflow.engine.BookPart.class, "book openIds pending held early");
        STORED.put(QuoteBoard.class, "venues maxSkewUs staleAfterUs quotes streamTimeUs");
        STORED.put(classOf("io.spreadflow.engine.market.VenueQuotes"), "bid bidQty ask askQty ts present presentCount");
        STORED.put(BarAggregator.class, "barUs quotes bucket startUs endUs");
        STORED.put(IndicatorSet.class, "names kinds series state values");
        STORED.put(RollingStats.class, "window ring next count shift mean m2 sinceExact rounding last");
        STORED.put(Ewma.class, "alpha mean variance count");
        STORED.put(Lag.class, "ring next seen diff");
        STORED.put(RollingExtreme.class, "window max values index head size seen");
        STORED.put(Ledger.class, "base quote fees funding");
        STORED.put(PositionBook.class, "positions intentToPosition intentSequence runEpoch signalSequence lastEntryRowTsUs nextDeadlineUs realizedPnl "
                + "realizedFees halted haltReason settledLegs closeOrder finishedTrades ghosts");
        STORED.put(classOf("io.spreadflow.engine.signal.PositionBook$Ghost"), "entryRowTsUs flatTsUs pnl fees notional funding filled");
        STORED.put(PositionRecord.class, "id kind state entryRowTsUs entrySpread entryReason entryVenues entrySides initialTarget target "
                + "entryNotional legs cash fees funding completeTried exitAttempts exitLeft pendingExit pendingExitRowTsUs pendingExitSpread "
                + "exitRowTsUs exitReason tradeRow strategyClose");
        STORED.put(LegRecord.class, "intentId legIndex purpose venue side quantity deadlineUs filled notional fee status reported");
        STORED.put(PendingOrders.class, "waiting");
        STORED.put(PendingOrders.Pending.class, "intentId legIndex venue side quantity intentEventTsUs dueTsUs");
        STORED.put(Trade.class, "instrument strategyId entryTsUs exitTsUs columns pnlQuote feesQuote notionalQuote fundingQuote");
        STORED.put(SpreadTracker.class, "instrument spots futures sampleUs bid ask times values size");
    }

    static Class<?> classOf(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    static Set<String> fields(Class<?> c) {
        Set<String> out = new TreeSet<>();
        for (Field f : c.getDeclaredFields()) {
            int m = f.getModifiers();
            if (!Modifier.isStatic(m) && !Modifier.isTransient(m) && !f.isSynthetic()) out.add(f.getName());
        }
        return out;
    }

    @Test
    void noClassOfTheEngineStateIsJavaSerializable() {
        for (Class<?> c : STORED.keySet()) {
            if (c == Trade.class) continue; // a record the engine emits, stored inside the state by TradeCodec
            assertThat(java.io.Serializable.class.isAssignableFrom(c)).as("%s is Serializable", c.getName()).isFalse();
        }
    }

    @Test
    void everyFieldOfTheEngineStateIsOneTheStoredFormWrites() {
        for (Map.Entry<Class<?>, String> e : STORED.entrySet()) {
            assertThat(fields(e.getKey())).as("fields of %s written by the engine state codec", e.getKey().getName())
                    .containsExactlyInAnyOrder(e.getValue().split(" "));
        }
    }
}
