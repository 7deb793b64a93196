package io.spreadflow.engine.report;

import io.spreadflow.connectors.files.SharedData;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the system's headless Chromium on a local file: the DOM after scripts ran, or a screenshot. */
final class HeadlessChromium {

    private static final long DEADLINE_SECONDS = 90;

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The browser, or a skipped test when it is absent (a failure under {@code CI=true}). */
    static HeadlessChromium require() {
        Optional<Path> bin = find();
        if (bin.isEmpty()) {
            String msg = "chromium not installed (apt-get install -y chromium, see .ci/install-deps.sh)";
            if (SharedData.inCi()) throw new AssertionError(msg);
            Assumptions.abort(msg);
        }
        return new HeadlessChromium(bin.get());
    }

    static Optional<Path> find() {
        String env = System.getenv("CHROME_BIN");
        if (env != null && Files.isExecutable(Path.of(env))) return Optional.of(Path.of(env));
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** A browser driven over the DevTools protocol, for input events and reads of the page's state. */
    ChromiumDevTools devTools(Path workDir, int width, int height) throws Exception {
        return ChromiumDevTools.start(binary, workDir, width, height);
    }

    /** The serialized DOM of {@code page} after its scripts ran. */
    String dumpDom(Path page, Path workDir) throws IOException, InterruptedException {
        return run(page, workDir, "--dump-dom");
    }

    /** Saves a screenshot of {@code page} to {@code png}. */
    void screenshot(Path page, Path workDir, Path png, int width, int height) throws IOException, InterruptedException {
        run(page, workDir, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars");
    }

    private String run(Path page, Path workDir, String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--virtual-time-budget=10000",
                "--user-data-dir=" + profile.toAbsolutePath()));
        cmd.addAll(List.of(extra));
        cmd.add(page.toAbsolutePath().toUri().toString());
        Path out = workDir.resolve("chromium-stdout.txt");
        Path err = workDir.resolve("chromium-stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + DEADLINE_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("chromium exited with " + p.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
