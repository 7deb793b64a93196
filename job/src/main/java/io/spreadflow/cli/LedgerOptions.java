package io.spreadflow.cli;

import io.spreadflow.execution.ExecutionSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where the execution service's intent ledger lives ({@code @Mixin} of {@code execution} and
 * {@code execution reconcile}); defaults from {@link ExecutionSettings#DEFAULT}. The database user
 * and password never come from the command line.
 */
public final class LedgerOptions {

    /** Environment variables of the ledger database's credentials. */
    static final String DB_USER_ENV = "SPREADFLOW_DB_USER";
    static final String DB_PASSWORD_ENV = "SPREADFLOW_DB_PASSWORD";

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "the service's data folder: the embedded ledger and a generated API token. Default: ${DEFAULT-VALUE}")
    Path dataDir = ExecutionSettings.DEFAULT.dataDir();

    @Option(names = "--db", paramLabel = "JDBC-URL", description = "JDBC URL of the ledger, e.g. jdbc:postgresql://host/db (user and password from "
            + DB_USER_ENV + " / " + DB_PASSWORD_ENV + "). Default: embedded H2 under --data-dir")
    String db;

    /** {@code settings} with this data folder and, when given, this database. */
    public ExecutionSettings applyTo(ExecutionSettings settings) {
        ExecutionSettings s = settings.withDataDir(dataDir);
        return db == null ? s : s.withDb(db, System.getenv(DB_USER_ENV), System.getenv(DB_PASSWORD_ENV));
    }
}
