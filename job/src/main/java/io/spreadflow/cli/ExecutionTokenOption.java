package io.spreadflow.cli;

import io.spreadflow.execution.ExecutionService;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --token-file}: the execution service's bearer token, the one file both sides read
 * ({@code @Mixin}): the service requires the token, the job presents it.
 */
public final class ExecutionTokenOption {

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "file holding the execution service's bearer token (execution: the token callers must present; run: the token"
                    + " the job presents, read by the JobManager on --cluster). Default: the environment variable "
                    + ExecutionService.TOKEN_ENV + "; without it the service generates one into <data-dir>/api-token")
    Path tokenFile;

    /** The file, or null. */
    public Path file() {
        return tokenFile;
    }
}
