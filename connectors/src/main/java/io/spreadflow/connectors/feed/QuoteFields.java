package io.spreadflow.connectors.feed;

import com.fasterxml.jackson.databind.JsonNode;
import io.spreadflow.connectors.files.Instruments;

import java.math.BigDecimal;

/** Reads and checks the fields of a quote; every failure is a {@link MalformedFrame} naming the field. */
final class QuoteFields {

    private QuoteFields() {}

    /** The canonical instrument ({@code BASE-QUOTE}) of a venue symbol. */
    static String instrument(String symbol) {
        try {
            return Instruments.canonical(symbol);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrame(e.getMessage());
        }
    }

    /** Element {@code i} of a JSON array as text (numbers keep their digits). */
    static String text(JsonNode array, int i) {
        JsonNode n = array.get(i);
        if (n == null || !n.isValueNode() || n.isNull()) throw new MalformedFrame("element " + i + " is not a value");
        String s = n.isNumber() ? n.decimalValue().toPlainString() : n.asText();
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
        String s = n.isNumber() ? n.decimalValue().toPlainString() : n.asText();
        if (s.isEmpty()) throw new MalformedFrame("field '" + field + "' is empty");
        return s;
    }

    /** A price: a decimal above zero, returned verbatim. */
    static String price(JsonNode parent, String field) {
        return price(text(parent, field), field);
    }

    static String price(String s, String field) {
        BigDecimal d = decimal(s, field);
        if (d.signum() <= 0) throw new MalformedFrame(field + " must be above zero, was '" + s + "'");
        return s;
    }

    /** A size: a decimal of at least zero, returned verbatim. */
    static String size(JsonNode parent, String field) {
        return size(text(parent, field), field);
    }

    static String size(String s, String field) {
        BigDecimal d = decimal(s, field);
        if (d.signum() < 0) throw new MalformedFrame(field + " must not be negative, was '" + s + "'");
        return s;
    }

    static BigDecimal decimal(String s, String field) {
        if (s == null || s.isEmpty()) throw new MalformedFrame("field '" + field + "' is empty");
        if (s.length() > 64) throw new MalformedFrame("field '" + field + "' is too long to be a number");
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            throw new MalformedFrame("field '" + field + "' is not a number: '" + s + "'");
        }
    }

    static long integer(JsonNode parent, String field) {
        JsonNode n = require(parent, field);
        if (n.isIntegralNumber() && n.canConvertToLong()) return n.longValue();
        if (n.isTextual()) {
            try {
                return Long.parseLong(n.asText().trim());
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new MalformedFrame("field '" + field + "' is not an integer: '" + n + "'");
    }

    static Long optionalInteger(JsonNode parent, String field) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) return null;
        return integer(parent, field);
    }

    static Long msToUs(Long ms) {
        if (ms == null) return null;
        if (ms < 0 || ms > Long.MAX_VALUE / 1000) throw new MalformedFrame("timestamp out of range: " + ms);
        return ms * 1000L;
    }
}
