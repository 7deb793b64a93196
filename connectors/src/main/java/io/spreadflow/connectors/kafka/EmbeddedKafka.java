package io.spreadflow.connectors.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * A single-node Kafka (KRaft, broker and controller in one process) for the local demo,
 * {@code spreadflow kafka} and tests. No ZooKeeper, no Docker.
 *
 * <p>Ticks carry their receive time as the record timestamp, and replays and tests publish data
 * from 1970, 2023 or 2024. Kafka's default time retention (7 days) would delete such segments at the
 * first retention check, silently: the log start offset jumps to the end and a bounded reader sees
 * nothing. So time retention is off ({@code log.retention.ms=-1}) and the broker accepts any record
 * timestamp, past or future.
 *
 * <p>A fatal broker error halts the hosting JVM (Kafka calls {@code Runtime.halt}). Where that must
 * not take the caller down, run the broker in a child JVM with {@link #forkChild(Settings)}.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     Topics.ensureTopics(kafka.bootstrapServers());
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** The line a broker started by {@link #main} prints once it accepts clients. */
    public static final String READY_PREFIX = "KAFKA READY ";
    private static final String SCRAM = "SCRAM-SHA-256";

    private final Settings settings;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final int port;
    private final KafkaRaftServer server;
    private boolean closed;

    /**
     * How to start a broker.
     *
     * @param port       the client port; 0 picks a free one
     * @param dataDir    where the logs live; {@code null} makes a temporary folder that {@link #close()} deletes.
     *                   A given folder is kept and reused on the next start (the data survives restarts).
     * @param overrides  extra broker properties, applied last (e.g. {@code log.retention.check.interval.ms})
     * @param scramUsers SCRAM-SHA-256 users (name → password); when any is given, the client listener is
     *                   {@code SASL_PLAINTEXT} and the first user is also the broker's own
     */
    public record Settings(int port, Path dataDir, Map<String, String> overrides, Map<String, String> scramUsers) {
        public Settings {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
            overrides = Map.copyOf(Objects.requireNonNull(overrides, "overrides"));
            scramUsers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(scramUsers, "scramUsers")));
        }

        public Settings(int port, Path dataDir, Map<String, String> overrides) {
            this(port, dataDir, overrides, Map.of());
        }

        /** A free port and a temporary data folder. */
        public static Settings defaults() {
            return new Settings(0, null, Map.of());
        }

        public Settings withPort(int p) {
            return new Settings(p, dataDir, overrides, scramUsers);
        }

        public Settings withDataDir(Path dir) {
            return new Settings(port, dir, overrides, scramUsers);
        }

        /** Adds a SCRAM-SHA-256 user; clients must then authenticate (see {@link EmbeddedKafka#clientSettings()}). */
        public Settings withScramUser(String name, String password) {
            Map<String, String> m = new LinkedHashMap<>(scramUsers);
            m.put(name, password);
            return new Settings(port, dataDir, overrides, m);
        }

        /** Adds one broker property (overrides any default set here). */
        public Settings with(String key, String value) {
            Map<String, String> m = new LinkedHashMap<>(overrides);
            m.put(key, value);
            return new Settings(port, dataDir, m, scramUsers);
        }
    }

    private EmbeddedKafka(Settings settings, Path dataDir, boolean ownsDataDir, int port, KafkaRaftServer server) {
        this.settings = settings;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.port = port;
        this.server = server;
    }

    /** Starts a broker on a free port with a temporary data folder. */
    public static EmbeddedKafka start() {
        return start(Settings.defaults());
    }

    /**
     * Starts a broker and returns once it answers clients (about 2 s).
     *
     * @throws IllegalStateException when the storage cannot be formatted or the broker does not come up
     */
    public static EmbeddedKafka start(Settings settings) {
        boolean owns = settings.dataDir() == null;
        Path dir;
        try {
            dir = owns ? Files.createTempDirectory("spreadflow-kafka") : Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka data folder", e);
        }
        int port = settings.port() == 0 ? freePort() : settings.port();
        int controllerPort = freePort();
        Properties p = brokerProperties(dir, port, controllerPort, settings);
        KafkaRaftServer server = null;
        try {
            Path cfg = dir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(cfg)) {
                p.store(w, "embedded single-node KRaft broker");
            }
            format(dir, cfg, settings.scramUsers());
            server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
            server.startup();
            EmbeddedKafka kafka = new EmbeddedKafka(settings, dir, owns, port, server);
            Topics.awaitBroker(kafka.clientSettings(), 30_000);
            return kafka;
        } catch (Exception e) {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
            if (owns) deleteRecursively(dir);
            throw new IllegalStateException("embedded Kafka did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    static Properties brokerProperties(Path dir, int port, int controllerPort, Settings settings) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("metadata.log.dir", dir.resolve("meta").toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // a broker restarted after a crash may register again only once the controller let its old session expire
        // (Kafka's default 9 s, spent refused with DUPLICATE_BROKER_REGISTRATION); broker and controller share this
        // process, so a short session costs nothing and the restart takes seconds
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "1500");
        // old event timestamps must never expire: recordings from 2023 are as valid as live ticks
        p.put("log.retention.ms", "-1");
        p.put("log.retention.bytes", "-1");
        // accept any record timestamp (defaults reject those more than an hour in the future)
        p.put("log.message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE));
        p.put("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
        if (!settings.scramUsers().isEmpty()) {
            // clients and the broker itself authenticate with SCRAM; the controller listener stays internal
            var broker = settings.scramUsers().entrySet().iterator().next();
            p.put("listeners", "SASL_PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
            p.put("advertised.listeners", "SASL_PLAINTEXT://localhost:" + port);
            p.put("inter.broker.listener.name", "SASL_PLAINTEXT");
            p.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("sasl.enabled.mechanisms", SCRAM);
            p.put("sasl.mechanism.inter.broker.protocol", SCRAM);
            p.put("listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config", jaas(broker.getKey(), broker.getValue()));
        }
        settings.overrides().forEach(p::put);
        return p;
    }

    private static void format(Path dir, Path cfg, Map<String, String> scramUsers) {
        // a folder formatted before keeps its cluster id, data and users
        if (Files.exists(dir.resolve("data").resolve("meta.properties"))) return;
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("format", "-t", Uuid.randomUuid().toString(),
                "-c", cfg.toString(), "--ignore-formatted"));
        // SCRAM credentials are metadata records: written at format time, known to the broker from its first start
        scramUsers.forEach((name, password) -> args.addAll(java.util.List.of("--add-scram", SCRAM + "=[name=" + name + ",password=" + password + "]")));
        int rc = StorageTool.execute(args.toArray(String[]::new), new PrintStream(OutputStream.nullOutputStream()));
        if (rc != 0) throw new IllegalStateException("kafka storage format of " + dir + " failed, rc=" + rc);
    }

    /** How a client reaches this broker: the bootstrap servers and, with SCRAM users, the first user's credentials. */
    public KafkaClientSettings clientSettings() {
        if (settings.scramUsers().isEmpty()) return KafkaClientSettings.of(bootstrapServers());
        var user = settings.scramUsers().entrySet().iterator().next();
        return KafkaClientSettings.of(bootstrapServers(), Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", SCRAM,
                "sasl.jaas.config", jaas(user.getKey(), user.getValue())));
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** {@code localhost:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** The folder holding the logs. */
    public Path dataDir() {
        return dataDir;
    }

    public Settings settings() {
        return settings;
    }

    /** Creates the given topics (replication 1) unless they exist; see {@link Topics#ensureTopics}. */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        Topics.ensureTopics(clientSettings(), partitionsByTopic);
    }

    /** Creates all of the project's topics with their default partition counts. */
    public void createTopics() {
        Topics.ensureTopics(clientSettings(), Topics.defaults());
    }

    /** Stops the broker and deletes its data folder if it was a temporary one. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (ownsDataDir) deleteRecursively(dataDir);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /**
     * Starts this class's {@link #main} in a child JVM on the current classpath and returns once it
     * accepts clients. A fatal broker error then ends only the child.
     */
    public static ChildKafka forkChild(Settings settings) {
        return ChildKafka.start(settings);
    }

    /**
     * Runs a broker until the process is stopped (SIGINT/SIGTERM), for a child JVM.
     * Arguments: {@code [port] [data-dir] [key=value ...]}; port 0 or absent picks a free port,
     * data-dir {@code -} or absent uses a temporary folder. Prints {@code KAFKA READY host:port}.
     */
    public static void main(String[] args) throws InterruptedException {
        Settings s = Settings.defaults();
        if (args.length > 0) s = s.withPort(Integer.parseInt(args[0]));
        if (args.length > 1 && !args[1].equals("-")) s = s.withDataDir(Path.of(args[1]));
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("expected key=value, got '" + args[i] + "'");
            s = s.with(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        EmbeddedKafka kafka = start(s);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "embedded-kafka-shutdown"));
        System.out.println(READY_PREFIX + kafka.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
