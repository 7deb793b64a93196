package io.spreadflow.engine.signal;

import java.util.regex.Pattern;

/**
 * The one definition of intent ids. The engine names its intents {@code instrument|strategy|epoch.sequence}
 * ({@code BTC-USDT|rdn|1796443200.7}): deterministic, so that a replay after a restart sends the same id
 * again and the execution service recognises it.
 *
 * <p>The run epoch (a positive number, by default the live job's submission time in seconds) is chosen
 * when an instrument's state is created and kept in its state: a job restored from a checkpoint or
 * savepoint goes on in the epoch it had, so its replayed intents keep their ids; a job started without
 * state starts a new epoch, so its sequence numbers, which start again at 1, never collide with an
 * earlier run's ids in the service's ledger. Epoch 0 (backtests, and states written before epochs
 * existed) leaves the epoch out: {@code BTC-USDT|rdn|7}.
 *
 * <p>Other callers of the service may use any id of the {@linkplain #isWellFormed accepted syntax}.
 */
public final class IntentId {

    /** Separates instrument, strategy and sequence. Neither a canonical instrument nor a strategy id contains it. */
    public static final char SEPARATOR = '|';

    /** What any intent id may consist of, in words (for error messages). */
    public static final String SYNTAX = "1–200 characters of A–Z a–z 0–9 . _ : | -";

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:|\\-]{1,200}");

    /** Separates the run epoch from the sequence. */
    public static final char EPOCH_SEPARATOR = '.';

    /** The parts of an id in the engine's form; {@code epoch} 0 when the id has none. */
    public record Parts(String instrument, String strategyId, long epoch, long sequence) {
    }

    private IntentId() {
    }

    /** The id of the engine's {@code sequence}-th intent for {@code instrument} under {@code strategyId}, without an epoch. */
    public static String format(String instrument, String strategyId, long sequence) {
        return format(instrument, strategyId, 0, sequence);
    }

    /** The id of the engine's {@code sequence}-th intent for {@code instrument} under {@code strategyId} in run {@code epoch}. */
    public static String format(String instrument, String strategyId, long epoch, long sequence) {
        if (epoch < 0) throw new IllegalArgumentException("run epoch must be >= 0, was " + epoch);
        String prefix = instrument + SEPARATOR + strategyId + SEPARATOR;
        return epoch == 0 ? prefix + sequence : prefix + epoch + EPOCH_SEPARATOR + sequence;
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
        int dot = id.indexOf(EPOCH_SEPARATOR, b + 1);
        long epoch = dot < 0 ? 0 : digits(id, b + 1, dot);
        long seq = digits(id, dot < 0 ? b + 1 : dot + 1, id.length());
        if (epoch < 0 || seq < 0 || (dot >= 0 && epoch == 0)) return null;
        return new Parts(id.substring(0, a), id.substring(a + 1, b), epoch, seq);
    }

    /** As {@link #sequenceOf(String, String, String, long)} for ids without an epoch. */
    public static long sequenceOf(String id, String instrument, String strategyId) {
        return sequenceOf(id, instrument, strategyId, 0);
    }

    /**
     * The sequence of {@code id} when it is the engine's id for {@code instrument} and {@code strategyId}
     * in run {@code epoch}, or −1 (another instrument, strategy or epoch, or not the engine's form). Reads
     * the text in place: called for every report the engine receives.
     */
    public static long sequenceOf(String id, String instrument, String strategyId, long epoch) {
        int n = instrument.length();
        int m = strategyId.length();
        if (id.length() <= n + m + 2 || !id.startsWith(instrument) || id.charAt(n) != SEPARATOR
                || !id.startsWith(strategyId, n + 1) || id.charAt(n + 1 + m) != SEPARATOR) {
            return -1;
        }
        int from = n + m + 2;
        int dot = id.indexOf(EPOCH_SEPARATOR, from);
        if (epoch == 0) return dot < 0 ? digits(id, from, id.length()) : -1;
        if (dot < 0 || digits(id, from, dot) != epoch) return -1;
        return digits(id, dot + 1, id.length());
    }

    /** The decimal number that makes up {@code s} from {@code from} to {@code to}, or −1 (empty, a sign, overflow). */
    private static long digits(String s, int from, int to) {
        if (from >= to || to - from > 18) return -1;
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
