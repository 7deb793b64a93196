package io.spreadflow.execution.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL server for tests: {@code initdb} + {@code pg_ctl} from the Debian packages in a
 * temp dir on a free loopback port (as user {@code postgres} when the tests run as root, since the
 * server refuses root), or the server named by {@code SPREADFLOW_TEST_PG_URL}. Without either, the test
 * is skipped with a message, except under {@code CI=true}, where it fails.
 */
public final class PostgresCluster implements AutoCloseable {

    public static final String URL_ENV = "SPREADFLOW_TEST_PG_URL";

    private final String url;
    private final String user;
    private final String password;
    private final Path dir;
    private final Path bin;

    private PostgresCluster(String url, String user, String password, Path dir, Path bin) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.dir = dir;
        this.bin = bin;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A server to test against; skips (or fails in CI) when none can be had. */
    public static PostgresCluster startOrSkip() throws Exception {
        String given = System.getenv(URL_ENV);
        if (given != null && !given.isBlank()) {
            return new PostgresCluster(given, System.getenv("SPREADFLOW_TEST_PG_USER"), System.getenv("SPREADFLOW_TEST_PG_PASSWORD"), null, null);
        }
        Optional<Path> bin = binaries();
        if (bin.isEmpty()) {
            String msg = "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (apt-get install -y postgresql, see "
                    + ".ci/install-deps.sh) and " + URL_ENV + " not set";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(msg);
            Assumptions.abort(msg);
        }
        return start(bin.get());
    }

    static Optional<Path> binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return Optional.empty();
        try (var versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString().replaceAll("\\D", "0"))));
        }
    }

    private static PostgresCluster start(Path bin) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        // the server user must reach the directory: /tmp, not the build's target dir
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "spreadflow-pg");
        Path data = dir.resolve("data");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        if (root) run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                "--no-sync"), root);
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off", "start"), root);
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        PostgresCluster c = new PostgresCluster(url, "postgres", null, dir, bin);
        try (Connection ignored = DriverManager.getConnection(url, "postgres", "")) {
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** A fresh, empty database on this server, as a JDBC URL. */
    public String newDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password == null ? "" : password); var st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name);
        }
        return url.substring(0, url.lastIndexOf('/') + 1) + name;
    }

    private static void run(List<String> cmd, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(cmd);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", full) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws Exception {
        if (dir == null) return;
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), root);
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
