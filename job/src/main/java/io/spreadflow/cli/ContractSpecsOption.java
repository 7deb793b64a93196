package io.spreadflow.cli;

import io.spreadflow.connectors.feed.ContractSpecs;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --specs}: the contract multipliers of contract-sized venues, from a file ({@code @Mixin}).
 * Without it: none (feed fetches them from the venue's REST API).
 */
public final class ContractSpecsOption {

    @Option(names = "--specs", paramLabel = "FILE",
            description = "contract multipliers, CSV 'venue,symbol,multiplier,kind' (kind linear|inverse), for contract-sized venues."
                    + " Default: none (feed fetches them from the venue)")
    Path specs;

    /** Whether a file was given. */
    public boolean given() {
        return specs != null;
    }

    /** The multipliers of the file, or none. */
    public ContractSpecs load() {
        if (specs == null) return ContractSpecs.none();
        if (!Files.isRegularFile(specs)) throw new IllegalArgumentException("no such specs file: " + specs);
        return ContractSpecs.load(specs);
    }
}
