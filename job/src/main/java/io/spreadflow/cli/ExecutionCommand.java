package io.spreadflow.cli;

import io.spreadflow.execution.ExecutionService;
import io.spreadflow.execution.ExecutionSettings;
import io.spreadflow.execution.risk.RiskLimits;
import io.spreadflow.execution.venue.LiveTrading;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code spreadflow execution}: runs the execution service (paper venue) until interrupted. Defaults
 * come from {@link ExecutionSettings#DEFAULT}.
 */
@Command(name = "execution", mixinStandardHelpOptions = true, subcommands = ExecutionReconcileCommand.class,
        description = {"Runs the execution service: intent ledger, risk limits, paper fills against the ticks topic, reports to the executions topic.",
                "Paper is the default. --venue NAME=live sends that venue's legs to the real venue; it needs credentials (file or "
                        + "environment) and " + LiveTrading.CONFIRMATION_FLAG + " (or " + LiveTrading.CONFIRMATION_ENV + "=yes), or --dry-run. "
                        + "Before trading live the ledger is reconciled with the venues; see `execution reconcile`.",
                "Books come from the ticks topic and reports go to the executions topic on --bootstrap; the service refuses to start "
                        + "when no broker answers there (--no-kafka runs without).",
                "Every call but /health needs `Authorization: Bearer <token>`; without --token-file the token is read from "
                        + ExecutionService.TOKEN_ENV + " or generated into <data-dir>/api-token."})
public final class ExecutionCommand implements Callable<Integer> {

    @Option(names = "--port", description = "HTTP port (0 = a free one). Default: ${DEFAULT-VALUE}")
    int port = ExecutionSettings.DEFAULT_PORT;

    @Option(names = "--host", description = "address to listen on. Default: ${DEFAULT-VALUE}")
    String host = ExecutionSettings.DEFAULT.bindHost();

    @Mixin
    LedgerOptions ledger = new LedgerOptions();

    @Mixin
    ExecutionTokenOption token = new ExecutionTokenOption();

    @Mixin
    KafkaOptions kafka = new KafkaOptions();


    @Option(names = "--no-kafka", description = "run without Kafka: no books (only legs with a limit price are priced), "
            + "reports stay in the ledger's outbox")
    boolean noKafka;

    @Option(names = "--ticks-topic", description = "the ticks topic paper fills price against. Default: ${DEFAULT-VALUE}")
    String ticksTopic = ExecutionSettings.DEFAULT.ticksTopic();

    @Option(names = "--executions-topic", description = "the topic execution reports go to. Default: ${DEFAULT-VALUE}")
    String executionsTopic = ExecutionSettings.DEFAULT.executionsTopic();

    @Option(names = "--max-order-notional", description = "risk limit: largest notional of one order, in quote currency. Default: ${DEFAULT-VALUE}")
    BigDecimal maxOrderNotional = RiskLimits.DEFAULT.maxOrderNotional();

    @Option(names = "--max-instrument-notional", description = "risk limit: largest open notional of one instrument, in quote currency. Default: ${DEFAULT-VALUE}")
    BigDecimal maxInstrumentNotional = RiskLimits.DEFAULT.maxInstrumentNotional();

    @Option(names = "--max-open-intents", description = "risk limit: intents not yet finished at one time. Default: ${DEFAULT-VALUE}")
    int maxOpenIntents = RiskLimits.DEFAULT.maxOpenIntents();

    @Option(names = "--fill-latency-us", description = "paper fills use the book this long after the intent's event time. Default: ${DEFAULT-VALUE}")
    long fillLatencyUs = ExecutionSettings.DEFAULT.fillLatencyUs();

    @Option(names = "--max-tick-age-ms", description = "/health reports the tick feed DOWN when its last tick is older "
            + "(0 = judge only whether the feed runs; a quiet market sends no ticks). Default: ${DEFAULT-VALUE}")
    long maxTickAgeMs = ExecutionSettings.DEFAULT.maxTickAgeMs();

    @Option(names = "--quotes-kept-per-venue", description = "book history: past quotes kept per (instrument, venue); the oldest "
            + "make room. Default: ${DEFAULT-VALUE}")
    int quotesKeptPerVenue = ExecutionSettings.DEFAULT.quotesKeptPerVenue();

    @Option(names = "--quote-max-age-ms", description = "book history: quotes older than this before the newest of their book are "
            + "dropped (the last one at or before that age stays). Default: ${DEFAULT-VALUE}")
    long quoteMaxAgeMs = ExecutionSettings.DEFAULT.quoteMaxAgeMs();

    @Option(names = "--max-quote-books", description = "book history: (instrument, venue) books kept at most; ticks that would "
            + "open one more are refused and counted. Default: ${DEFAULT-VALUE}")
    int maxQuoteBooks = ExecutionSettings.DEFAULT.maxQuoteBooks();

    @Option(names = "--ledger-page-rows", description = "rows one ledger list query returns at most (intents left executing "
            + "are resumed a page at a time). Default: ${DEFAULT-VALUE}")
    int ledgerPageRows = ExecutionSettings.DEFAULT.ledgerPageRows();

    @Option(names = "--tls-keystore", description = "PKCS12 or JKS keystore with the service's key and certificate: the API then "
            + "speaks HTTPS only (TLS 1.2/1.3). Without it: plain HTTP, for loopback or behind a TLS-terminating proxy")
    Path tlsKeystore;

    @Option(names = "--tls-password-file", description = "file holding the keystore's password (required with --tls-keystore)")
    Path tlsPasswordFile;

    @Option(names = "--taker-fee", description = "taker fee rate of a venue, e.g. binance-spot=0.001 (repeatable)")
    Map<String, BigDecimal> takerFees = Map.of();

    @Mixin
    LiveVenueOptions live;

    @Option(names = LiveTrading.CONFIRMATION_FLAG, description = "confirms that --venue NAME=live sends real orders with real money")
    boolean confirmed;

    @Option(names = "--dry-run", description = "with live venues: sign and log every trading request (key shortened), send none")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        LiveTrading trading = live.resolve(confirmed, dryRun, System.getenv());
        ExecutionSettings s = ledger.applyTo(ExecutionSettings.DEFAULT.withPort(port).withBindHost(host))
                .withKafkaBootstrap(noKafka ? null : kafka.bootstrap()).withTopics(ticksTopic, executionsTopic).withFillLatencyUs(fillLatencyUs)
                .withMaxTickAgeMs(maxTickAgeMs)
                .withQuoteBounds(quotesKeptPerVenue, quoteMaxAgeMs, maxQuoteBooks).withLedgerPageRows(ledgerPageRows)
                .withTakerFees(takerFees)
                .withRiskLimits(new RiskLimits(maxOrderNotional, maxInstrumentNotional, maxOpenIntents));
        if (!noKafka) s = s.withKafkaProperties(kafka.settings().properties());
        if (token.file() != null) s = s.withApiToken(Files.readString(token.file()).trim());
        if (tlsKeystore != null) {
            if (tlsPasswordFile == null) throw new IllegalArgumentException("--tls-keystore needs --tls-password-file");
            s = s.withTls(tlsKeystore, Files.readString(tlsPasswordFile).strip());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ExecutionService started;
        try {
            started = ExecutionService.start(s, trading);
        } catch (IllegalStateException e) {
            // e.g. no broker: one line that says what to do, not a stack trace
            System.err.println("execution: " + e.getMessage());
            return 1;
        }
        try (ExecutionService service = started) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                stopped.countDown();
            }, "execution-shutdown"));
            if (trading.live()) {
                System.out.println((trading.dryRun() ? "DRY RUN on " : "LIVE on ") + trading.venues().keySet()
                        + (service.desk().tradingRefused() == null ? "" : "; TRADING REFUSED: " + service.desk().tradingRefused()));
            }
            System.out.println(ExecutionService.READY_PREFIX + service.baseUrl());
            stopped.await();
        }
        return 0;
    }
}
