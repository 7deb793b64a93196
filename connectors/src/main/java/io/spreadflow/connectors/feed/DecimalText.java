package io.spreadflow.connectors.feed;

import java.math.BigDecimal;

/**
 * Checks a number's text before anything converts it. A venue's price or size is at most
 * {@value #MAX_LENGTH} characters of ASCII: an optional sign, digits, an optional fraction and an
 * optional exponent of at most {@value #MAX_EXPONENT_DIGITS} digits. Anything else is a
 * {@link MalformedFrame}: {@code 1e999999999} would make {@link BigDecimal#toPlainString()} build a
 * billion-digit string, and {@link Long#parseLong}/{@link BigDecimal} accept non-ASCII digits such
 * as Arabic-Indic {@code ٦٠٠}, which no venue sends.
 */
final class DecimalText {

    static final int MAX_LENGTH = 64;
    static final int MAX_EXPONENT_DIGITS = 2;

    private DecimalText() {}

    /**
     * The plain decimal form of {@code s} (exponents expanded, which the bounds keep short), or a
     * {@link MalformedFrame} naming {@code field}.
     */
    static String plain(String s, String field) {
        BigDecimal d = decimal(s, field);
        return s.indexOf('e') < 0 && s.indexOf('E') < 0 ? s : d.toPlainString();
    }

    /** The value of {@code s}, read only after its grammar and length are checked. */
    static BigDecimal decimal(String s, String field) {
        check(s, field);
        return new BigDecimal(s);
    }

    /** A JSON number as checked text; its exponent is bounded before any plain rendering. */
    static String of(BigDecimal d, String field) {
        // toString() uses an exponent when the scale is large either way, so its length is bounded
        // by the precision; the grammar then bounds the exponent
        if (d.precision() > MAX_LENGTH) throw new MalformedFrame("field '" + field + "' is too long to be a number");
        return plain(d.toString(), field);
    }

    /** A non-negative integer of at most 18 ASCII digits (no sign, no spaces). */
    static long integer(String s, String field) {
        if (s == null || s.isEmpty()) throw new MalformedFrame("field '" + field + "' is empty");
        if (s.length() > 18) throw new MalformedFrame("field '" + field + "' is too long to be an integer");
        for (int i = 0; i < s.length(); i++) {
            if (!ascii(s.charAt(i))) throw new MalformedFrame("field '" + field + "' is not an integer: '" + s + "'");
        }
        return Long.parseLong(s);
    }

    private static void check(String s, String field) {
        if (s == null || s.isEmpty()) throw new MalformedFrame("field '" + field + "' is empty");
        if (s.length() > MAX_LENGTH) throw new MalformedFrame("field '" + field + "' is too long to be a number");
        int i = 0;
        int n = s.length();
        if (s.charAt(0) == '-' || s.charAt(0) == '+') i++;
        int digits = 0;
        while (i < n && ascii(s.charAt(i))) { i++; digits++; }
        if (i < n && s.charAt(i) == '.') {
            i++;
            int fraction = 0;
            while (i < n && ascii(s.charAt(i))) { i++; fraction++; }
            if (fraction == 0) digits = 0;
        }
        if (digits == 0) throw notANumber(s, field);
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) i++;
            int exp = 0;
            while (i < n && ascii(s.charAt(i))) { i++; exp++; }
            if (exp == 0) throw notANumber(s, field);
            if (exp > MAX_EXPONENT_DIGITS) throw new MalformedFrame("field '" + field + "' has an exponent out of range: '" + s + "'");
        }
        if (i != n) throw notANumber(s, field);
    }

    private static boolean ascii(char c) {
        return c >= '0' && c <= '9';
    }

    private static MalformedFrame notANumber(String s, String field) {
        return new MalformedFrame("field '" + field + "' is not a number: '" + s + "'");
    }
}
