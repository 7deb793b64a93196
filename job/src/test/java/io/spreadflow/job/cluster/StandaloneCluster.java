package io.spreadflow.job.cluster;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real standalone Flink session cluster for tests: a JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and a TaskManager ({@code TaskManagerRunner}) in two
 * child JVMs, on free local ports, with the memory flags Flink's own start scripts compute
 * ({@code BashJavaUtils}). The class path plays the part of a Flink distribution's {@code lib/}.
 */
public final class StandaloneCluster implements AutoCloseable {

    /** The JVM flags a Flink distribution passes on Java 17 ({@code env.java.opts.all}). */
    public static final List<String> JAVA17_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED", "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED", "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED", "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /**
     * Failure detection as the README recommends for the live loop: a lost TaskManager is declared dead
     * after two failed heartbeat RPCs (about 2 s) or 5 s without an answer, instead of Flink's 10 s / 50 s.
     */
    public static final List<String> FAST_FAILURE_DETECTION = List.of(
            "heartbeat.interval: 1 s",
            "heartbeat.timeout: 5 s",
            "heartbeat.rpc-failure-threshold: 2");

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final SessionClusterClient client;
    private String classPath;
    /** BashJavaUtils' answers by query: the same configuration gives the same flags, and a restart need not start a JVM for them. */
    private final java.util.Map<String, List<String>> resourceParams = new java.util.HashMap<>();
    private Process taskManager;
    /** {@code env.java.opts.taskmanager} / {@code env.java.opts.jobmanager} of the configuration. */
    private List<String> taskManagerOpts = List.of();
    private List<String> jobManagerOpts = List.of();
    private int taskManagerStarts;

    private StandaloneCluster(Path dir, URI rest) {
        this.dir = dir;
        this.client = new SessionClusterClient(rest);
    }

    /** As {@link #start(Path, List, int, Duration, List)} without further configuration. */
    public static StandaloneCluster start(Path workDir, List<Path> classPath, int slots, Duration timeout) throws IOException, InterruptedException {
        return start(workDir, classPath, slots, timeout, List.of());
    }

    /**
     * Starts JobManager and TaskManager and returns once the TaskManager has registered.
     *
     * @param dir       working folder: configuration, logs, temporary files, checkpoints
     * @param classPath the Flink runtime ("lib/") of both JVMs
     * @param slots     task slots of the TaskManager
     * @param extra     further {@code config.yaml} lines, e.g. {@link #FAST_FAILURE_DETECTION}
     */
    public static StandaloneCluster start(Path workDir, List<Path> classPath, int slots, Duration timeout, List<String> extra)
            throws IOException, InterruptedException {
        Path dir = workDir.toAbsolutePath().normalize();
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path log = Files.createDirectories(dir.resolve("log"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        int restPort = freePort();
        int rpcPort = freePort();
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                "jobmanager.bind-host: localhost",
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.memory.process.size: 768m",
                "taskmanager.bind-host: localhost",
                "taskmanager.host: localhost",
                "taskmanager.rpc.port: 0",
                "taskmanager.data.port: 0",
                "taskmanager.numberOfTaskSlots: " + slots,
                "taskmanager.memory.process.size: 1280m",
                "taskmanager.memory.managed.size: 128m",
                "blob.server.port: 0",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + restPort,
                "parallelism.default: 1",
                "execution.checkpointing.dir: " + dir.resolve("checkpoints").toUri(),
                "web.upload.dir: " + Files.createDirectories(dir.resolve("web-upload")),
                "io.tmp.dirs: " + tmp,
                "env.java.opts.all: " + String.join(" ", JAVA17_OPTS),
                String.join("\n", extra),
                ""), StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = MainAppender",
                "appender.main.name = MainAppender",
                "appender.main.type = File",
                "appender.main.fileName = ${sys:log.file}",
                "appender.main.layout.type = PatternLayout",
                "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-40c{1.} - %m%n",
                "logger.kafka.name = org.apache.kafka",
                "logger.kafka.level = WARN",
                ""), StandardCharsets.UTF_8);

        String cp = String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList());
        StandaloneCluster cluster = new StandaloneCluster(dir, URI.create("http://localhost:" + restPort));
        cluster.classPath = cp;
        // what Flink's start scripts add to each JVM's command line
        for (String line : extra) {
            if (line.startsWith("env.java.opts.taskmanager:")) cluster.taskManagerOpts = options(line);
            if (line.startsWith("env.java.opts.jobmanager:")) cluster.jobManagerOpts = options(line);
        }
        try {
            cluster.launch("jobmanager", "GET_JM_RESOURCE_PARAMS", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
            cluster.startTaskManager();
            cluster.awaitTaskManager(timeout);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public SessionClusterClient client() {
        return client;
    }

    public Path dir() {
        return dir;
    }

    /** The end of a process log, for failure messages. */
    public String logTail(String process, int lines) {
        Path f = dir.resolve("log").resolve(process + ".log");
        try {
            List<String> all = Files.exists(f) ? Files.readAllLines(f) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + f + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Starts a TaskManager, as {@code bin/taskmanager.sh start} does; the first logs to {@code taskmanager.log},
     * a restarted one to {@code taskmanager-2.log} and so on.
     */
    public void startTaskManager() throws IOException, InterruptedException {
        taskManagerStarts++;
        taskManager = launch(taskManagerStarts == 1 ? "taskmanager" : "taskmanager-" + taskManagerStarts, "GET_TM_RESOURCE_PARAMS",
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
    }

    /** Kills the running TaskManager with SIGKILL ({@link Process#destroyForcibly()}) and waits until it is gone. */
    public void killTaskManager() throws InterruptedException {
        if (taskManager == null) throw new IllegalStateException("no TaskManager started");
        taskManager.destroyForcibly();
        if (!taskManager.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("TaskManager " + taskManager.pid() + " outlived SIGKILL");
        processes.remove(taskManager);
        taskManager = null;
    }

    /** The log of the TaskManager started last. */
    public String taskManagerLogName() {
        return taskManagerStarts <= 1 ? "taskmanager" : "taskmanager-" + taskManagerStarts;
    }

    private Process launch(String name, String resourceQuery, String mainClass) throws IOException, InterruptedException {
        String cp = classPath;
        Path conf = dir.resolve("conf");
        Path log = dir.resolve("log");
        Path tmp = dir.resolve("tmp");
        List<String> resources = resourceParams.get(resourceQuery);
        if (resources == null) {
            resources = bashJavaUtils(cp, conf, resourceQuery);
            resourceParams.put(resourceQuery, resources);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(List.of(resources.get(0).trim().split("\\s+")));
        cmd.addAll(JAVA17_OPTS);
        cmd.addAll(resourceQuery.equals("GET_TM_RESOURCE_PARAMS") ? taskManagerOpts : jobManagerOpts);
        cmd.add("-Djava.io.tmpdir=" + tmp);
        cmd.add("-Dlog.file=" + log.resolve(name + ".log"));
        cmd.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(conf.toString());
        if (resources.size() > 1) cmd.addAll(List.of(resources.get(1).trim().split("\\s+")));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.resolve(name + ".out").toFile())
                .start();
        processes.add(p);
        return p;
    }

    private static List<String> options(String configLine) {
        String value = configLine.substring(configLine.indexOf(':') + 1).trim();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
    }

    /** Memory flags and dynamic properties exactly as {@code bin/jobmanager.sh} / {@code taskmanager.sh} compute them. */
    private static List<String> bashJavaUtils(String cp, Path conf, String query) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(javaBinary(), "-cp", cp, "org.apache.flink.runtime.util.bash.BashJavaUtils", query,
                "--configDir", conf.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("BashJavaUtils " + query + " failed:\n" + out);
        }
        List<String> results = out.lines().filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length())).toList();
        if (results.isEmpty()) throw new IllegalStateException("BashJavaUtils " + query + " gave no result:\n" + out);
        return results;
    }

    /** Returns once a TaskManager is registered with the JobManager (fails early when a cluster process exited). */
    public void awaitTaskManager(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a cluster process exited with " + p.exitValue() + "\njobmanager:\n"
                            + logTail("jobmanager", 40) + "\ntaskmanager:\n" + logTail(taskManagerLogName(), 40));
                }
            }
            try {
                JsonNode overview = client.overview();
                if (overview.path("taskmanagers").asInt() >= 1) return;
                last = overview.toString();
            } catch (IOException e) {
                last = e.getMessage();
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("cluster not up within " + timeout + " (" + last + ")\njobmanager:\n" + logTail("jobmanager", 40));
    }

    /** Stops the TaskManager, then the JobManager (SIGTERM, then SIGKILL after 15 s). */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
