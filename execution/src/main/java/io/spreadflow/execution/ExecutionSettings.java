package io.spreadflow.execution;

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
 * @param kafkaBootstrap      Kafka bootstrap servers; {@code null} runs without Kafka (no books, no published reports)
 * @param ticksTopic          where the paper venue reads the books from
 * @param executionsTopic     where every {@code ExecutionReport} is published, key = instrument
 * @param ticksReplayRecords  how many records per {@code ticks} partition to re-read at start, so intents decided
 *                            shortly before a restart still find the book of their time
 * @param quotesKeptPerVenue  how many past quotes of each (instrument, venue) the book history keeps
 * @param fillLatencyUs       a paper fill uses the book as of the intent's event time plus this latency
 * @param bookWaitMs          how long an intent waits for the tick stream to reach its event time before it
 *                            fills against the latest book there is
 * @param takerFees           taker fee rate per venue (e.g. 0.001 = 0.1 %); venues not listed pay {@code defaultTakerFee}
 * @param defaultTakerFee     taker fee rate of a venue the table does not name
 * @param riskLimits          what the service refuses to execute
 * @param maxBodyBytes        the largest request body accepted; larger gets 413
 * @param maxBatchIntents     the most intents one request may carry
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
        String ticksTopic,
        String executionsTopic,
        int ticksReplayRecords,
        int quotesKeptPerVenue,
        long fillLatencyUs,
        long bookWaitMs,
        Map<String, BigDecimal> takerFees,
        BigDecimal defaultTakerFee,
        RiskLimits riskLimits,
        int maxBodyBytes,
        int maxBatchIntents) {

    /** The port the command line uses when none is given. */
    public static final int DEFAULT_PORT = 8470;

    public static final ExecutionSettings DEFAULT = new ExecutionSettings(
            "127.0.0.1", DEFAULT_PORT, Path.of("run", "execution"), null, null, null, null, null,
            "ticks", "executions", 100_000, 4096, 0L, 2_000L,
            Map.of(), new BigDecimal("0.001"), RiskLimits.DEFAULT, 1 << 20, 1000);

    public ExecutionSettings {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(ticksTopic, "ticksTopic");
        Objects.requireNonNull(executionsTopic, "executionsTopic");
        Objects.requireNonNull(riskLimits, "riskLimits");
        Objects.requireNonNull(defaultTakerFee, "defaultTakerFee");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
        if (ticksReplayRecords < 0) throw new IllegalArgumentException("ticks-replay-records must be ≥ 0, was " + ticksReplayRecords);
        if (quotesKeptPerVenue < 1) throw new IllegalArgumentException("quotes-kept-per-venue must be ≥ 1, was " + quotesKeptPerVenue);
        if (fillLatencyUs < 0) throw new IllegalArgumentException("fill-latency-us must be ≥ 0, was " + fillLatencyUs);
        if (bookWaitMs < 0) throw new IllegalArgumentException("book-wait-ms must be ≥ 0, was " + bookWaitMs);
        if (maxBodyBytes < 1024) throw new IllegalArgumentException("max-body-bytes must be ≥ 1024, was " + maxBodyBytes);
        if (maxBatchIntents < 1) throw new IllegalArgumentException("max-batch-intents must be ≥ 1, was " + maxBatchIntents);
        takerFees = Map.copyOf(takerFees == null ? Map.of() : takerFees);
    }

    /** The taker fee rate of {@code venue}. */
    public BigDecimal takerFee(String venue) {
        return takerFees.getOrDefault(venue, defaultTakerFee);
    }

    /** The JDBC URL the ledger opens: {@link #dbUrl} or the embedded H2 file database under {@link #dataDir}. */
    public String effectiveDbUrl() {
        if (dbUrl != null && !dbUrl.isBlank()) return dbUrl;
        // AUTO_SERVER off: one service owns its file; DB_CLOSE_DELAY keeps it open while the pool cycles connections;
        // WRITE_DELAY=0 writes each commit at once, so an intent recorded RECEIVED before its order went out survives a kill -9
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("ledger") + ";DB_CLOSE_DELAY=-1;WRITE_DELAY=0";
    }

    public ExecutionSettings withBindHost(String v) { return copy(v, port, dataDir, dbUrl, dbUser, dbPassword, apiToken, kafkaBootstrap, riskLimits, takerFees, fillLatencyUs); }
    public ExecutionSettings withPort(int v) { return copy(bindHost, v, dataDir, dbUrl, dbUser, dbPassword, apiToken, kafkaBootstrap, riskLimits, takerFees, fillLatencyUs); }
    public ExecutionSettings withDataDir(Path v) { return copy(bindHost, port, v, dbUrl, dbUser, dbPassword, apiToken, kafkaBootstrap, riskLimits, takerFees, fillLatencyUs); }
    public ExecutionSettings withDb(String url, String user, String password) {
        return copy(bindHost, port, dataDir, url, user, password, apiToken, kafkaBootstrap, riskLimits, takerFees, fillLatencyUs);
    }
    public ExecutionSettings withApiToken(String v) { return copy(bindHost, port, dataDir, dbUrl, dbUser, dbPassword, v, kafkaBootstrap, riskLimits, takerFees, fillLatencyUs); }
    public ExecutionSettings withKafkaBootstrap(String v) { return copy(bindHost, port, dataDir, dbUrl, dbUser, dbPassword, apiToken, v, riskLimits, takerFees, fillLatencyUs); }
    public ExecutionSettings withRiskLimits(RiskLimits v) { return copy(bindHost, port, dataDir, dbUrl, dbUser, dbPassword, apiToken, kafkaBootstrap, v, takerFees, fillLatencyUs); }
    public ExecutionSettings withTakerFees(Map<String, BigDecimal> v) { return copy(bindHost, port, dataDir, dbUrl, dbUser, dbPassword, apiToken, kafkaBootstrap, riskLimits, v, fillLatencyUs); }
    public ExecutionSettings withFillLatencyUs(long v) { return copy(bindHost, port, dataDir, dbUrl, dbUser, dbPassword, apiToken, kafkaBootstrap, riskLimits, takerFees, v); }

    public ExecutionSettings withTopics(String ticks, String executions) {
        return new ExecutionSettings(bindHost, port, dataDir, dbUrl, dbUser, dbPassword, apiToken, kafkaBootstrap, ticks, executions,
                ticksReplayRecords, quotesKeptPerVenue, fillLatencyUs, bookWaitMs, takerFees, defaultTakerFee, riskLimits, maxBodyBytes,
                maxBatchIntents);
    }

    public ExecutionSettings withLimits(int maxBodyBytes, int maxBatchIntents, long bookWaitMs) {
        return new ExecutionSettings(bindHost, port, dataDir, dbUrl, dbUser, dbPassword, apiToken, kafkaBootstrap, ticksTopic,
                executionsTopic, ticksReplayRecords, quotesKeptPerVenue, fillLatencyUs, bookWaitMs, takerFees, defaultTakerFee,
                riskLimits, maxBodyBytes, maxBatchIntents);
    }

    /**
     * The book history: {@code quotesKeptPerVenue} past quotes of each (instrument, venue), re-reading
     * {@code ticksReplayRecords} per partition at start, and waiting at most {@code bookWaitMs} for the
     * tick stream to reach an intent's time.
     */
    public ExecutionSettings withQuoteHistory(int quotesKeptPerVenue, int ticksReplayRecords, long bookWaitMs) {
        return new ExecutionSettings(bindHost, port, dataDir, dbUrl, dbUser, dbPassword, apiToken, kafkaBootstrap, ticksTopic,
                executionsTopic, ticksReplayRecords, quotesKeptPerVenue, fillLatencyUs, bookWaitMs, takerFees, defaultTakerFee,
                riskLimits, maxBodyBytes, maxBatchIntents);
    }

    private ExecutionSettings copy(String host, int p, Path dir, String url, String user, String pw, String token, String kafka,
                                   RiskLimits limits, Map<String, BigDecimal> fees, long latency) {
        return new ExecutionSettings(host, p, dir, url, user, pw, token, kafka, ticksTopic, executionsTopic, ticksReplayRecords,
                quotesKeptPerVenue, latency, bookWaitMs, fees, defaultTakerFee, limits, maxBodyBytes, maxBatchIntents);
    }

    /** Secrets stay out of logs: the token and the database password are masked. */
    @Override
    public String toString() {
        return "ExecutionSettings[bind=" + bindHost + ":" + port + ", dataDir=" + dataDir + ", db=" + effectiveDbUrl()
                + ", dbUser=" + dbUser + ", dbPassword=" + (dbPassword == null ? "none" : "***") + ", apiToken="
                + (apiToken == null ? "none" : "***") + ", kafka=" + kafkaBootstrap + ", topics=" + ticksTopic + "/" + executionsTopic
                + ", fillLatencyUs=" + fillLatencyUs + ", takerFees=" + new TreeMap<>(takerFees) + " default " + defaultTakerFee
                + ", " + riskLimits + "]";
    }
}
