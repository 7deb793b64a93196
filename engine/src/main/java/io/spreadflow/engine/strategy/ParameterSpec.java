package io.spreadflow.engine.strategy;

import java.io.Serializable;
import java.util.Objects;

/**
 * One tunable parameter of a strategy: its name as it appears under {@code params} in the strategy
 * configuration, its type, the reference default and the accepted range.
 *
 * @param name        key under {@code params}
 * @param type        value type
 * @param defaultValue the reference value, boxed as the type says ({@link Double}, {@link Integer},
 *                    {@link Long}, {@link Boolean}, {@link String})
 * @param min         smallest accepted value for numeric types, {@code null} for no bound
 * @param max         largest accepted value for numeric types, {@code null} for no bound
 * @param description one line for users and the sweep report
 */
public record ParameterSpec(String name, Type type, Object defaultValue, Double min, Double max, String description)
        implements Serializable {

    /** The value types a parameter can have. */
    public enum Type { DOUBLE, INT, LONG, BOOLEAN, STRING }

    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue of " + name);
        defaultValue = coerce(name, type, defaultValue);
        description = description == null ? "" : description;
    }

    public static ParameterSpec ofDouble(String name, double def, Double min, Double max, String description) {
        return new ParameterSpec(name, Type.DOUBLE, def, min, max, description);
    }

    public static ParameterSpec ofInt(String name, int def, Integer min, Integer max, String description) {
        return new ParameterSpec(name, Type.INT, def, min == null ? null : min.doubleValue(),
                max == null ? null : max.doubleValue(), description);
    }

    public static ParameterSpec ofLong(String name, long def, Long min, Long max, String description) {
        return new ParameterSpec(name, Type.LONG, def, min == null ? null : min.doubleValue(),
                max == null ? null : max.doubleValue(), description);
    }

    public static ParameterSpec ofBoolean(String name, boolean def, String description) {
        return new ParameterSpec(name, Type.BOOLEAN, def, null, null, description);
    }

    public static ParameterSpec ofString(String name, String def, String description) {
        return new ParameterSpec(name, Type.STRING, def, null, null, description);
    }

    /**
     * A configured value converted to this parameter's type and checked against its range.
     *
     * @throws IllegalArgumentException naming the parameter when the value has the wrong type or is out of range
     */
    public Object accept(Object value) {
        Object v = coerce(name, type, value);
        if (v instanceof Number n && (type == Type.DOUBLE || type == Type.INT || type == Type.LONG)) {
            double d = n.doubleValue();
            if (type == Type.DOUBLE && !Double.isFinite(d)) {
                throw new IllegalArgumentException("parameter '" + name + "' must be a finite number, got " + value);
            }
            if (min != null && d < min) {
                throw new IllegalArgumentException("parameter '" + name + "' = " + value + " is below its minimum " + min);
            }
            if (max != null && d > max) {
                throw new IllegalArgumentException("parameter '" + name + "' = " + value + " is above its maximum " + max);
            }
        }
        return v;
    }

    private static Object coerce(String name, Type type, Object value) {
        if (value == null) throw new IllegalArgumentException("parameter '" + name + "' has no value");
        try {
            return switch (type) {
                case DOUBLE -> value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
                case INT -> value instanceof Number n ? exactInt(n) : Integer.parseInt(value.toString().trim());
                case LONG -> value instanceof Number n ? exactLong(n) : Long.parseLong(value.toString().trim());
                case BOOLEAN -> value instanceof Boolean b ? b : parseBoolean(value.toString());
                case STRING -> value.toString();
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("parameter '" + name + "' expects " + type.name().toLowerCase()
                    + ", got '" + value + "'");
        }
    }

    private static int exactInt(Number n) {
        long l = exactLong(n);
        return Math.toIntExact(l);
    }

    private static long exactLong(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) throw new ArithmeticException("not integral: " + d);
            return (long) d;
        }
        return n.longValue();
    }

    private static Boolean parseBoolean(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("true")) return Boolean.TRUE;
        if (t.equals("false")) return Boolean.FALSE;
        throw new NumberFormatException(s);
    }
}
