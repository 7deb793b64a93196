package io.spreadflow.connectors.replay;

import java.util.Locale;

/**
 * How fast recorded event time plays back: {@code 1x} is real time, {@code 10x} ten times faster,
 * {@code max} as fast as Kafka takes it.
 *
 * @param factor event-time seconds per wall-clock second; {@link Double#POSITIVE_INFINITY} for {@code max}
 */
public record ReplaySpeed(double factor) {

    /** No pacing. */
    public static final ReplaySpeed MAX = new ReplaySpeed(Double.POSITIVE_INFINITY);
    /** Real time. */
    public static final ReplaySpeed REAL_TIME = new ReplaySpeed(1.0);

    public ReplaySpeed {
        if (!(factor > 0)) throw new IllegalArgumentException("replay speed must be > 0, was " + factor);
    }

    /**
     * Parses {@code max}, {@code 10x}, {@code 0.5x} or a bare number.
     *
     * @throws IllegalArgumentException with the accepted forms when {@code text} is none of them
     */
    public static ReplaySpeed parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("max")) return MAX;
        if (s.endsWith("x")) s = s.substring(0, s.length() - 1);
        double f;
        try {
            f = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("replay speed '" + text + "' is not 'max', 'Nx' (e.g. 10x) or a number");
        }
        if (!(f > 0) || Double.isInfinite(f)) throw new IllegalArgumentException("replay speed must be a finite number > 0, was '" + text + "'");
        return new ReplaySpeed(f);
    }

    public boolean isMax() {
        return Double.isInfinite(factor);
    }

    @Override
    public String toString() {
        return isMax() ? "max" : (factor == Math.rint(factor) ? Long.toString((long) factor) : Double.toString(factor)) + "x";
    }
}
