package io.spreadflow.engine.signal;

import java.util.regex.Pattern;

/**
 * The one definition of intent ids. The engine names its intents {@code instrument|strategy|sequence}
 * ({@code BTC-USDT|rdn|7}): deterministic, so that a replay after a restart sends the same id again
 * and the execution service recognises it. Other callers of the service may use any id of the
 * {@linkplain #isWellFormed accepted syntax}.
 */
public final class IntentId {

    /** Separates instrument, strategy and sequence. Neither a canonical instrument nor a strategy id contains it. */
    public static final char SEPARATOR = '|';

    /** What any intent id may consist of, in words (for error messages). */
    public static final String SYNTAX = "1–200 characters of A–Z a–z 0–9 . _ : | -";

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:|\\-]{1,200}");

    /** The parts of an id in the engine's form. */
    public record Parts(String instrument, String strategyId, long sequence) {
    }

    private IntentId() {
    }

    /** The id of the engine's {@code sequence}-th intent for {@code instrument} under {@code strategyId}. */
    public static String format(String instrument, String strategyId, long sequence) {
        return instrument + SEPARATOR + strategyId + SEPARATOR + sequence;
    }

    /** Whether {@code id} is an acceptable intent id ({@link #SYNTAX}), in the engine's form or not. */
    public static boolean isWellFormed(String id) {
        return id != null && WELL_FORMED.matcher(id).matches();
    }

    /** The parts of an id in the engine's form, or {@code null} when it is not in that form. */
    public static Parts parse(String id) {
        if (id == null) return null;
        int a = id.indexOf(SEPARATOR);
        int b = a < 0 ? -1 : id.indexOf(SEPARATOR, a + 1);
        if (a <= 0 || b <= a + 1 || b == id.length() - 1 || id.indexOf(SEPARATOR, b + 1) >= 0) return null;
        long seq = digits(id, b + 1);
        return seq < 0 ? null : new Parts(id.substring(0, a), id.substring(a + 1, b), seq);
    }

    /**
     * The sequence of {@code id} when it is the engine's id for {@code instrument} and {@code strategyId},
     * or −1. Reads the text in place: called for every report the engine receives.
     */
    public static long sequenceOf(String id, String instrument, String strategyId) {
        int n = instrument.length();
        int m = strategyId.length();
        if (id.length() <= n + m + 2 || !id.startsWith(instrument) || id.charAt(n) != SEPARATOR
                || !id.startsWith(strategyId, n + 1) || id.charAt(n + 1 + m) != SEPARATOR) {
            return -1;
        }
        return digits(id, n + m + 2);
    }

    /** The decimal number that makes up {@code s} from {@code from} to its end, or −1 (empty, a sign, overflow). */
    private static long digits(String s, int from) {
        if (from >= s.length() || s.length() - from > 18) return -1;
        long v = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
