package io.spreadflow.execution.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spreadflow.engine.signal.IntentId;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The wire form of intents and reports: JSON objects whose field names are those of the Avro schemas.
 * Parsing validates every field and names the first bad one; the job's sink and the service both use
 * this class, so what one writes the other reads.
 */
public final class IntentCodec {

    private static final Pattern INSTRUMENT = Pattern.compile("[A-Z0-9]{1,20}-[A-Z0-9]{1,20}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._\\-]{1,64}");
    private static final int MAX_LEGS = 8;
    private static final int MAX_REASON = 500;
    private static final Set<String> INTENT_FIELDS =
            Set.of("intentId", "instrument", "strategyId", "sequence", "purpose", "legs", "eventTsUs", "reason", "positionId");
    private static final Set<String> LEG_FIELDS = Set.of("venue", "side", "quantity", "limitPrice", "reduceOnly");

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private IntentCodec() {}

    /** The shared, configured mapper (strict about duplicate keys). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses a request body: one intent object, or an array of them.
     *
     * @throws InvalidIntentException naming the first invalid field ({@code [2].legs[0].side} in a batch)
     */
    public static List<OrderIntent> parseBody(byte[] body, int maxBatch) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            // where, not the parser's message: error bodies carry no exception text
            var at = e.getLocation();
            throw new InvalidIntentException("body", "not valid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()));
        } catch (IOException e) {
            throw new InvalidIntentException("body", "unreadable");
        }
        if (root == null || root.isMissingNode()) throw new InvalidIntentException("body", "empty");
        List<OrderIntent> intents = new ArrayList<>();
        if (root.isArray()) {
            if (root.isEmpty()) throw new InvalidIntentException("body", "empty batch");
            if (root.size() > maxBatch) throw new InvalidIntentException("body", "batch of " + root.size() + " intents exceeds " + maxBatch);
            for (int i = 0; i < root.size(); i++) intents.add(parseIntent(root.get(i), "[" + i + "]."));
        } else {
            intents.add(parseIntent(root, ""));
        }
        return intents;
    }

    /** Parses and validates one intent object; {@code prefix} is prepended to field names in errors. */
    public static OrderIntent parseIntent(JsonNode n, String prefix) {
        if (n == null || !n.isObject()) throw new InvalidIntentException(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "must be a JSON object");
        unknownFields(n, INTENT_FIELDS, prefix);
        String intentId = intentId(n, prefix);
        String instrument = text(n, "instrument", prefix, INSTRUMENT, "canonical BASE-QUOTE in capitals, e.g. BTC-USDT");
        String strategyId = text(n, "strategyId", prefix, NAME, "1–64 characters of A–Z a–z 0–9 . _ -");
        long sequence = integer(n, "sequence", prefix, true);
        if (sequence < 0) throw new InvalidIntentException(prefix + "sequence", "must be ≥ 0, was " + sequence);
        IntentPurpose purpose = IntentPurpose.OTHER;
        JsonNode p = n.get("purpose");
        if (p != null && !p.isNull()) {
            if (!p.isTextual()) throw new InvalidIntentException(prefix + "purpose", "must be one of ENTRY, EXIT, HEDGE, OTHER");
            try {
                purpose = IntentPurpose.valueOf(p.asText());
            } catch (IllegalArgumentException e) {
                throw new InvalidIntentException(prefix + "purpose", "must be one of ENTRY, EXIT, HEDGE, OTHER, was '" + p.asText() + "'");
            }
        }
        long eventTsUs = integer(n, "eventTsUs", prefix, true);
        if (eventTsUs < 0) throw new InvalidIntentException(prefix + "eventTsUs", "must be ≥ 0 (epoch microseconds), was " + eventTsUs);
        JsonNode r = n.get("reason");
        if (r == null || !r.isTextual()) throw new InvalidIntentException(prefix + "reason", "required, a string");
        if (r.asText().length() > MAX_REASON) throw new InvalidIntentException(prefix + "reason", "longer than " + MAX_REASON + " characters");
        Long positionId = null;
        JsonNode pid = n.get("positionId");
        if (pid != null && !pid.isNull()) positionId = integer(n, "positionId", prefix, true);
        JsonNode legsNode = n.get("legs");
        if (legsNode == null || !legsNode.isArray()) throw new InvalidIntentException(prefix + "legs", "required, an array of legs");
        if (legsNode.isEmpty()) throw new InvalidIntentException(prefix + "legs", "must hold at least one leg");
        if (legsNode.size() > MAX_LEGS) throw new InvalidIntentException(prefix + "legs", "more than " + MAX_LEGS + " legs");
        List<OrderLeg> legs = new ArrayList<>();
        for (int i = 0; i < legsNode.size(); i++) legs.add(parseLeg(legsNode.get(i), prefix + "legs[" + i + "]"));
        return OrderIntent.newBuilder()
                .setIntentId(intentId).setInstrument(instrument).setStrategyId(strategyId).setSequence(sequence)
                .setPurpose(purpose).setLegs(legs).setEventTsUs(eventTsUs).setReason(r.asText()).setPositionId(positionId)
                .build();
    }

    private static OrderLeg parseLeg(JsonNode n, String at) {
        if (n == null || !n.isObject()) throw new InvalidIntentException(at, "must be a JSON object");
        String prefix = at + ".";
        unknownFields(n, LEG_FIELDS, prefix);
        String venue = text(n, "venue", prefix, NAME, "1–64 characters of A–Z a–z 0–9 . _ -");
        JsonNode s = n.get("side");
        if (s == null || !s.isTextual() || !(s.asText().equals("BUY") || s.asText().equals("SELL"))) {
            throw new InvalidIntentException(prefix + "side", "required, BUY or SELL" + (s == null ? "" : ", was " + s));
        }
        double qty = positiveNumber(n, "quantity", prefix, true);
        Double limit = null;
        JsonNode lp = n.get("limitPrice");
        if (lp != null && !lp.isNull()) limit = positiveNumber(n, "limitPrice", prefix, true);
        boolean reduceOnly = false;
        JsonNode ro = n.get("reduceOnly");
        if (ro != null && !ro.isNull()) {
            if (!ro.isBoolean()) throw new InvalidIntentException(prefix + "reduceOnly", "must be true or false");
            reduceOnly = ro.booleanValue();
        }
        return OrderLeg.newBuilder().setVenue(venue).setSide(Side.valueOf(s.asText())).setQuantity(qty).setLimitPrice(limit)
                .setReduceOnly(reduceOnly).build();
    }

    private static void unknownFields(JsonNode n, Set<String> known, String prefix) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) throw new InvalidIntentException(prefix + f, "unknown field");
        }
    }

    /** Ids as the engine makes them ({@link IntentId#format}) or any other caller's, within {@link IntentId#SYNTAX}. */
    private static String intentId(JsonNode n, String prefix) {
        JsonNode v = n.get("intentId");
        if (v == null || v.isNull()) throw new InvalidIntentException(prefix + "intentId", "required");
        if (!v.isTextual()) throw new InvalidIntentException(prefix + "intentId", "must be a string");
        if (!IntentId.isWellFormed(v.asText())) {
            throw new InvalidIntentException(prefix + "intentId", "must be " + IntentId.SYNTAX + ", was '" + abbreviate(v.asText()) + "'");
        }
        return v.asText();
    }

    private static String text(JsonNode n, String field, String prefix, Pattern pattern, String expected) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new InvalidIntentException(prefix + field, "required");
        if (!v.isTextual()) throw new InvalidIntentException(prefix + field, "must be a string");
        if (!pattern.matcher(v.asText()).matches()) throw new InvalidIntentException(prefix + field, "must be " + expected + ", was '" + abbreviate(v.asText()) + "'");
        return v.asText();
    }

    private static long integer(JsonNode n, String field, String prefix, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new InvalidIntentException(prefix + field, "required");
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw new InvalidIntentException(prefix + field, "must be an integer (64-bit), was " + abbreviate(v.toString()));
        return v.longValue();
    }

    private static double positiveNumber(JsonNode n, String field, String prefix, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new InvalidIntentException(prefix + field, "required");
        if (!v.isNumber()) throw new InvalidIntentException(prefix + field, "must be a number, was " + abbreviate(v.toString()));
        double d = v.doubleValue();
        if (!Double.isFinite(d) || d <= 0) throw new InvalidIntentException(prefix + field, "must be a finite number > 0, was " + v);
        return d;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** The JSON object of one intent, fields in schema order. */
    public static ObjectNode toJson(OrderIntent i) {
        ObjectNode o = NODES.objectNode();
        o.put("intentId", i.getIntentId());
        o.put("instrument", i.getInstrument());
        o.put("strategyId", i.getStrategyId());
        o.put("sequence", i.getSequence());
        o.put("purpose", i.getPurpose().name());
        ArrayNode legs = o.putArray("legs");
        for (OrderLeg l : i.getLegs()) {
            ObjectNode lo = legs.addObject();
            lo.put("venue", l.getVenue());
            lo.put("side", l.getSide().name());
            lo.put("quantity", l.getQuantity());
            if (l.getLimitPrice() == null) lo.putNull("limitPrice"); else lo.put("limitPrice", l.getLimitPrice());
            lo.put("reduceOnly", l.getReduceOnly());
        }
        o.put("eventTsUs", i.getEventTsUs());
        o.put("reason", i.getReason());
        if (i.getPositionId() == null) o.putNull("positionId"); else o.put("positionId", i.getPositionId());
        return o;
    }

    /** The JSON text of intents as one request body: an object for one, an array for several. */
    public static byte[] requestBody(List<OrderIntent> intents) {
        try {
            if (intents.size() == 1) return MAPPER.writeValueAsBytes(toJson(intents.get(0)));
            ArrayNode a = NODES.arrayNode();
            for (OrderIntent i : intents) a.add(toJson(i));
            return MAPPER.writeValueAsBytes(a);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write intents as JSON", e);
        }
    }

    /** The canonical text of an intent (schema field order, fixed number format); the ledger stores it. */
    public static String canonical(OrderIntent i) {
        return toJson(i).toString();
    }

    /** SHA-256 of the canonical text: tells whether a resent id carries the same intent. */
    public static String fingerprint(OrderIntent i) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(canonical(i).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    /** Parses the canonical text the ledger stored. */
    public static OrderIntent fromCanonical(String json) {
        try {
            return parseIntent(MAPPER.readTree(json), "");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ledger holds an intent that is not JSON", e);
        }
    }

    /** The JSON object of one report. */
    public static ObjectNode toJson(ExecutionReport r) {
        ObjectNode o = NODES.objectNode();
        o.put("intentId", r.getIntentId());
        o.put("instrument", r.getInstrument());
        o.put("legIndex", r.getLegIndex());
        o.put("venue", r.getVenue());
        o.put("side", r.getSide().name());
        o.put("status", r.getStatus().name());
        o.put("filledQty", r.getFilledQty());
        if (r.getAvgPrice() == null) o.putNull("avgPrice"); else o.put("avgPrice", r.getAvgPrice());
        o.put("fee", r.getFee());
        o.put("feeCurrency", r.getFeeCurrency());
        if (r.getVenueOrderId() == null) o.putNull("venueOrderId"); else o.put("venueOrderId", r.getVenueOrderId());
        if (r.getReason() == null) o.putNull("reason"); else o.put("reason", r.getReason());
        o.put("intentEventTsUs", r.getIntentEventTsUs());
        if (r.getFillEventTsUs() == null) o.putNull("fillEventTsUs"); else o.put("fillEventTsUs", r.getFillEventTsUs());
        return o;
    }

    /** Reads a report object written by {@link #toJson(ExecutionReport)}. */
    public static ExecutionReport reportFromJson(JsonNode o) {
        return ExecutionReport.newBuilder()
                .setIntentId(o.get("intentId").asText())
                .setInstrument(o.get("instrument").asText())
                .setLegIndex(o.get("legIndex").asInt())
                .setVenue(o.get("venue").asText())
                .setSide(Side.valueOf(o.get("side").asText()))
                .setStatus(io.spreadflow.schemas.ExecutionStatus.valueOf(o.get("status").asText()))
                .setFilledQty(o.get("filledQty").asDouble())
                .setAvgPrice(nullableDouble(o.get("avgPrice")))
                .setFee(o.get("fee").asDouble())
                .setFeeCurrency(o.get("feeCurrency").asText())
                .setVenueOrderId(nullableText(o.get("venueOrderId")))
                .setReason(nullableText(o.get("reason")))
                .setIntentEventTsUs(o.get("intentEventTsUs").asLong())
                .setFillEventTsUs(o.get("fillEventTsUs") == null || o.get("fillEventTsUs").isNull() ? null : o.get("fillEventTsUs").asLong())
                .build();
    }

    private static Double nullableDouble(JsonNode n) {
        return n == null || n.isNull() ? null : n.asDouble();
    }

    private static String nullableText(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    /** A one-field error object, {@code {"error": message}} plus any extra fields. */
    public static byte[] error(String message, Map<String, String> extra) {
        ObjectNode o = NODES.objectNode();
        o.put("error", message);
        extra.forEach(o::put);
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
