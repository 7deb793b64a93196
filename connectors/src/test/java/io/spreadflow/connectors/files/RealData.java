package io.spreadflow.connectors.files;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;

/** Locates a file of the shared real data: skips the test when it is absent, fails under CI. */
public final class RealData {

    private RealData() {}

    public static Path require(String relative) {
        try {
            return SharedData.resolve(relative);
        } catch (SharedData.MissingSharedData e) {
            if (SharedData.inCi()) throw e;
            Assumptions.abort(e.getMessage());
            throw e;
        }
    }
}
