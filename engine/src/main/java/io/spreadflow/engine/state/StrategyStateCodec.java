package io.spreadflow.engine.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A self-describing, field-by-field form of a strategy's own state, so that strategies write no code
 * for it and their state classes may change between versions: each object is stored as its class
 * name and, per field, the field's name and a tagged value. On restore, a stored field the class no
 * longer has is skipped, and a field the class gained keeps the value of the fresh instance: its
 * initializer when the class has a no-argument constructor, else Java's default (0, false, null).
 * A field whose type changed restores when the stored value widens to it (int to long, float to
 * double, ...), otherwise the restore fails with the field's name.
 *
 * <p>Values may be primitives and their boxes, strings, decimals, enums, arrays, lists, sets, maps,
 * records and other objects of the same kind, nested up to {@value #MAX_DEPTH} levels, without cycles.
 */
public final class StrategyStateCodec {

    static final int MAX_DEPTH = 32;

    private static final byte NULL = 0, BOOLEAN = 1, BYTE = 2, SHORT = 3, CHAR = 4, INT = 5, LONG = 6, FLOAT = 7,
            DOUBLE = 8, STRING = 9, DECIMAL = 10, ENUM = 11, ARRAY = 12, LIST = 13, SET = 14, MAP = 15, OBJECT = 16,
            RECORD = 17, DEQUE = 18;

    private StrategyStateCodec() {}

    public static void write(DataOutput out, Object state) throws IOException {
        new Writer(out).value(state, 0);
    }

    /** @param version the format version the bytes were written in */
    public static Object read(DataInput in, int version) throws IOException {
        return new Reader(in).value(0);
    }

    private static final class Writer {
        private final DataOutput out;
        private final IdentityHashMap<Object, Boolean> path = new IdentityHashMap<>();

        Writer(DataOutput out) {
            this.out = out;
        }

        void value(Object v, int depth) throws IOException {
            if (depth > MAX_DEPTH) throw new IOException("strategy state nests deeper than " + MAX_DEPTH + " levels");
            if (v == null) out.writeByte(NULL);
            else if (v instanceof Boolean b) { out.writeByte(BOOLEAN); out.writeBoolean(b); }
            else if (v instanceof Byte b) { out.writeByte(BYTE); out.writeByte(b); }
            else if (v instanceof Short s) { out.writeByte(SHORT); out.writeShort(s); }
            else if (v instanceof Character c) { out.writeByte(CHAR); out.writeChar(c); }
            else if (v instanceof Integer i) { out.writeByte(INT); out.writeInt(i); }
            else if (v instanceof Long l) { out.writeByte(LONG); out.writeLong(l); }
            else if (v instanceof Float f) { out.writeByte(FLOAT); out.writeFloat(f); }
            else if (v instanceof Double d) { out.writeByte(DOUBLE); out.writeDouble(d); }
            else if (v instanceof String s) { out.writeByte(STRING); StateData.writeString(out, s); }
            else if (v instanceof BigDecimal d) { out.writeByte(DECIMAL); StateData.writeDecimal(out, d); }
            else if (v instanceof Enum<?> e) {
                out.writeByte(ENUM);
                StateData.writeString(out, e.getDeclaringClass().getName());
                StateData.writeString(out, e.name());
            } else composite(v, depth);
        }

        /** The container's class, so that a sorted or linked one comes back as such. */
        private void container(Object v) throws IOException {
            if ((v instanceof java.util.SortedMap<?, ?> m && m.comparator() != null)
                    || (v instanceof java.util.SortedSet<?> s && s.comparator() != null)) {
                throw new IOException("a sorted collection with its own comparator cannot be stored (" + v.getClass().getName()
                        + "); keep it sorted by its keys' natural order");
            }
            StateData.writeString(out, v.getClass().getName());
        }

        private void composite(Object v, int depth) throws IOException {
            if (path.put(v, Boolean.TRUE) != null) throw new IOException("strategy state refers to itself through " + v.getClass().getName());
            if (v.getClass().isArray()) {
                out.writeByte(ARRAY);
                StateData.writeString(out, v.getClass().getComponentType().getName());
                int n = Array.getLength(v);
                StateData.writeCount(out, n);
                for (int i = 0; i < n; i++) value(Array.get(v, i), depth + 1);
            } else if (v instanceof Map<?, ?> m) {
                out.writeByte(MAP);
                container(v);
                StateData.writeCount(out, m.size());
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    value(e.getKey(), depth + 1);
                    value(e.getValue(), depth + 1);
                }
            } else if (v instanceof Collection<?> c) {
                out.writeByte(v instanceof Set ? SET : v instanceof java.util.Deque ? DEQUE : LIST);
                container(v);
                StateData.writeCount(out, c.size());
                for (Object o : c) value(o, depth + 1);
            } else {
                StateLayout layout = StateLayout.of(v.getClass());
                out.writeByte(v.getClass().isRecord() ? RECORD : OBJECT);
                StateData.writeString(out, v.getClass().getName());
                StateData.writeCount(out, layout.size());
                for (int i = 0; i < layout.size(); i++) {
                    StateData.writeString(out, layout.name(i));
                    value(layout.get(v, i), depth + 1);
                }
            }
            path.remove(v);
        }
    }

    private static final class Reader {
        private final DataInput in;

        Reader(DataInput in) {
            this.in = in;
        }

        Object value(int depth) throws IOException {
            if (depth > MAX_DEPTH) throw new IOException("damaged state: strategy state nests deeper than " + MAX_DEPTH + " levels");
            byte tag = in.readByte();
            return switch (tag) {
                case NULL -> null;
                case BOOLEAN -> in.readBoolean();
                case BYTE -> in.readByte();
                case SHORT -> in.readShort();
                case CHAR -> in.readChar();
                case INT -> in.readInt();
                case LONG -> in.readLong();
                case FLOAT -> in.readFloat();
                case DOUBLE -> in.readDouble();
                case STRING -> StateData.readString(in);
                case DECIMAL -> StateData.readDecimal(in);
                case ENUM -> enumConstant(StateData.readString(in), StateData.readString(in));
                case ARRAY -> array(depth);
                case LIST, SET, DEQUE -> collection(tag, depth);
                case MAP -> map(depth);
                case OBJECT, RECORD -> object(tag == RECORD, depth);
                default -> throw new IOException("damaged state: unknown strategy state tag " + tag);
            };
        }

        private Object array(int depth) throws IOException {
            Class<?> component = StateLayout.classOf(StateData.readString(in));
            int n = StateData.readCount(in, "array");
            // elements are read before the array is made: damaged counts end at the end of the bytes, not in a huge allocation
            ArrayList<Object> elements = new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) elements.add(value(depth + 1));
            Object a = Array.newInstance(component, n);
            for (int i = 0; i < n; i++) {
                Object v = elements.get(i);
                Array.set(a, i, component.isPrimitive() ? StateLayout.convert(v, component, "array element") : v);
            }
            return a;
        }

        @SuppressWarnings("unchecked")
        private Object collection(byte tag, int depth) throws IOException {
            Object made = container(StateData.readString(in), Collection.class);
            int n = StateData.readCount(in, "collection");
            Collection<Object> c = made != null ? (Collection<Object>) made
                    : tag == SET ? new LinkedHashSet<>() : tag == DEQUE ? new ArrayDeque<>() : new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) c.add(value(depth + 1));
            return c;
        }

        @SuppressWarnings("unchecked")
        private Object map(int depth) throws IOException {
            Object made = container(StateData.readString(in), Map.class);
            int n = StateData.readCount(in, "map");
            Map<Object, Object> m = made != null ? (Map<Object, Object>) made : new LinkedHashMap<>();
            for (int i = 0; i < n; i++) m.put(value(depth + 1), value(depth + 1));
            return m;
        }

        private Object object(boolean record, int depth) throws IOException {
            Class<?> type = StateLayout.classOf(StateData.readString(in));
            if (type.isRecord() != record) throw new IOException(type.getName() + (record ? " is no longer a record" : " became a record"));
            StateLayout layout = StateLayout.of(type);
            int n = StateData.readCount(in, "fields");
            Map<String, Object> stored = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) stored.put(StateData.readString(in), value(depth + 1));
            return layout.restore(stored);
        }

        /**
         * An empty container of the stored class when it is still one with a public no-argument constructor
         * (ArrayList, TreeMap, ...); null for the others (unmodifiable lists, a class gone), which come back
         * as a list, set, deque or map in the stored order.
         */
        private static Object container(String className, Class<?> kind) {
            try {
                Class<?> c = Class.forName(className, false, StrategyStateCodec.class.getClassLoader());
                if (!kind.isAssignableFrom(c) || !java.lang.reflect.Modifier.isPublic(c.getModifiers())) return null;
                return c.getConstructor().newInstance();
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Object enumConstant(String type, String name) throws IOException {
            Class<?> c = StateLayout.classOf(type);
            if (!c.isEnum()) throw new IOException(type + " is no longer an enum");
            try {
                return Enum.valueOf((Class) c, name);
            } catch (IllegalArgumentException e) {
                throw new IOException(type + " has no constant " + name + " any more", e);
            }
        }
    }
}
