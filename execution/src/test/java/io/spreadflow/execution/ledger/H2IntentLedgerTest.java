package io.spreadflow.execution.ledger;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The ledger contract on the embedded H2 file database the service uses by default. */
class H2IntentLedgerTest extends IntentLedgerContract {

    @TempDir
    Path dir;

    @Override
    protected String[] freshDatabase() {
        return new String[] {"jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath() + ";DB_CLOSE_DELAY=-1", null, null};
    }
}
