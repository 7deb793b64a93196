package io.spreadflow.connectors.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EmbeddedKafka} running in a child JVM, so that a fatal broker error (Kafka halts its
 * JVM) ends only the child. Closing it stops the child gracefully, then forcibly; {@link #kill()} ends it
 * as a crash would. Started again with the same {@link EmbeddedKafka.Settings} (a fixed port and data folder),
 * the broker recovers its logs and serves the same topics, offsets and committed consumer offsets.
 */
public final class ChildKafka implements AutoCloseable {

    private static final long START_TIMEOUT_MS = 60_000;

    private final Process process;
    private final String bootstrapServers;

    private ChildKafka(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    static ChildKafka start(EmbeddedKafka.Settings settings) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(EmbeddedKafka.class.getName());
        cmd.add(Integer.toString(settings.port()));
        cmd.add(settings.dataDir() == null ? "-" : settings.dataDir().toAbsolutePath().toString());
        settings.overrides().forEach((k, v) -> cmd.add(k + "=" + v));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start child JVM for Kafka", e);
        }
        BlockingQueue<String> ready = new ArrayBlockingQueue<>(1);
        List<String> head = new ArrayList<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                boolean seen = false;
                while ((line = r.readLine()) != null) {
                    if (!seen && line.startsWith(EmbeddedKafka.READY_PREFIX)) {
                        seen = true;
                        ready.offer(line.substring(EmbeddedKafka.READY_PREFIX.length()).trim());
                    } else if (!seen) {
                        synchronized (head) {
                            if (head.size() < 200) head.add(line);
                        }
                    }
                    // after startup the output is drained so the child never blocks on a full pipe
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }, "child-kafka-output");
        pump.setDaemon(true);
        pump.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
            while (System.nanoTime() < deadline) {
                String bootstrap = ready.poll(200, TimeUnit.MILLISECONDS);
                if (bootstrap != null) return new ChildKafka(p, bootstrap);
                if (!p.isAlive()) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.destroyForcibly();
        String out;
        synchronized (head) {
            out = String.join("\n", head);
        }
        throw new IllegalStateException("child Kafka did not become ready (exit " + (p.isAlive() ? "n/a" : p.exitValue())
                + "); its output:\n" + out);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the broker with SIGKILL, as a crash would (no clean shutdown), and waits until the process is gone. */
    public void kill() {
        try {
            if (!process.destroyForcibly().waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Kafka child " + process.pid() + " outlived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
