package io.spreadflow.execution;

import io.spreadflow.connectors.kafka.Topics;
import io.spreadflow.execution.book.QuoteHistory;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.risk.RiskLimits;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Every setting of the execution service, typed and defaulted in one place. Start from {@link #DEFAULT}
 * and change what differs with the {@code with…} methods.
 *
 * @param bindHost            the address the HTTP API listens on; loopback unless deployed behind a proxy
 * @param port                the HTTP port; 0 picks a free one ({@link ExecutionService#port()} tells which)
 * @param dataDir             where the embedded ledger database and a generated token live
 * @param dbUrl               JDBC URL of the ledger; {@code null} = embedded H2 file database under {@code dataDir}
 * @param dbUser              database user, {@code null} when the URL or the driver default suffices
 * @param dbPassword          database password, never logged
 * @param apiToken            the bearer token callers must present; never logged
 * @param kafkaBootstrap      Kafka bootstrap servers, by default {@link Topics#DEFAULT_BOOTSTRAP} like every other
 *                            command; {@code null} runs without Kafka (no books, no published reports)
 * @param kafkaWaitMs         how long the service waits at start for a broker to answer before it refuses to start
 * @param ticksTopic          where the paper venue reads the books from
 * @param executionsTopic     where every {@code ExecutionReport} is published, key = instrument
 * @param ticksReplayRecords  how many records per {@code ticks} partition to re-read at start, so intents decided
 *                            shortly before a restart still find the book of their time
 * @param quotesKeptPerVenue  how many past quotes of each (instrument, venue) the book history keeps; the oldest
 *                            make room (counted in {@code spreadflow_execution_quotes_dropped{cause="count"}})
 * @param quoteMaxAgeMs       the book history drops quotes older than this before the newest of their book
 *                            ({@code …_quotes_dropped{cause="age"}}), keeping the last one at or before that age
 * @param maxQuoteBooks       how many (instrument, venue) books the history keeps at most; ticks that would open
 *                            one more are refused ({@code spreadflow_execution_quote_books_refused})
 * @param ledgerPageRows      rows one call of a ledger list query returns at most: intents left executing are
 *                            resumed a page at a time, an id's receipts are listed up to it
 * @param fillLatencyUs       a paper fill uses the book as of the intent's event time plus this latency
 * @param bookWaitMs          how long an intent waits for the tick stream to reach its event time before it
 *                            fills against the latest book there is
 * @param takerFees           taker fee rate per venue (e.g. 0.001 = 0.1 %); venues not listed pay {@code defaultTakerFee}
 * @param defaultTakerFee     taker fee rate of a venue the table does not name
 * @param riskLimits          what the service refuses to execute
 * @param maxBodyBytes        the largest request body accepted; larger gets 413
 * @param maxBatchIntents     the most intents one request may carry
 * @param maxTickAgeMs        {@code /health} reports the tick feed DOWN when its last tick is older than this;
 *                            0 judges only whether the feed runs (a quiet market sends no ticks)
 * @param tlsKeystore         a PKCS12 or JKS keystore with the service's key and certificate: the API then speaks
 *                            HTTPS only; {@code null} = plain HTTP (loopback, or behind a TLS-terminating proxy)
 * @param tlsKeystorePassword the keystore's password, never logged
 * @param kafkaProperties    extra Kafka client properties (security) for every Kafka client of the service
 */
public record ExecutionSettings(
        String bindHost,
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String apiToken,
        String kafkaBootstrap,
        long kafkaWaitMs,
        String ticksTopic,
        String executionsTopic,
        int ticksReplayRecords,
        int quotesKeptPerVenue,
        long quoteMaxAgeMs,
        int maxQuoteBooks,
        int ledgerPageRows,
        long fillLatencyUs,
        long bookWaitMs,
        Map<String, BigDecimal> takerFees,
        BigDecimal defaultTakerFee,
        RiskLimits riskLimits,
        int maxBodyBytes,
        int maxBatchIntents,
        long maxTickAgeMs,
        Path tlsKeystore,
        String tlsKeystorePassword,
        Map<String, String> kafkaProperties) {

    /** The port the command line uses when none is given. */
    public static final int DEFAULT_PORT = 8470;

    public static final ExecutionSettings DEFAULT = new ExecutionSettings(
            "127.0.0.1", DEFAULT_PORT, Path.of("run", "execution"), null, null, null, null, Topics.DEFAULT_BOOTSTRAP, 10_000L,
            Topics.TICKS.topicName(), Topics.EXECUTIONS.topicName(), 100_000, 4096, 3_600_000L, 4096, IntentLedger.DEFAULT_PAGE_ROWS, 0L, 2_000L,
            Map.of(), new BigDecimal("0.001"), RiskLimits.DEFAULT, 1 << 20, 1000, 0L, null, null, Map.of());

    public ExecutionSettings {
        Objects.requireNonNull(bindHost, "bindHost");
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(ticksTopic, "ticksTopic");
        Objects.requireNonNull(executionsTopic, "executionsTopic");
        Objects.requireNonNull(riskLimits, "riskLimits");
        Objects.requireNonNull(defaultTakerFee, "defaultTakerFee");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
        if (ticksReplayRecords < 0) throw new IllegalArgumentException("ticks-replay-records must be ≥ 0, was " + ticksReplayRecords);
        if (quotesKeptPerVenue < 1) throw new IllegalArgumentException("quotes-kept-per-venue must be ≥ 1, was " + quotesKeptPerVenue);
        if (quoteMaxAgeMs < 1 || quoteMaxAgeMs > Long.MAX_VALUE / 1000) {
            throw new IllegalArgumentException("quote-max-age-ms must be ≥ 1 (and fit in microseconds), was " + quoteMaxAgeMs);
        }
        if (maxQuoteBooks < 1) throw new IllegalArgumentException("max-quote-books must be ≥ 1, was " + maxQuoteBooks);
        if (ledgerPageRows < 1) throw new IllegalArgumentException("ledger-page-rows must be ≥ 1, was " + ledgerPageRows);
        if (fillLatencyUs < 0) throw new IllegalArgumentException("fill-latency-us must be ≥ 0, was " + fillLatencyUs);
        if (bookWaitMs < 0) throw new IllegalArgumentException("book-wait-ms must be ≥ 0, was " + bookWaitMs);
        if (maxBodyBytes < 1024) throw new IllegalArgumentException("max-body-bytes must be ≥ 1024, was " + maxBodyBytes);
        if (kafkaWaitMs < 0) throw new IllegalArgumentException("kafka-wait-ms must be ≥ 0, was " + kafkaWaitMs);
        if (maxTickAgeMs < 0) throw new IllegalArgumentException("max-tick-age-ms must be ≥ 0, was " + maxTickAgeMs);
        if (tlsKeystore != null && tlsKeystorePassword == null) {
            throw new IllegalArgumentException("tls-keystore " + tlsKeystore + " needs a password (tls-password-file)");
        }
        if (kafkaBootstrap != null && kafkaBootstrap.isBlank()) kafkaBootstrap = null;
        if (maxBatchIntents < 1) throw new IllegalArgumentException("max-batch-intents must be ≥ 1, was " + maxBatchIntents);
        takerFees = Map.copyOf(takerFees == null ? Map.of() : takerFees);
    }

    /** The taker fee rate of {@code venue}. */
    public BigDecimal takerFee(String venue) {
        return takerFees.getOrDefault(venue, defaultTakerFee);
    }

    /** The JDBC URL the ledger opens: {@link #dbUrl} or the embedded H2 file database under {@link #dataDir}. */
    public String effectiveDbUrl() {
        if (dbUrl != null && !dbUrl.isBlank()) {
            boolean h2 = dbUrl.startsWith("jdbc:h2:") && !dbUrl.toUpperCase(java.util.Locale.ROOT).contains("DB_CLOSE_ON_EXIT");
            return h2 ? dbUrl + ";DB_CLOSE_ON_EXIT=FALSE" : dbUrl;
        }
        // AUTO_SERVER off: one service owns its file; DB_CLOSE_DELAY keeps it open while the pool cycles connections;
        // DB_CLOSE_ON_EXIT off: H2's own shutdown hook would close the database under the outbox still draining it;
        // WRITE_DELAY=0 writes each commit at once, so an intent recorded RECEIVED before its order went out survives a kill -9
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("ledger") + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    public ExecutionSettings withBindHost(String v) { return with(b -> b.bindHost = v); }
    public ExecutionSettings withPort(int v) { return with(b -> b.port = v); }
    public ExecutionSettings withDataDir(Path v) { return with(b -> b.dataDir = v); }
    public ExecutionSettings withDb(String url, String user, String password) {
        return with(b -> { b.dbUrl = url; b.dbUser = user; b.dbPassword = password; });
    }
    public ExecutionSettings withApiToken(String v) { return with(b -> b.apiToken = v); }
    /** Kafka at {@code v}; {@code null} runs without Kafka, as {@link #withoutKafka()}. */
    public ExecutionSettings withKafkaBootstrap(String v) { return with(b -> b.kafkaBootstrap = v); }
    /** No Kafka: no books to fill against (legs without a limit price are refused), reports stay in the outbox. */
    public ExecutionSettings withoutKafka() { return with(b -> b.kafkaBootstrap = null); }
    public ExecutionSettings withKafkaWaitMs(long v) { return with(b -> b.kafkaWaitMs = v); }
    /** Extra Kafka client properties (security: {@code security.protocol}, {@code sasl.*}, {@code ssl.*}) for every client of the service. */
    public ExecutionSettings withKafkaProperties(Map<String, String> v) { return with(b -> b.kafkaProperties = v); }

    /** The service's Kafka: bootstrap servers and client properties; null without Kafka. */
    public io.spreadflow.connectors.kafka.KafkaClientSettings kafka() {
        return kafkaBootstrap == null ? null : io.spreadflow.connectors.kafka.KafkaClientSettings.of(kafkaBootstrap, kafkaProperties);
    }
    public ExecutionSettings withRiskLimits(RiskLimits v) { return with(b -> b.riskLimits = v); }
    public ExecutionSettings withTakerFees(Map<String, BigDecimal> v) { return with(b -> b.takerFees = v); }
    public ExecutionSettings withFillLatencyUs(long v) { return with(b -> b.fillLatencyUs = v); }
    public ExecutionSettings withMaxTickAgeMs(long v) { return with(b -> b.maxTickAgeMs = v); }

    /** HTTPS with the key and certificate in {@code keystore} (PKCS12 or JKS); {@code null} serves plain HTTP. */
    public ExecutionSettings withTls(Path keystore, String password) {
        return with(b -> { b.tlsKeystore = keystore; b.tlsKeystorePassword = password; });
    }

    public ExecutionSettings withTopics(String ticks, String executions) {
        return with(b -> { b.ticksTopic = ticks; b.executionsTopic = executions; });
    }

    public ExecutionSettings withLimits(int maxBodyBytes, int maxBatchIntents, long bookWaitMs) {
        return with(b -> { b.maxBodyBytes = maxBodyBytes; b.maxBatchIntents = maxBatchIntents; b.bookWaitMs = bookWaitMs; });
    }

    /**
     * The book history: {@code quotesKeptPerVenue} past quotes of each (instrument, venue), re-reading
     * {@code ticksReplayRecords} per partition at start, and waiting at most {@code bookWaitMs} for the
     * tick stream to reach an intent's time.
     */
    public ExecutionSettings withQuoteHistory(int quotesKeptPerVenue, int ticksReplayRecords, long bookWaitMs) {
        return with(b -> { b.quotesKeptPerVenue = quotesKeptPerVenue; b.ticksReplayRecords = ticksReplayRecords; b.bookWaitMs = bookWaitMs; });
    }

    /**
     * The bounds of the book history: at most {@code maxQuoteBooks} (instrument, venue) books, each with at most
     * {@code quotesKeptPerVenue} quotes, none older than {@code quoteMaxAgeMs} before the newest of its book.
     */
    public ExecutionSettings withQuoteBounds(int quotesKeptPerVenue, long quoteMaxAgeMs, int maxQuoteBooks) {
        return with(b -> { b.quotesKeptPerVenue = quotesKeptPerVenue; b.quoteMaxAgeMs = quoteMaxAgeMs; b.maxQuoteBooks = maxQuoteBooks; });
    }

    public ExecutionSettings withLedgerPageRows(int v) { return with(b -> b.ledgerPageRows = v); }

    /** The book history's bounds, as {@link QuoteHistory} takes them. */
    public QuoteHistory.Limits quoteLimits() {
        return new QuoteHistory.Limits(quotesKeptPerVenue, quoteMaxAgeMs * 1000L, maxQuoteBooks);
    }

    /** Whether the API speaks HTTPS. */
    public boolean tls() {
        return tlsKeystore != null;
    }

    private ExecutionSettings with(java.util.function.Consumer<Draft> change) {
        Draft d = new Draft(this);
        change.accept(d);
        return d.build();
    }

    /** A mutable copy, so that each {@code with…} names only what it changes. */
    private static final class Draft {
        String bindHost; int port; Path dataDir; String dbUrl; String dbUser; String dbPassword; String apiToken;
        String kafkaBootstrap; long kafkaWaitMs; String ticksTopic; String executionsTopic; int ticksReplayRecords;
        int quotesKeptPerVenue; long quoteMaxAgeMs; int maxQuoteBooks; int ledgerPageRows; long fillLatencyUs; long bookWaitMs;
        Map<String, BigDecimal> takerFees; BigDecimal defaultTakerFee;
        RiskLimits riskLimits; int maxBodyBytes; int maxBatchIntents; long maxTickAgeMs; Path tlsKeystore; String tlsKeystorePassword;
        Map<String, String> kafkaProperties;

        Draft(ExecutionSettings s) {
            bindHost = s.bindHost; port = s.port; dataDir = s.dataDir; dbUrl = s.dbUrl; dbUser = s.dbUser; dbPassword = s.dbPassword;
            apiToken = s.apiToken; kafkaBootstrap = s.kafkaBootstrap; kafkaWaitMs = s.kafkaWaitMs; ticksTopic = s.ticksTopic;
            executionsTopic = s.executionsTopic; ticksReplayRecords = s.ticksReplayRecords; quotesKeptPerVenue = s.quotesKeptPerVenue;
            quoteMaxAgeMs = s.quoteMaxAgeMs; maxQuoteBooks = s.maxQuoteBooks; ledgerPageRows = s.ledgerPageRows;
            fillLatencyUs = s.fillLatencyUs; bookWaitMs = s.bookWaitMs; takerFees = s.takerFees; defaultTakerFee = s.defaultTakerFee;
            riskLimits = s.riskLimits; maxBodyBytes = s.maxBodyBytes; maxBatchIntents = s.maxBatchIntents; maxTickAgeMs = s.maxTickAgeMs;
            tlsKeystore = s.tlsKeystore; tlsKeystorePassword = s.tlsKeystorePassword; kafkaProperties = s.kafkaProperties;
        }

        ExecutionSettings build() {
            return new ExecutionSettings(bindHost, port, dataDir, dbUrl, dbUser, dbPassword, apiToken, kafkaBootstrap, kafkaWaitMs,
                    ticksTopic, executionsTopic, ticksReplayRecords, quotesKeptPerVenue, quoteMaxAgeMs, maxQuoteBooks, ledgerPageRows,
                    fillLatencyUs, bookWaitMs, takerFees, defaultTakerFee, riskLimits, maxBodyBytes, maxBatchIntents, maxTickAgeMs,
                    tlsKeystore, tlsKeystorePassword, kafkaProperties);
        }
    }

    /** Secrets stay out of logs: the token and the database password are masked. */
    @Override
    public String toString() {
        return "ExecutionSettings[bind=" + bindHost + ":" + port + ", dataDir=" + dataDir + ", db=" + effectiveDbUrl()
                + ", dbUser=" + dbUser + ", dbPassword=" + (dbPassword == null ? "none" : "***") + ", apiToken="
                + (apiToken == null ? "none" : "***") + ", kafka=" + kafka() + ", topics=" + ticksTopic + "/" + executionsTopic
                + ", fillLatencyUs=" + fillLatencyUs + ", takerFees=" + new TreeMap<>(takerFees) + " default " + defaultTakerFee
                + ", " + riskLimits + ", tls=" + (tlsKeystore == null ? "off" : tlsKeystore) + "]";
    }
}
