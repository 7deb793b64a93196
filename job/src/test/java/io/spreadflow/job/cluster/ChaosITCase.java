package io.spreadflow.job.cluster;

import io.spreadflow.connectors.kafka.ChildKafka;
import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.connectors.kafka.Topics;
import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.connectors.testing.Await;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.ledger.LedgerEntry;
import io.spreadflow.execution.ledger.Receipt;
import io.spreadflow.job.EngineConfigs;
import io.spreadflow.job.EngineFactory;
import io.spreadflow.job.SpreadflowJob;
import io.spreadflow.job.cluster.KillPlan.Kill;
import io.spreadflow.job.cluster.KillPlan.Recovery;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live loop on a real standalone cluster survives crashes of every process it runs on. JobManager,
 * TaskManager, Kafka broker and execution service each run in a JVM of their own; the job is submitted
 * through the REST API as a user would, and a paced synthetic market trades through ticks → engine →
 * intents over HTTP → service → executions → engine. Meanwhile the TaskManager is killed with SIGKILL and
 * restarted ({@code chaos.tmKills}, 5), the service is killed and restarted on the same ledger
 * ({@code chaos.serviceKills}, 2; the first while intents wait in it for their book, received and not yet
 * filled), and the broker is killed and restarted on its data folder ({@code chaos.brokerKills}, 1).
 *
 * <p>Afterwards the ledger is held against a failure-free run of the same engine and the service's own
 * order desk over the same ticks ({@link ReferenceRun}): no intent lost, none executed twice (resends are
 * receipts, not executions), the same fills and the same final positions. Each recovery — from the kill to
 * the job checkpointing new ticks again (and, after a service kill, the new service answering an intent) —
 * is printed. {@code bench/run-chaos.sh} runs it longer. The run's folder under {@code target/} (process logs,
 * ledger, broker data) is kept when the test fails, or with {@code -Dchaos.keepDir=true}.
 */
class ChaosITCase {

    private static final int TICKS = Integer.getInteger("chaos.ticks", 200_000);
    private static final int TM_KILLS = Integer.getInteger("chaos.tmKills", 5);
    private static final int SERVICE_KILLS = Integer.getInteger("chaos.serviceKills", 2);
    private static final int BROKER_KILLS = Integer.getInteger("chaos.brokerKills", 1);
    /** Wall-clock rate of the feed: slow enough that the job is still streaming when the last process is killed. */
    private static final double TICKS_PER_SECOND = Double.parseDouble(System.getProperty("chaos.ticksPerSecond", "1600"));
    private static final long SEED = 20_241_205L;
    private static final String TOKEN = "chaos-test-token";
    private static final String GROUP = "chaos";
    private static final String BOOKS = "books";
    private static final Duration UP = Duration.ofSeconds(90);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(120);

    private static final List<AutoCloseable> running = new ArrayList<>();
    private static StandaloneCluster cluster;
    private static SessionClusterClient rest;
    private static String job;
    private static ChildKafka kafka;
    private static ExecutionProcess service;
    private static int serviceStarts;
    /** The intents the service held unanswered when it was killed with intents in flight, and when that was. */
    private static final Set<String> inFlight = new TreeSet<>();
    private static long inFlightKilledAtMs;
    /** The run's folder (logs, ledger, broker data, checkpoints): kept when the test fails, deleted when it passes. */
    private static Path dir;
    private static boolean passed;

    @AfterAll
    static void stopEverything() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping " + running.get(i) + ": " + e);
            }
        }
        if (service != null) service.close();
        if (kafka != null) kafka.close();
        if (dir == null) return;
        if (!passed || Boolean.getBoolean("chaos.keepDir")) {
            System.err.println("chaos: logs, ledger and broker data of the " + (passed ? "" : "failed ") + "run in " + dir);
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("cannot delete " + dir + ": " + e);
        }
    }

    @Test
    void killedTaskManagerServiceAndBrokerLoseNoIntentAndExecuteNoneTwice() throws Exception {
        dir = Files.createTempDirectory(Path.of("target"), "chaos-it").toAbsolutePath();
        // the job's run epoch, given so that the failure-free run names its intents alike; restores keep it in state
        long runEpoch = java.time.Instant.now().getEpochSecond();
        EngineFactory engines = EngineFactory.of(EngineConfigs.demo()).withRunEpoch(runEpoch);
        List<BookTicker> ticks = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT.withSeed(SEED), TICKS);

        EmbeddedKafka.Settings broker = EmbeddedKafka.Settings.defaults().withPort(StandaloneCluster.freePort()).withDataDir(dir.resolve("kafka"));
        kafka = EmbeddedKafka.forkChild(broker);
        String bootstrap = kafka.bootstrapServers();
        Topics.ensureTopics(bootstrap);
        Topics.ensureTopics(bootstrap, Map.of(BOOKS, 4));
        ExecutionProcess.Setup setup = new ExecutionProcess.Setup(StandaloneCluster.freePort(), dir.resolve("execution"), TOKEN, bootstrap,
                BOOKS, "executions", TICKS, 60_000, engines.takerFees());
        startService(setup, dir);

        TestClassPath classPath = TestClassPath.current();
        List<String> flinkConfig = new ArrayList<>(StandaloneCluster.FAST_FAILURE_DETECTION);
        // the REST API's job details are cached this long (default 3 s): the test reads when the tasks run again from them
        flinkConfig.add("web.refresh-interval: 200 ms");
        cluster = StandaloneCluster.start(dir.resolve("flink"), classPath.flinkDistribution(), 2, UP, flinkConfig);
        running.add(cluster);
        rest = cluster.client();
        Path token = Files.writeString(dir.resolve("token"), TOKEN);
        job = rest.runJar(rest.uploadJar(classPath.jobJar(dir, SpreadflowJob.class.getName())), SpreadflowJob.class.getName(), List.of(
                "--bootstrap", bootstrap, "--group-id", GROUP, "--starting-offsets", "EARLIEST",
                "--execution-endpoint", service.baseUrl(), "--token-file", token.toString(),
                "--checkpoint-interval", "1 s", "--checkpoint-dir", dir.resolve("checkpoints").toUri().toString(),
                "--run-epoch", Long.toString(runEpoch), "--job-name", "chaos live loop"), 2);

        List<Kill> plan = KillPlan.plan(TM_KILLS, SERVICE_KILLS, BROKER_KILLS);
        // the last tenth of the ticks waits for the end of the chaos, a part after each kill: every kill meets a job that is
        // streaming, and new ticks come after it however long the kills before took
        int reserve = TICKS / 10;
        PacedTicks feed = new PacedTicks(bootstrap, ticks, "ticks", BOOKS, TICKS_PER_SECOND, TICKS - reserve);
        running.add(feed);
        feed.start();
        KafkaProgress progress = new KafkaProgress(bootstrap);
        running.add(progress);
        java.util.function.Supplier<String> status = () -> "job " + state(rest, job) + ", ticks published " + feed.published()
                + ", checkpointed " + progress.committed(GROUP, "ticks") + "\ntaskmanager log:\n" + cluster.logTail(cluster.taskManagerLogName(), 30)
                + "\nservice log:\n" + service.logTail(20);
        Await.until(() -> progress.committed(GROUP, "ticks") > 0, UP, () -> "the job checkpointing ticks; " + status.get());

        List<Recovery> recoveries = new ArrayList<>();
        for (int k = 0; k < plan.size(); k++) {
            int milestone = (int) ((long) (TICKS - reserve) * (k + 1) / (plan.size() + 1));
            Await.until(() -> feed.published() >= milestone, Duration.ofMinutes(5), () -> "feed at tick " + milestone + "; " + status.get());
            Recovery r = disrupt(plan.get(k), feed, reserve / (plan.size() + 1), progress, setup, broker, dir, status);
            recoveries.add(r);
            System.out.printf("chaos: kill %d/%d %-30s process back in %4.1f s, job tasks running again in %s, loop recovered in %5.1f s "
                    + "(ticks published %d)%n", k + 1, plan.size(), r.kill(), r.processBack(), r.tasks(), r.seconds(), feed.published());
        }

        feed.publishAll();
        Await.until(feed::done, Duration.ofMinutes(5), () -> "every tick published; " + status.get());
        assertThat(feed.failure()).as("a tick Kafka refused").isNull();
        Await.until(quiescent(progress), Duration.ofSeconds(180 + TICKS / 2_000), () -> "the loop quiet: every tick and report consumed, every intent answered; "
                + "reports not yet checkpointed " + progress.lag(GROUP + "-executions", "executions") + ", ticks " + progress.lag(GROUP, "ticks")
                + ", unanswered " + service.intentsUnanswered() + "; " + status.get());
        assertThat(state(rest, job)).as("the job after the chaos").isEqualTo("RUNNING");
        rest.cancel(job);
        service.close();

        assertThat(progress.ticksByInstrument("ticks")).as("the ticks topic holds each tick once, in order").isEqualTo(byInstrument(ticks));
        ReferenceRun.Outcome expected = ReferenceRun.run(engines, setup.settings(), ticks);
        assertThat(expected.intents()).as("intents of the failure-free run").hasSizeGreaterThanOrEqualTo(50);
        try (IntentLedger ledger = IntentLedger.open(setup.settings().effectiveDbUrl(), null, null)) {
            assertLedger(ledger, expected, progress.intentIds("order-intents"), plan.contains(Kill.SERVICE_WITH_INTENT_IN_FLIGHT));
            assertThat(ledger.intentsByRunEpoch()).as("every intent in the run's epoch, across all restores")
                    .containsExactly(Map.entry(runEpoch, (long) expected.intents().size()));
            var receipts = ledger.receiptCounts();
            System.out.printf("chaos: %d ticks, %d intents (%d legs), %d executions, receipts %s, kills %s%n", TICKS, expected.intents().size(),
                    expected.fills().size(), ledger.counts().executions(), receipts, plan);
        }
        System.out.println("chaos: recoveries (s) " + recoveries.stream().map(r -> r.kill() + " " + String.format("%.1f", r.seconds()))
                .collect(Collectors.joining(", ")) + "; load average " + String.format("%.2f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        passed = true;
    }

    private static Recovery disrupt(Kill kill, PacedTicks feed, int moreTicks, KafkaProgress progress, ExecutionProcess.Setup setup,
                                    EmbeddedKafka.Settings broker, Path dir, java.util.function.Supplier<String> status) throws Exception {
        if (kill == Kill.SERVICE_WITH_INTENT_IN_FLIGHT) {
            // the service's books stop: the next intents wait in it for their book, received and not yet filled
            feed.holdBooks();
            Await.until(unansweredForASecond(), Duration.ofMinutes(2), () -> "an intent waiting in the service; " + status.get());
            for (String id : progress.intentIds("order-intents")) {
                String s = service.intentStatus(id);
                if (s.equals("UNKNOWN") || s.equals(LedgerEntry.RECEIVED)) inFlight.add(id);
            }
            assertThat(inFlight).as("intents sent and not answered when the service is killed").isNotEmpty();
            inFlightKilledAtMs = System.currentTimeMillis();
        }
        long before = progress.committed(GROUP, "ticks");
        long t0 = System.nanoTime();
        long killedAtMs = System.currentTimeMillis();
        BooleanSupplier recovered = () -> progress.committed(GROUP, "ticks") > before;
        switch (kill) {
            case TASK_MANAGER -> {
                cluster.killTaskManager();
                cluster.startTaskManager();
            }
            case SERVICE, SERVICE_WITH_INTENT_IN_FLIGHT -> {
                service.kill();
                startService(setup, dir);
                feed.releaseBooks();
                ExecutionProcess restarted = service;
                BooleanSupplier checkpointed = recovered;
                recovered = () -> checkpointed.getAsBoolean() && restarted.metric("spreadflow_execution_intents_executed")
                        + restarted.metric("spreadflow_execution_intents_duplicate") >= 1;
            }
            case BROKER -> {
                kafka.kill();
                kafka = EmbeddedKafka.forkChild(broker);
            }
        }
        double back = (System.nanoTime() - t0) / 1e9;
        feed.raiseLimit(moreTicks);
        double[] running = {Double.NaN};
        BooleanSupplier loopBack = recovered;
        Await.until(() -> {
            if (Double.isNaN(running[0]) && restartedAndRunning(killedAtMs)) running[0] = (System.nanoTime() - t0) / 1e9;
            return loopBack.getAsBoolean();
        }, RECOVERY_LIMIT, () -> "recovery from killing the " + kill + "; " + status.get());
        return new Recovery(kill, back, running[0], (System.nanoTime() - t0) / 1e9);
    }

    /** Whether the job restarted after {@code sinceMs} (wall clock) and every task of it runs again. */
    private static boolean restartedAndRunning(long sinceMs) {
        try {
            com.fasterxml.jackson.databind.JsonNode details = rest.job(job);
            if (details.path("timestamps").path("RESTARTING").asLong(0) < sinceMs) return false;
            for (com.fasterxml.jackson.databind.JsonNode v : details.path("vertices")) {
                if (v.path("tasks").path("RUNNING").asInt() != v.path("parallelism").asInt()) return false;
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** An intent has been waiting in the service for a second: not one just being filled, one held up by its book. */
    private static BooleanSupplier unansweredForASecond() {
        long[] since = {0};
        return () -> {
            if (service.intentsUnanswered() < 1) since[0] = 0;
            else if (since[0] == 0) since[0] = System.nanoTime();
            return since[0] != 0 && System.nanoTime() - since[0] > 1_000_000_000L;
        };
    }

    private static void startService(ExecutionProcess.Setup setup, Path dir) throws java.io.IOException {
        service = ExecutionProcess.start(setup, dir.resolve("service-" + (++serviceStarts) + ".log"), UP);
    }

    /** Nothing left to do, twice in a row 1 s apart: ticks and reports checkpointed to the end, no intent waiting, no report unpublished. */
    private static BooleanSupplier quiescent(KafkaProgress progress) {
        long[] quietSince = {0};
        return () -> {
            boolean quiet = progress.lag(GROUP, "ticks") == 0 && progress.lag(GROUP + "-executions", "executions") == 0
                    && service.intentsUnanswered() == 0 && service.metric("spreadflow_execution_outbox_pending") == 0;
            if (!quiet) quietSince[0] = 0;
            else if (quietSince[0] == 0) quietSince[0] = System.nanoTime();
            return quiet && System.nanoTime() - quietSince[0] > 1_000_000_000L;
        };
    }

    private static void assertLedger(IntentLedger ledger, ReferenceRun.Outcome expected, Set<String> sent, boolean inFlightKill) {
        Set<String> lost = new TreeSet<>();
        for (String id : expected.intents().keySet()) {
            LedgerEntry e = ledger.find(id).orElse(null);
            if (e == null) {
                lost.add(id);
                continue;
            }
            assertThat(e.executions()).as("executions of intent " + id).isLessThanOrEqualTo(1);
            assertThat(e.reports().stream().map(ExecutionReport::getLegIndex).toList()).as("reports of intent " + id)
                    .doesNotHaveDuplicates().hasSize(e.intent().getLegs().size());
        }
        assertThat(lost).as("intents of the failure-free run missing from the ledger").isEmpty();
        assertThat(ledger.counts().intents()).as("intents in the ledger").isEqualTo(expected.intents().size());
        assertThat(sent).as("every intent the job sent is one of the failure-free run's").isSubsetOf(expected.intents().keySet());
        ReferenceRun.Outcome actual = ReferenceRun.outcome(ledger, expected.intents().keySet());
        assertThat(actual.intents()).as("each intent's content and outcome").isEqualTo(expected.intents());
        assertThat(actual.fills()).as("each leg's fill").isEqualTo(expected.fills());
        assertThat(actual.positions()).as("the final positions").isEqualTo(expected.positions());
        if (inFlightKill) {
            // the killed service had received them (a receipt from before the kill) without answering; each was executed once after
            Set<String> receivedBeforeKill = new TreeSet<>();
            for (String id : inFlight) {
                List<Receipt> receipts = ledger.receipts(id);
                if (receipts.stream().anyMatch(r -> r.receivedAtMs() < inFlightKilledAtMs)) receivedBeforeKill.add(id);
                LedgerEntry e = ledger.find(id).orElseThrow();
                System.out.printf("chaos: in flight at the service kill: %s, now %s, executions %d, arrivals %s%n", id, e.status(), e.executions(),
                        receipts.stream().map(r -> r.verdict().name()).toList());
            }
            assertThat(receivedBeforeKill).as("intents in flight that the killed service had received").isNotEmpty();
        }
    }

    private static Map<String, List<BookTicker>> byInstrument(List<BookTicker> ticks) {
        return ticks.stream().collect(Collectors.groupingBy(BookTicker::getInstrument, java.util.TreeMap::new, Collectors.toList()));
    }

    private static String state(SessionClusterClient rest, String job) {
        try {
            return rest.jobState(job);
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
