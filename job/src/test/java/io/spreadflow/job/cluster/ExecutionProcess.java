package io.spreadflow.job.cluster;

import io.spreadflow.connectors.testing.Await;
import io.spreadflow.execution.ExecutionService;
import io.spreadflow.execution.ExecutionSettings;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The execution service (paper venue) in a JVM of its own, so that a test can kill it with SIGKILL and
 * start it again on the same port and ledger. {@link #main} is the child: {@link ExecutionService#start}
 * with the book history the given settings name, which {@code ExecutionService.main} does not take: a job
 * catching up after a failure sends intents whose books lie far behind the tick stream's head.
 */
public final class ExecutionProcess implements AutoCloseable {

    /**
     * How the child runs.
     *
     * @param quotes     past quotes kept per (instrument, venue), and ticks re-read per partition at start
     * @param bookWaitMs how long an intent waits for the books to reach its event time
     */
    public record Setup(int port, Path dataDir, String token, String bootstrap, String booksTopic, String executionsTopic,
                        int quotes, long bookWaitMs, Map<String, BigDecimal> takerFees) {
        public Setup {
            takerFees = Map.copyOf(takerFees);
        }

        /** What the service runs with: the same {@link ExecutionSettings} the child builds. */
        public ExecutionSettings settings() {
            return ExecutionSettings.DEFAULT.withPort(port).withDataDir(dataDir).withApiToken(token).withKafkaBootstrap(bootstrap)
                    .withTopics(booksTopic, executionsTopic).withTakerFees(takerFees).withQuoteHistory(quotes, quotes, bookWaitMs);
        }

        List<String> args() {
            List<String> a = new ArrayList<>(List.of(Integer.toString(port), dataDir.toString(), token, bootstrap, booksTopic,
                    executionsTopic, Integer.toString(quotes), Long.toString(bookWaitMs)));
            takerFees.forEach((venue, fee) -> a.add(venue + "=" + fee.toPlainString()));
            return a;
        }

        static Setup parse(String[] a) {
            Map<String, BigDecimal> fees = new LinkedHashMap<>();
            for (int i = 8; i < a.length; i++) fees.put(a[i].substring(0, a[i].indexOf('=')), new BigDecimal(a[i].substring(a[i].indexOf('=') + 1)));
            return new Setup(Integer.parseInt(a[0]), Path.of(a[1]), a[2], a[3], a[4], a[5], Integer.parseInt(a[6]), Long.parseLong(a[7]), fees);
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Setup setup;
    private final Path log;
    private final Process process;

    private ExecutionProcess(Setup setup, Path log, Process process) {
        this.setup = setup;
        this.log = log;
        this.process = process;
    }

    /** Starts the child and returns once it listens; its output goes to {@code log}. */
    public static ExecutionProcess start(Setup setup, Path log, Duration timeout) throws IOException {
        return start(setup, log, timeout, List.of());
    }

    /**
     * As {@link #start(Setup, Path, Duration)}, with further JVM options for the child, e.g.
     * {@code -D}{@value #RECEIPTS_FILE}{@code =path}.
     */
    public static ExecutionProcess start(Setup setup, Path log, Duration timeout, List<String> jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                // the service's own shutdown lines must reach the log: Log4j's hook would stop logging first
                "-Dlog4j.shutdownHookEnabled=false"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ExecutionProcess.class.getName()));
        cmd.addAll(setup.args());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ExecutionProcess child = new ExecutionProcess(setup, log, p);
        try {
            Await.until(() -> {
                if (!p.isAlive()) throw new AssertionError("execution service exited with " + p.exitValue() + ":\n" + child.logTail(40));
                return child.output().contains(ExecutionService.READY_PREFIX);
            }, timeout, () -> "execution service ready; its log:\n" + child.logTail(40));
        } catch (RuntimeException | Error e) {
            p.destroyForcibly();
            throw e;
        }
        return child;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + setup.port();
    }

    /** Kills the service with SIGKILL ({@link Process#destroyForcibly()}) and waits until it is gone. */
    public void kill() throws InterruptedException {
        if (!process.destroyForcibly().waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("service outlived SIGKILL");
    }

    /**
     * A counter of the service's {@code /metrics}, summed over its labels; 0 when it has none or the
     * service does not answer.
     */
    public double metric(String name) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/metrics"))
                    .header("Authorization", "Bearer " + setup.token()).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) return 0;
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:_total)?(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(r.body());
            double sum = 0;
            while (m.find()) sum += Double.parseDouble(m.group(1));
            return sum;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * What the service says of intent {@code id}: its ledger status ({@code RECEIVED} while executing, then the
     * outcome), or {@code UNKNOWN} when its ledger does not hold it (not arrived, or waiting for its book).
     */
    public String intentStatus(String id) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/intents/"
                            + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + setup.token()).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) return "UNKNOWN";
            if (r.statusCode() != 200) throw new IllegalStateException("GET intent " + id + ": " + r.statusCode() + " " + r.body());
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("status").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Intents that reached this process's desk and got no answer yet (received, but neither executed, refused nor known).
     * Intents a previous run left pending, which this one completed at start, are answered without being received here.
     */
    public double intentsUnanswered() {
        return metric("spreadflow_execution_intents_received") + metric("spreadflow_execution_intents_recovered")
                - metric("spreadflow_execution_intents_executed") - metric("spreadflow_execution_intents_duplicate")
                - metric("spreadflow_execution_intents_rejected");
    }

    public String logTail(int lines) {
        List<String> all = output().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Stops the service with SIGTERM (its shutdown hook drains intents and the outbox), forcibly after 60 s. */
    @Override
    public void close() {
        // SIGTERM through the handle: Process.destroy() would also close our end of the child's output
        process.toHandle().destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * System property of the child: a file to which it appends one line per intent its desk receives,
     * {@code eventTsUs receivedUs purpose intentId}, received in µs of the wall clock (the latency harness
     * reads it; the machine's processes share that clock). Written when the service stops.
     */
    public static final String RECEIPTS_FILE = "spreadflow.receipts-file";

    /** The child: {@code port data-dir token bootstrap books-topic executions-topic quotes book-wait-ms [venue=taker-fee ...]}. */
    public static void main(String[] args) throws InterruptedException, IOException {
        ExecutionService service = ExecutionService.start(Setup.parse(args).settings());
        String receipts = System.getProperty(RECEIPTS_FILE);
        if (receipts != null) {
            java.io.PrintWriter out = new java.io.PrintWriter(Files.newBufferedWriter(Path.of(receipts)));
            service.desk().watchReceipts(intent -> {
                java.time.Instant now = java.time.Instant.now();
                long us = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
                synchronized (out) {
                    out.println(intent.getEventTsUs() + " " + us + " " + intent.getPurpose() + " " + intent.getIntentId());
                }
            });
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                synchronized (out) {
                    out.close();
                }
            }, "execution-shutdown"));
        } else {
            Runtime.getRuntime().addShutdownHook(new Thread(service::close, "execution-shutdown"));
        }
        System.out.println(ExecutionService.READY_PREFIX + service.baseUrl());
        System.out.flush();
        Thread.currentThread().join();
    }
}
