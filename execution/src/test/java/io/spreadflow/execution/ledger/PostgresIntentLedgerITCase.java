package io.spreadflow.execution.ledger;

import io.spreadflow.execution.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.concurrent.atomic.AtomicInteger;

/** The ledger contract on a real PostgreSQL server (a throwaway cluster, or {@code SPREADFLOW_TEST_PG_URL}). */
class PostgresIntentLedgerITCase extends IntentLedgerContract {

    private static PostgresCluster pg;
    private static final AtomicInteger DBS = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        pg = PostgresCluster.startOrSkip();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (pg != null) pg.close();
    }

    @Override
    protected String[] freshDatabase() throws Exception {
        return new String[] {pg.newDatabase("ledger_" + DBS.incrementAndGet()), pg.user(), pg.password()};
    }
}
