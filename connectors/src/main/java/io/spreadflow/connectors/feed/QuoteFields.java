package io.spreadflow.connectors.feed;

import com.fasterxml.jackson.databind.JsonNode;
import io.spreadflow.connectors.files.Instruments;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Reads and checks the fields of a quote; every failure is a {@link MalformedFrame} naming the field. */
final class QuoteFields {

    private static final int MAX_INSTRUMENT_LENGTH = 48;
    private static final Pattern CANONICAL = Pattern.compile("[\\p{L}\\p{N}]+-[\\p{L}\\p{N}]+");

    private QuoteFields() {}

    /** The canonical instrument ({@code BASE-QUOTE}) of a venue symbol. */
    static String instrument(String symbol) {
        String c;
        try {
            c = Instruments.canonical(symbol);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrame(e.getMessage());
        }
        // letters and digits either side (a venue may list non-Latin names): punctuation or control
        // characters in a symbol mean a corrupt frame, not an instrument
        if (c.length() > MAX_INSTRUMENT_LENGTH || !CANONICAL.matcher(c).matches()) {
            throw new MalformedFrame("symbol is not letters and digits: '" + abbreviate(symbol) + "'");
        }
        return c;
    }

    /** Element {@code i} of a JSON array as text (numbers keep their digits). */
    static String text(JsonNode array, int i) {
        JsonNode n = array.get(i);
        if (n == null || !n.isValueNode() || n.isNull()) throw new MalformedFrame("element " + i + " is not a value");
        String s = n.isNumber() ? DecimalText.of(n.decimalValue(), "element " + i) : n.asText();
        if (s.isEmpty()) throw new MalformedFrame("element " + i + " is empty");
        return s;
    }

    static JsonNode require(JsonNode parent, String field) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull() || n.isMissingNode()) throw new MalformedFrame("missing field '" + field + "'");
        return n;
    }

    static String text(JsonNode parent, String field) {
        JsonNode n = require(parent, field);
        if (!n.isValueNode()) throw new MalformedFrame("field '" + field + "' is not a value");
        String s = n.isNumber() ? DecimalText.of(n.decimalValue(), field) : n.asText();
        if (s.isEmpty()) throw new MalformedFrame("field '" + field + "' is empty");
        return s;
    }

    /** A price: a finite decimal above zero, in plain notation. */
    static String price(JsonNode parent, String field) {
        return price(text(parent, field), field);
    }

    static String price(String s, String field) {
        String plain = DecimalText.plain(s, field);
        double d = Double.parseDouble(plain);
        // a tiny positive decimal can still be zero as a double, which is what the engine reads
        if (!(d > 0) || !Double.isFinite(d)) throw new MalformedFrame(field + " must be a finite number above zero, was '" + s + "'");
        return plain;
    }

    /** A size: a finite decimal of at least zero, in plain notation. */
    static String size(JsonNode parent, String field) {
        return size(text(parent, field), field);
    }

    static String size(String s, String field) {
        String plain = DecimalText.plain(s, field);
        if (plain.charAt(0) == '-' && new BigDecimal(plain).signum() < 0) {
            throw new MalformedFrame(field + " must not be negative, was '" + s + "'");
        }
        if (!Double.isFinite(Double.parseDouble(plain))) throw new MalformedFrame(field + " must be finite, was '" + s + "'");
        return plain;
    }

    static long integer(JsonNode parent, String field) {
        JsonNode n = require(parent, field);
        if (n.isIntegralNumber() && n.canConvertToLong()) return n.longValue();
        if (n.isTextual()) return DecimalText.integer(n.asText(), field);
        throw new MalformedFrame("field '" + field + "' is not an integer: '" + abbreviate(n.toString()) + "'");
    }

    static Long optionalInteger(JsonNode parent, String field) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) return null;
        return integer(parent, field);
    }

    /** Keeps a rejection reason short whatever the frame held. */
    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    static Long msToUs(Long ms) {
        if (ms == null) return null;
        if (ms < 0 || ms > Long.MAX_VALUE / 1000) throw new MalformedFrame("timestamp out of range: " + ms);
        return ms * 1000L;
    }
}
