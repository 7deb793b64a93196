package io.spreadflow.execution.venue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spreadflow.schemas.OrderIntent;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/**
 * What Gate.io spot and USDT futures (APIv4) share: requests signed with {@link GateSigner}, JSON
 * bodies, errors as {@code {"label":"BALANCE_NOT_ENOUGH","message":"..."}}, and client ids in the
 * {@code text} field, which must start with {@code t-} (at most 28 characters here) and can stand in
 * for the order id in the order endpoints.
 */
abstract class GateApi implements VenueApi {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PREFIX = "/api/v4";

    private final String venue;
    private final VenueHttp http;
    private final GateSigner signer;
    private final Clock clock;

    GateApi(String venue, VenueHttp http, ApiCredentials credentials, Clock clock) {
        this.venue = venue;
        this.http = http;
        this.signer = new GateSigner(credentials);
        this.clock = clock;
    }

    @Override
    public String venue() {
        return venue;
    }

    @Override
    public String symbol(String instrument) {
        return instrument.replace("-", "_").toUpperCase();
    }

    @Override
    public String clientId(OrderIntent intent, int legIndex) {
        return "t-" + VenueAdapter.clientOrderId(intent.getIntentId() + "#" + legIndex, 26);
    }

    /** Maps a Gate.io error label to a rejection. */
    abstract VenueException error(String label, String message);

    /** A signed request to {@code /api/v4 + path}; {@code query} as sent ("" when none), {@code body} JSON or null. */
    JsonNode signed(String method, String path, String query, String body, int weight) throws VenueException {
        String full = PREFIX + path;
        VenueHttp.Answer a = http.send(() -> {
            long ts = clock.millis() / 1000;
            return new VenueHttp.Call(method, full + (query.isEmpty() ? "" : "?" + query), body,
                    signer.headers(method, full, query, body == null ? "" : body, ts), weight, true);
        });
        return read(a);
    }

    JsonNode unsigned(String path, int weight) throws VenueException {
        return read(http.send(() -> new VenueHttp.Call("GET", PREFIX + path, null, Map.of("Accept", "application/json"), weight, false)));
    }

    private JsonNode read(VenueHttp.Answer a) throws VenueException {
        JsonNode n;
        try {
            n = JSON.readTree(a.body() == null || a.body().isBlank() ? "{}" : a.body());
        } catch (IOException e) {
            if (a.ok()) throw VenueException.unknown(venue + " answered " + a.status() + " with unreadable JSON");
            throw VenueException.rejected(RejectReason.OTHER, venue + " " + a.status() + ": " + a.body());
        }
        if (a.ok()) return n;
        String label = n.path("label").asText("");
        String message = venue + " " + label + " " + n.path("message").asText("");
        throw switch (label) {
            case "ORDER_NOT_FOUND" -> VenueException.rejected(RejectReason.UNKNOWN_ORDER, message);
            // the text is already taken: the order exists, so it is looked up instead
            case "REPEATED_CREATION", "ORDER_EXISTS" -> VenueException.unknown(message);
            case "INVALID_SIGNATURE", "INVALID_KEY", "INVALID_CREDENTIALS", "REQUEST_EXPIRED", "MISSING_REQUIRED_HEADER",
                 "IP_FORBIDDEN", "READ_ONLY", "FORBIDDEN" -> VenueException.rejected(RejectReason.AUTHENTICATION, message);
            default -> error(label, message);
        };
    }

    static String json(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static java.math.BigDecimal decimal(JsonNode o, String field) {
        String s = o.path(field).asText("");
        return s.isEmpty() ? java.math.BigDecimal.ZERO : new java.math.BigDecimal(s);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + http + ", " + signer + "]";
    }
}
