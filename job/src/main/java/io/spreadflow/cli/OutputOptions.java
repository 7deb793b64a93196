package io.spreadflow.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --out}: the folder a command writes its files into ({@code @Mixin}); created if missing. */
public final class OutputOptions {

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder, created if missing: the report (backtest, sweep) or the recording (record).")
    Path out;

    /** The folder. */
    public Path folder() {
        return out;
    }
}
