package io.spreadflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** A harness's run folder (broker data, checkpoints, ledger, logs): removed at the end unless {@code -DkeepDir=true}. */
final class RunFolder {

    private RunFolder() {}

    static void cleanUp(Path work) throws IOException {
        if (Boolean.getBoolean("keepDir")) {
            System.out.println("run folder: " + work);
            return;
        }
        try (var files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
