package io.spreadflow.job;

import org.apache.flink.configuration.ReadableConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The strategy configuration the job runs: the YAML file named by {@link JobOptions#STRATEGY_CONFIG},
 * or the built-in demo configuration. It is read where the job is built and shipped as text.
 */
public final class EngineConfigs {

    /** The built-in configuration: rdn on the synthetic market, thresholds its dislocations cross. */
    public static final String DEMO_RESOURCE = "/io/spreadflow/job/demo-strategy.yaml";

    private EngineConfigs() {}

    /** The YAML text of the configured strategy file, or of the built-in demo configuration. */
    public static String yaml(ReadableConfig options) {
        return options.getOptional(JobOptions.STRATEGY_CONFIG).map(EngineConfigs::readFile).orElseGet(EngineConfigs::demoYaml);
    }

    public static String demoYaml() {
        try (InputStream in = EngineConfigs.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) throw new IllegalStateException("built-in configuration " + DEMO_RESOURCE + " is missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readFile(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read strategy configuration " + JobOptions.STRATEGY_CONFIG.key() + "=" + path + ": " + e.getMessage(), e);
        }
    }

    /** The engine factory for the configured strategy. */
    public static EngineFactory engineFactory(ReadableConfig options) {
        String yaml = yaml(options);
        return () -> {
            throw new UnsupportedOperationException("no engine implementation available for:\n" + yaml);
        };
    }

    /** The engine of a demo replay without a configuration file: rdn on the venues found in the files. */
    public static EngineFactory replayDemoEngine(java.util.List<Path> files) {
        throw new UnsupportedOperationException("replay demo configuration for " + files);
    }
}
