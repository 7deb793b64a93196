package io.spreadflow.engine.state;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A strategy's own state through the self-describing form: every kind of field round-trips, and a
 * state class that gained, lost or widened fields since the bytes were written still restores.
 */
class StrategyStateCodecTest {

    enum Regime { CALM, EXTREME }

    record Held(long id, double entrySpread, Regime regime, String note) implements Serializable {
    }

    /** A state like the reference strategies': final parameters from a config, mutable memory. */
    static final class Rich implements Serializable {
        final double entry;
        final int maxPositions;
        final boolean net;
        final ArrayList<Held> held = new ArrayList<>();
        final HashMap<String, Double> lastByVenue = new HashMap<>();
        final TreeMap<Long, String> sorted = new TreeMap<>();
        final ArrayDeque<Long> window = new ArrayDeque<>();
        double[] ring = new double[3];
        String[] labels = {"x", null};
        BigDecimal pnl = BigDecimal.ZERO;
        Regime regime = Regime.CALM;
        long nextId = 1;
        Held last;
        char flag = 'y';
        transient int cache = 42;

        Rich(double entry, int maxPositions, boolean net) {
            this.entry = entry;
            this.maxPositions = maxPositions;
            this.net = net;
        }
    }

    /** A state with a no-argument constructor: its initializers give fields added later their value. */
    static final class WithDefaults implements Serializable {
        long rows;
        double threshold = 2.5;
        int window = 20;
        long seen;

        WithDefaults() {
        }
    }

    static byte[] bytes(Object state) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        StrategyStateCodec.write(new DataOutputStream(b), state);
        return b.toByteArray();
    }

    static Object restore(byte[] b) throws IOException {
        return StrategyStateCodec.read(new DataInputStream(new ByteArrayInputStream(b)), EngineStateCodec.CURRENT);
    }

    @Test
    void everyKindOfFieldRoundTrips() throws IOException {
        Rich s = new Rich(-1.5, 3, true);
        s.held.add(new Held(1, -1.7, Regime.EXTREME, "first"));
        s.held.add(new Held(2, -1.6, Regime.CALM, null));
        s.lastByVenue.put("gateio-futures", 0.1);
        s.sorted.put(5L, "five");
        s.sorted.put(1L, "one");
        s.window.add(7L);
        s.ring = new double[] {1, Double.NaN, -0.0};
        s.pnl = new BigDecimal("-12.3400");
        s.regime = Regime.EXTREME;
        s.nextId = 3;
        s.last = s.held.get(1);
        s.flag = 'n';
        s.cache = 7;

        Rich r = (Rich) restore(bytes(s));
        assertThat(r.entry).isEqualTo(-1.5);
        assertThat(r.maxPositions).isEqualTo(3);
        assertThat(r.net).isTrue();
        assertThat(r.held).containsExactlyElementsOf(s.held);
        assertThat(r.lastByVenue).isEqualTo(s.lastByVenue);
        assertThat(r.sorted).isEqualTo(s.sorted).isInstanceOf(TreeMap.class);
        assertThat(r.window).containsExactly(7L);
        assertThat(Double.doubleToRawLongBits(r.ring[2])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(r.ring[1]).isNaN();
        assertThat(r.labels).containsExactly("x", null);
        assertThat(r.pnl).isEqualTo(new BigDecimal("-12.3400"));
        assertThat(r.regime).isEqualTo(Regime.EXTREME);
        assertThat(r.nextId).isEqualTo(3);
        assertThat(r.last).isEqualTo(s.held.get(1));
        assertThat(r.flag).isEqualTo('n');
        assertThat(r.cache).as("transient fields are not stored").isZero();
        assertThat(bytes(r)).isEqualTo(bytes(s));
    }

    /** Bytes of an older version of {@link WithDefaults}: {@code rows} as an int, {@code seen} not there yet, {@code retired} since removed. */
    private static byte[] olderWithDefaults() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeByte(16); // OBJECT
        StateData.writeString(out, WithDefaults.class.getName());
        StateData.writeCount(out, 3);
        StateData.writeString(out, "rows");
        out.writeByte(5); // INT
        out.writeInt(12);
        StateData.writeString(out, "retired");
        out.writeByte(9); // STRING
        StateData.writeString(out, "gone");
        StateData.writeString(out, "threshold");
        out.writeByte(8); // DOUBLE
        out.writeDouble(3.0);
        return b.toByteArray();
    }

    @Test
    void anOlderVersionRestoresAddedFieldsFromInitializersSkipsRemovedOnesAndWidensChangedOnes() throws IOException {
        WithDefaults r = (WithDefaults) restore(olderWithDefaults());
        assertThat(r.rows).as("int widened to long").isEqualTo(12);
        assertThat(r.threshold).isEqualTo(3.0);
        assertThat(r.window).as("not stored: the initializer's value").isEqualTo(20);
        assertThat(r.seen).isZero();
    }

    @Test
    void aClassWithoutANoArgumentConstructorRestoresAddedFieldsAsJavaDefaults() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeByte(16);
        StateData.writeString(out, Rich.class.getName());
        StateData.writeCount(out, 1);
        StateData.writeString(out, "entry");
        out.writeByte(8);
        out.writeDouble(-2.0);
        Rich r = (Rich) restore(b.toByteArray());
        assertThat(r.entry).isEqualTo(-2.0);
        assertThat(r.nextId).as("no constructor ran").isZero();
        assertThat(r.held).isNull();
    }

    @Test
    void aFieldThatNarrowedOrChangedKindFailsWithItsName() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeByte(16);
        StateData.writeString(out, WithDefaults.class.getName());
        StateData.writeCount(out, 1);
        StateData.writeString(out, "window");
        out.writeByte(8); // a double into an int field
        out.writeDouble(1.5);
        assertThatThrownBy(() -> restore(b.toByteArray())).isInstanceOf(IOException.class).hasMessageContaining("window");
    }

    @Test
    void aStateClassNoLongerOnTheClassPathIsNamed() throws IOException {
        byte[] b = bytes(new WithDefaults());
        String name = WithDefaults.class.getName();
        byte[] renamed = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace(name, name.replace("WithDefaults", "WithDefaultz")).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> restore(renamed)).isInstanceOf(IOException.class).hasMessageContaining("WithDefaultz");
    }

    static final class Node implements Serializable {
        Object next;
    }

    static final class Sorted implements Serializable {
        java.util.Map<Long, String> byTime = new TreeMap<>();
        java.util.Set<String> names = new java.util.TreeSet<>();
        List<String> fixed = List.of("a", "b");
        Object top;
    }

    @Test
    void containersComeBackAsTheirClassSoSortedOnesStaySorted() throws IOException {
        Sorted s = new Sorted();
        s.byTime.put(5L, "five");
        s.byTime.put(1L, "one");
        s.names.add("b");
        s.names.add("a");
        s.top = new java.util.LinkedList<>(List.of(3, 1));
        Sorted r = (Sorted) restore(bytes(s));
        assertThat(r.byTime).isInstanceOf(TreeMap.class).containsExactly(java.util.Map.entry(1L, "one"), java.util.Map.entry(5L, "five"));
        r.byTime.put(3L, "three");
        assertThat(r.byTime.keySet()).containsExactly(1L, 3L, 5L);
        assertThat(r.names).isInstanceOf(java.util.TreeSet.class).containsExactly("a", "b");
        assertThat(r.fixed).containsExactly("a", "b");
        assertThat(r.top).isInstanceOf(java.util.LinkedList.class).isEqualTo(List.of(3, 1));
        // a comparator of its own cannot be stored: refused when writing, not silently re-sorted
        s.byTime = new TreeMap<>(java.util.Comparator.reverseOrder());
        assertThatThrownBy(() -> bytes(s)).isInstanceOf(IOException.class).hasMessageContaining("comparator");
    }

    @Test
    void aCycleOrTooDeepNestingIsRefusedNotOverflowed() {
        Node a = new Node();
        a.next = a;
        assertThatThrownBy(() -> bytes(a)).isInstanceOf(IOException.class).hasMessageContaining("refers to itself");
        List<Object> deep = new ArrayList<>();
        List<Object> at = deep;
        for (int i = 0; i < 100; i++) {
            List<Object> inner = new ArrayList<>();
            at.add(inner);
            at = inner;
        }
        assertThatThrownBy(() -> bytes(deep)).isInstanceOf(IOException.class).hasMessageContaining("deeper");
    }
}
