package io.spreadflow.execution;

import io.javalin.Javalin;
import io.spreadflow.execution.book.QuoteHistory;
import io.spreadflow.execution.book.TickFeed;
import io.spreadflow.execution.health.KafkaBroker;
import io.spreadflow.execution.health.ServiceHealth;
import io.spreadflow.execution.http.IntentApi;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.report.ReportOutbox;
import io.spreadflow.execution.risk.RiskCheck;
import io.spreadflow.engine.market.Quote;
import io.spreadflow.execution.reconcile.ReconcileReport;
import io.spreadflow.execution.reconcile.Reconciler;
import io.spreadflow.execution.venue.LiveTrading;
import io.spreadflow.execution.venue.LiveVenue;
import io.spreadflow.execution.venue.LiveVenues;
import io.spreadflow.execution.venue.PaperVenue;
import io.spreadflow.execution.venue.VenueAdapter;
import io.spreadflow.execution.venue.VenueRouter;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The execution service, runnable in-process: {@code ExecutionService.start(settings)} opens the
 * ledger, starts the book feed, the report outbox and the HTTP API, completes intents a previous run
 * left pending, and returns a handle whose {@link #port()} tells where it listens and whose
 * {@link #close()} stops it. {@link #main} runs it as a process.
 */
public final class ExecutionService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionService.class);
    /** Read when no token is configured; otherwise the service writes a fresh token to {@code <dataDir>/api-token}. */
    public static final String TOKEN_ENV = "SPREADFLOW_EXECUTION_TOKEN";
    /** What {@link #main} prints on stdout once the API listens, followed by its base URL. */
    public static final String READY_PREFIX = "EXECUTION READY ";
    /** How long {@link #close()} waits for intents under way. */
    private static final long DRAIN_MS = 10_000;

    private final ExecutionSettings settings;
    private final IntentLedger ledger;
    private final OrderDesk desk;
    private final ServiceMetrics metrics;
    private final Javalin http;
    private final TickFeed feed;
    private final ReportOutbox outbox;
    private final String token;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private ExecutionService(ExecutionSettings settings, IntentLedger ledger, OrderDesk desk, ServiceMetrics metrics, Javalin http,
                             TickFeed feed, ReportOutbox outbox, String token) {
        this.settings = settings;
        this.ledger = ledger;
        this.desk = desk;
        this.metrics = metrics;
        this.http = http;
        this.feed = feed;
        this.outbox = outbox;
        this.token = token;
    }

    /** Starts the service with paper execution on every venue. */
    public static ExecutionService start(ExecutionSettings settings) {
        return start(settings, LiveTrading.PAPER);
    }

    /**
     * Starts the service; legs on the venues {@code live} names go to those venues, the rest to paper.
     * With live venues, the ledger is first reconciled with them: when they agree, intents left
     * RECEIVED are completed (their orders looked up by client id first); when they do not, each
     * mismatch is logged and every new intent is refused. Everything started so far is stopped again
     * when a later step fails.
     */
    public static ExecutionService start(ExecutionSettings settings, LiveTrading live) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Files.createDirectories(settings.dataDir());
            String token = resolveToken(settings);
            // a service without a broker has no books to fill against: refuse to start unless told to run without one
            if (settings.kafkaBootstrap() != null) KafkaBroker.awaitAnswer(settings.kafka(), settings.kafkaWaitMs());
            ServiceMetrics metrics = new ServiceMetrics();
            started.add(metrics);
            IntentLedger ledger = IntentLedger.open(settings.effectiveDbUrl(), settings.dbUser(), settings.dbPassword(), settings.ledgerPageRows());
            started.add(ledger);
            QuoteHistory books = new QuoteHistory(settings.quoteLimits());
            metrics.quoteHistory(books);
            TickFeed feed = null;
            ReportOutbox outbox = null;
            if (settings.kafkaBootstrap() != null) {
                feed = new TickFeed(settings.kafka(), settings.ticksTopic(), settings.ticksReplayRecords(), books, metrics);
                started.add(feed);
                outbox = new ReportOutbox(ledger, settings.kafka(), settings.executionsTopic(), metrics);
                started.add(outbox);
            } else {
                LOG.info("running without Kafka: no books to fill against, reports stay in the ledger's outbox");
            }
            PaperVenue paper = new PaperVenue(books, settings.fillLatencyUs(),
                    PaperVenue.takerFillModel(settings.takerFees(), settings.defaultTakerFee()));
            ReportOutbox out = outbox;
            Map<String, LiveVenue> lives = LiveVenues.adapters(live, referencePrice(books, paper), Clock.systemUTC());
            VenueAdapter venues = lives.isEmpty() ? paper : new VenueRouter(lives, paper);
            OrderDesk desk = new OrderDesk(ledger, books, venues, paper, new RiskCheck(settings.riskLimits()), metrics,
                    () -> { if (out != null) out.wake(); }, settings.bookWaitMs(), feed != null);
            metrics.gauge("spreadflow_execution_kill_switch", () -> desk.killSwitch() ? 1 : 0);
            metrics.ledger(ledger);
            ReconcileReport reconciled = lives.isEmpty() ? null : new Reconciler(ledger, lives).compare(List.of());
            if (reconciled != null && !reconciled.clean()) {
                reconciled.mismatches().forEach(m -> LOG.error("reconciliation: {}", m));
                desk.refuseTrading("reconciliation with " + lives.keySet() + " found " + reconciled.mismatches().size()
                        + " mismatch(es), first: " + reconciled.mismatches().get(0) + "; see ./spreadflow execution reconcile");
            }
            int recovered = reconciled == null || reconciled.clean() ? desk.recoverPending() : 0;
            if (recovered > 0) LOG.info("completed {} intents left pending by the previous run", recovered);
            ServiceHealth health = new ServiceHealth(ledger, feed, outbox, settings.maxTickAgeMs(), desk::accepting);
            Javalin http = new IntentApi(desk, ledger, metrics, health, token, settings.maxBodyBytes(), settings.maxBatchIntents())
                    .start(settings.bindHost(), settings.port(), settings.tlsKeystore(), settings.tlsKeystorePassword());
            ExecutionService s = new ExecutionService(settings, ledger, desk, metrics, http, feed, outbox, token);
            LOG.info("execution service listening on {}:{} ({})", settings.bindHost(), s.port(), settings);
            return s;
        } catch (IOException e) {
            closeAll(started);
            throw new UncheckedIOException("cannot prepare data dir " + settings.dataDir(), e);
        } catch (InterruptedException e) {
            closeAll(started);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    /** A leg's price on the book held for its fill time: the ask for a buy, the bid for a sell. */
    private static LiveVenue.ReferencePrice referencePrice(QuoteHistory books, PaperVenue paper) {
        return (intent, legIndex) -> {
            OrderLeg leg = intent.getLegs().get(legIndex);
            Quote q = books.asOf(intent.getInstrument(), leg.getVenue(), paper.fillTimeUs(intent));
            return q == null ? null : BigDecimal.valueOf(leg.getSide() == Side.BUY ? q.ask() : q.bid());
        };
    }

    /** The settings' token, else {@value #TOKEN_ENV}, else a fresh random one written to {@code <dataDir>/api-token} (mode 600). */
    static String resolveToken(ExecutionSettings s) throws IOException {
        if (s.apiToken() != null && !s.apiToken().isBlank()) return s.apiToken().trim();
        String env = System.getenv(TOKEN_ENV);
        if (env != null && !env.isBlank()) return env.trim();
        Path file = s.dataDir().resolve("api-token");
        if (Files.isRegularFile(file)) return Files.readString(file).trim();
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        // created owner-only: narrowing the permissions after writing would leave the token readable in between
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        else Files.createFile(file);
        Files.writeString(file, token + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        LOG.info("no API token configured: generated one in {}", file.toAbsolutePath());
        return token;
    }

    /** The HTTP port the service listens on. */
    public int port() {
        return http.port();
    }

    /** {@code http://host:port}, or {@code https://…} with a TLS keystore. */
    public String baseUrl() {
        return (settings.tls() ? "https://" : "http://") + settings.bindHost() + ":" + port();
    }

    /** The bearer token callers must present (for in-process callers such as the demo). */
    public String token() {
        return token;
    }

    public IntentLedger ledger() {
        return ledger;
    }

    public OrderDesk desk() {
        return desk;
    }

    public ServiceMetrics metrics() {
        return metrics;
    }

    /**
     * Refuses new intents and lets those under way finish, stops the API, then publishes what is pending,
     * then closes the ledger. Idempotent; a shutdown hook calls it on SIGTERM.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        LOG.info("execution service stopping: finishing intents under way, then publishing pending reports");
        try {
            if (!desk.drain(DRAIN_MS)) LOG.warn("intents still executing after {} ms; stopping anyway, the next start completes them", DRAIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            http.stop();
        } catch (RuntimeException e) {
            // a request still running past the stop timeout: the outbox and the ledger must close all the same
            LOG.warn("HTTP server did not stop gracefully: {}", e.getClass().getSimpleName());
        }
        // in start order: closeAll stops them last-started first, so the outbox drains before the ledger closes
        List<AutoCloseable> parts = new ArrayList<>();
        parts.add(metrics);
        parts.add(ledger);
        if (feed != null) parts.add(feed);
        if (outbox != null) parts.add(outbox);
        closeAll(parts);
        LOG.info("execution service stopped");
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", parts.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "ExecutionService[" + settings + "]";
    }

    /**
     * {@code java io.spreadflow.execution.ExecutionService [--port P] [--host ADDR] [--data-dir DIR] [--db URL]
     * [--token-file F] [--bootstrap HOSTS | --no-kafka] [--ticks-topic T] [--executions-topic T]
     * [--tls-keystore FILE --tls-password-file FILE]}; prints {@value #READY_PREFIX}{@code <url>} once it listens.
     */
    public static void main(String[] args) throws Exception {
        ExecutionSettings s = ExecutionSettings.DEFAULT;
        Path keystore = null;
        Path keystorePassword = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--no-kafka")) {
                s = s.withoutKafka();
                continue;
            }
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) throw new IllegalArgumentException("option " + a + " needs a value");
            switch (a) {
                case "--port" -> s = s.withPort(Integer.parseInt(v));
                case "--data-dir" -> s = s.withDataDir(Path.of(v));
                case "--db" -> s = s.withDb(v, System.getenv("SPREADFLOW_DB_USER"), System.getenv("SPREADFLOW_DB_PASSWORD"));
                case "--token-file" -> s = s.withApiToken(Files.readString(Path.of(v)).trim());
                case "--bootstrap", "--kafka" -> s = s.withKafkaBootstrap(v);
                case "--host" -> s = s.withBindHost(v);
                case "--ticks-topic" -> s = s.withTopics(v, s.executionsTopic());
                case "--executions-topic" -> s = s.withTopics(s.ticksTopic(), v);
                case "--tls-keystore" -> keystore = Path.of(v);
                case "--tls-password-file" -> keystorePassword = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
            i++;
        }
        if (keystore != null) {
            if (keystorePassword == null) throw new IllegalArgumentException("--tls-keystore needs --tls-password-file");
            s = s.withTls(keystore, Files.readString(keystorePassword).strip());
        }
        ExecutionService service = start(s);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "execution-shutdown"));
        System.out.println(READY_PREFIX + service.baseUrl());
        System.out.flush();
        Thread.currentThread().join();
    }
}
