package io.spreadflow.connectors.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the project's {@code shared/} folder (real recordings and golden cases), which lives beside
 * the repository root as {@code ../shared}. Tests and benchmarks read it in place; nothing is copied.
 *
 * <p>The root is the system property {@code spreadflow.root} (Maven sets it), else the working
 * directory and its parents are searched for the folder that has {@code ../shared}.
 */
public final class SharedData {

    private SharedData() {}

    /** The shared folder, if present. */
    public static Optional<Path> root() {
        String override = System.getProperty("spreadflow.shared");
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override).toAbsolutePath().normalize();
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        String repo = System.getProperty("spreadflow.root");
        if (repo != null && !repo.isBlank()) {
            Path p = Path.of(repo).toAbsolutePath().normalize().resolveSibling("shared");
            if (Files.isDirectory(p)) return Optional.of(p);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolveSibling("shared");
            if (Files.isDirectory(p.resolve("data")) && Files.isDirectory(dir.resolve(".git"))) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** True when running under CI ({@code CI=true}), where missing shared data must fail, not skip. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * A path under the shared folder. Throws {@link MissingSharedData} when the folder or the file is
     * absent; test helpers turn that into a skip outside CI and a failure in CI.
     */
    public static Path resolve(String relative) {
        Path root = root().orElseThrow(() -> new MissingSharedData(
                "shared data folder not found (expected ../shared beside the repository root); needed: " + relative));
        Path p = root.resolve(relative);
        if (!Files.exists(p)) throw new MissingSharedData("shared data file missing: " + p);
        return p;
    }

    /** The shared data folder or one of its files is not there. */
    public static final class MissingSharedData extends RuntimeException {
        public MissingSharedData(String message) {
            super(message);
        }
    }
}
