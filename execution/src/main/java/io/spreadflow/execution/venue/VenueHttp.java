package io.spreadflow.execution.venue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Sends a venue's REST requests: takes each request's weight from the {@link RateBudget}, backs off
 * and retries on 429 and 418 (which the venues document as "not processed"), and turns silence —
 * a timeout, a broken connection or a 5xx — into an UNKNOWN outcome that the caller must look up.
 * In dry-run mode a signed request is logged exactly as it would go out (the API key shortened) and
 * not sent.
 */
public final class VenueHttp {

    private static final Logger LOG = LoggerFactory.getLogger(VenueHttp.class);
    private static final Set<String> KEY_HEADERS = Set.of("x-mbx-apikey", "x-mexc-apikey", "key");
    private static final int MAX_RATE_RETRIES = 3;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    /** One request as built (and, if signed, signed) for one attempt. */
    public record Call(String method, String pathAndQuery, String body, Map<String, String> headers, int weight, boolean signed) {
    }

    public record Answer(int status, String body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private final String venue;
    private final URI baseUrl;
    private final Duration timeout;
    private final RateBudget budget;
    private final boolean dryRun;
    private final HttpClient http;

    public VenueHttp(String venue, URI baseUrl, Duration timeout, RateBudget budget, boolean dryRun) {
        this.venue = venue;
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.budget = budget;
        this.dryRun = dryRun;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public String venue() {
        return venue;
    }

    /**
     * Sends the request {@code build} makes (called again for each retry, so a signature's timestamp
     * is fresh) and answers with any 2xx or 4xx; 429/418 are retried, 5xx and no answer are UNKNOWN.
     */
    public Answer send(Supplier<Call> build) throws VenueException {
        try {
            for (int attempt = 0; ; attempt++) {
                Call call = build.get();
                budget.acquire(call.weight(), MAX_BACKOFF);
                if (dryRun && call.signed()) {
                    LOG.info("dry run, not sent: {} {}{} headers={} body={}", call.method(), baseUrl, call.pathAndQuery(),
                            masked(call.headers()), call.body() == null ? "" : call.body());
                    throw VenueException.rejected(RejectReason.DRY_RUN, venue + " dry run: " + call.method() + " "
                            + call.pathAndQuery().split("\\?")[0] + " signed and logged, not sent");
                }
                HttpResponse<String> r = http.send(request(call), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 429 || r.statusCode() == 418) {
                    Duration wait = retryAfter(r, attempt);
                    budget.pause(wait);
                    if (attempt >= MAX_RATE_RETRIES || wait.compareTo(MAX_BACKOFF) > 0) {
                        throw VenueException.rejected(RejectReason.RATE_LIMITED, venue + " answered " + r.statusCode()
                                + ", backing off " + wait.toMillis() + " ms");
                    }
                    LOG.info("{} answered {}: backing off {} ms", venue, r.statusCode(), wait.toMillis());
                    continue;
                }
                if (r.statusCode() >= 500) {
                    throw VenueException.unknown(venue + " answered " + r.statusCode() + " to " + call.method() + " "
                            + call.pathAndQuery().split("\\?")[0]);
                }
                return new Answer(r.statusCode(), r.body());
            }
        } catch (IOException e) {
            throw VenueException.unknown("no answer from " + venue + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VenueException.unknown("interrupted while waiting for " + venue);
        }
    }

    private HttpRequest request(Call call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(baseUrl.resolve(call.pathAndQuery())).timeout(timeout)
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(call.body()));
        call.headers().forEach(b::header);
        return b.build();
    }

    /** The venue's Retry-After (seconds), else 1 s doubling per attempt. */
    static Duration retryAfter(HttpResponse<?> r, int attempt) {
        String h = r.headers().firstValue("Retry-After").orElse(null);
        if (h != null) {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(h.trim())));
            } catch (NumberFormatException ignored) {
                // an HTTP date: fall back to the doubling wait
            }
        }
        return Duration.ofSeconds(1L << Math.min(attempt, 4));
    }

    static Map<String, String> masked(Map<String, String> headers) {
        Map<String, String> out = new TreeMap<>();
        headers.forEach((k, v) -> out.put(k, KEY_HEADERS.contains(k.toLowerCase()) ? v.substring(0, Math.min(4, v.length())) + "…" : v));
        return out;
    }

    @Override
    public String toString() {
        return "VenueHttp[" + venue + " " + baseUrl + (dryRun ? ", dry run" : "") + "]";
    }
}
