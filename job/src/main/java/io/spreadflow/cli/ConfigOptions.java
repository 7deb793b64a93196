package io.spreadflow.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --config}: the strategy configuration YAML of every command that runs a strategy
 * ({@code @Mixin}). Without it each command says in its description what it runs instead.
 */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Strategy configuration YAML (keys: see `spreadflow strategies`). Without it: run and demo use the built-in"
                    + " demo configuration (demo --replay: rdn with the thresholds of the recorded LUNC case, venues from the files);"
                    + " backtest and sweep build it from --strategy and --param, which also override the file.")
    Path config;

    /** The file, or null for the command's built-in configuration. */
    public Path file() {
        return config;
    }

    /** The file as an absolute path, or null. */
    public Path absolute() {
        return config == null ? null : config.toAbsolutePath();
    }
}
