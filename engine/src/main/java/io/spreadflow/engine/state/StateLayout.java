package io.spreadflow.engine.state;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The stored fields of one strategy state class, in a fixed order: a record's components, or every
 * instance field that is not {@code transient} of the class and its superclasses. Computed once per
 * class. A field a superclass shares with a subclass by name is stored as {@code Superclass.name}.
 */
final class StateLayout {

    private static final ClassValue<StateLayout> LAYOUTS = new ClassValue<>() {
        @Override
        protected StateLayout computeValue(Class<?> type) {
            return new StateLayout(type);
        }
    };

    private final Class<?> type;
    private final String[] names;
    private final Field[] fields;
    private final Constructor<?> recordConstructor;

    private StateLayout(Class<?> type) {
        this.type = type;
        List<String> ns = new ArrayList<>();
        List<Field> fs = new ArrayList<>();
        Constructor<?> canonical = null;
        if (type.isRecord()) {
            RecordComponent[] rc = type.getRecordComponents();
            Class<?>[] types = new Class<?>[rc.length];
            for (int i = 0; i < rc.length; i++) {
                types[i] = rc[i].getType();
                ns.add(rc[i].getName());
                fs.add(field(type, rc[i].getName()));
            }
            canonical = accessible(constructor(type, types));
        } else {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    int m = f.getModifiers();
                    if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.isSynthetic()) continue;
                    String name = ns.contains(f.getName()) ? c.getSimpleName() + "." + f.getName() : f.getName();
                    ns.add(name);
                    fs.add(accessible(f));
                }
            }
        }
        this.names = ns.toArray(String[]::new);
        this.fields = fs.toArray(Field[]::new);
        this.recordConstructor = canonical;
    }

    static StateLayout of(Class<?> type) throws IOException {
        try {
            return LAYOUTS.get(type);
        } catch (RuntimeException e) {
            throw new IOException("the fields of " + type.getName() + " cannot be stored: " + e.getMessage(), e);
        }
    }

    static Class<?> classOf(String name) throws IOException {
        if (name == null) throw new IOException("damaged state: no class name");
        Class<?> primitive = switch (name) {
            case "boolean" -> boolean.class; case "byte" -> byte.class; case "short" -> short.class; case "char" -> char.class;
            case "int" -> int.class; case "long" -> long.class; case "float" -> float.class; case "double" -> double.class;
            default -> null;
        };
        if (primitive != null) return primitive;
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(name, false, context != null ? context : StateLayout.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            try {
                return Class.forName(name, false, StateLayout.class.getClassLoader());
            } catch (ClassNotFoundException again) {
                throw new IOException("the strategy state class " + name + " is no longer on the class path", e);
            }
        }
    }

    int size() {
        return names.length;
    }

    String name(int i) {
        return names[i];
    }

    Object get(Object o, int i) throws IOException {
        try {
            return fields[i].get(o);
        } catch (IllegalAccessException e) {
            throw new IOException("cannot read " + type.getName() + "." + names[i], e);
        }
    }

    /** An instance with the stored values of the fields it still has; see {@link StrategyStateCodec}. */
    Object restore(Map<String, Object> stored) throws IOException {
        try {
            if (recordConstructor != null) {
                Object[] args = new Object[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    Class<?> t = fields[i].getType();
                    args[i] = stored.containsKey(names[i]) ? convert(stored.get(names[i]), t, names[i]) : defaultOf(t);
                }
                return recordConstructor.newInstance(args);
            }
            Object o = FreshInstance.of(type);
            for (int i = 0; i < fields.length; i++) {
                if (stored.containsKey(names[i])) fields[i].set(o, convert(stored.get(names[i]), fields[i].getType(), names[i]));
            }
            return o;
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IOException("cannot restore " + type.getName() + ": " + e, e);
        }
    }

    /** The stored value as a value of {@code target}: as it is, widened, or poured into another container. */
    @SuppressWarnings("unchecked")
    static Object convert(Object v, Class<?> target, String field) throws IOException {
        if (target.isPrimitive()) {
            if (v == null) throw new IOException("field " + field + " stored null, is now " + target);
            Object w = widen(v, target);
            if (w == null) throw new IOException("field " + field + " stored a " + v.getClass().getSimpleName() + ", is now " + target);
            return w;
        }
        if (v == null || target.isInstance(v)) return v;
        Class<?> box = boxOf(target);
        if (box != null) {
            Object w = widen(v, box == Integer.class ? int.class : box == Long.class ? long.class : box == Double.class ? double.class
                    : box == Float.class ? float.class : box == Short.class ? short.class : null);
            if (w != null) return w;
        }
        if (!target.isInterface() && !Modifier.isAbstract(target.getModifiers())) {
            try {
                if (v instanceof Collection<?> c && Collection.class.isAssignableFrom(target)) {
                    Collection<Object> to = (Collection<Object>) target.getDeclaredConstructor().newInstance();
                    to.addAll(c);
                    return to;
                }
                if (v instanceof Map<?, ?> m && Map.class.isAssignableFrom(target)) {
                    Map<Object, Object> to = (Map<Object, Object>) target.getDeclaredConstructor().newInstance();
                    to.putAll(m);
                    return to;
                }
            } catch (ReflectiveOperationException e) {
                throw new IOException("field " + field + ": cannot create a " + target.getName(), e);
            }
        }
        throw new IOException("field " + field + " stored a " + v.getClass().getName() + ", is now " + target.getName());
    }

    private static Object widen(Object v, Class<?> to) {
        if (to == null) return null;
        if (to == boolean.class) return v instanceof Boolean ? v : null;
        if (to == char.class) return v instanceof Character ? v : null;
        if (v instanceof Character c) v = (int) c;
        if (!(v instanceof Number n)) return null;
        boolean integral = v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long;
        int rank = v instanceof Byte ? 1 : v instanceof Short ? 2 : v instanceof Integer ? 3 : v instanceof Long ? 4 : v instanceof Float ? 5 : 6;
        int target = to == byte.class ? 1 : to == short.class ? 2 : to == int.class ? 3 : to == long.class ? 4 : to == float.class ? 5 : 6;
        if (target < rank || (!integral && target < 5)) return null;
        return switch (target) {
            case 1 -> n.byteValue();
            case 2 -> n.shortValue();
            case 3 -> n.intValue();
            case 4 -> n.longValue();
            case 5 -> n.floatValue();
            default -> n.doubleValue();
        };
    }

    private static Class<?> boxOf(Class<?> t) {
        return t == Integer.class || t == Long.class || t == Double.class || t == Float.class || t == Short.class ? t : null;
    }

    private static Object defaultOf(Class<?> t) {
        if (!t.isPrimitive()) return null;
        if (t == boolean.class) return false;
        if (t == char.class) return '\0';
        return widen(0, t == byte.class || t == short.class ? int.class : t);
    }

    private static Field field(Class<?> type, String name) {
        try {
            return accessible(type.getDeclaredField(name));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Constructor<?> constructor(Class<?> type, Class<?>[] params) {
        try {
            return type.getDeclaredConstructor(params);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T extends java.lang.reflect.AccessibleObject> T accessible(T o) {
        o.setAccessible(true);
        return o;
    }
}
