package io.spreadflow.engine.indicator;

/** Standard scores. */
public final class ZScore {

    private ZScore() {}

    /** {@code (x − mean)/std}; NaN when std is 0 or undefined. */
    public static double of(double x, double mean, double std) {
        return std > 0 ? (x - mean) / std : Double.NaN;
    }
}
