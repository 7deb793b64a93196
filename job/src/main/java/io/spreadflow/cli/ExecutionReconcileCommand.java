package io.spreadflow.cli;

import io.spreadflow.execution.ExecutionSettings;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.reconcile.ReconcileReport;
import io.spreadflow.execution.reconcile.Reconciler;
import io.spreadflow.execution.venue.LiveTrading;
import io.spreadflow.execution.venue.LiveVenue;
import io.spreadflow.execution.venue.LiveVenues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code spreadflow execution reconcile}: the comparison the service makes before it trades live —
 * open orders, balances or positions, RECEIVED intents — printed, without trading. Exit code 0 when
 * ledger and venues agree, 3 when they do not.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Compares the ledger with the live venues (open orders, balances, positions, intents left RECEIVED) and prints "
                + "each item; places and cancels nothing. Exit code 0 when they agree, 3 on any mismatch (the service would refuse to trade)."})
public final class ExecutionReconcileCommand implements Callable<Integer> {

    /** Returned when the ledger and a venue disagree. */
    public static final int MISMATCH = 3;

    @Mixin
    LiveVenueOptions live;

    @Mixin
    LedgerOptions ledger = new LedgerOptions();

    @Option(names = "--instrument", description = "an instrument to check besides those the ledger names, e.g. BTC-USDT; repeatable")
    List<String> instruments = List.of();

    @Override
    public Integer call() throws Exception {
        // read-only: the confirmation flag guards orders, and this command sends none
        LiveTrading trading = live.resolve(true, false, System.getenv());
        if (!trading.live()) throw new IllegalArgumentException("nothing to reconcile: give at least one --venue NAME=live");
        ExecutionSettings s = ledger.applyTo(ExecutionSettings.DEFAULT);
        try (IntentLedger ledger = IntentLedger.open(s.effectiveDbUrl(), s.dbUser(), s.dbPassword(), s.ledgerPageRows())) {
            Map<String, LiveVenue> venues = LiveVenues.adapters(trading, (i, l) -> null, Clock.systemUTC());
            ReconcileReport report = new Reconciler(ledger, venues).compare(instruments);
            System.out.print(report.table());
            return report.clean() ? 0 : MISMATCH;
        }
    }
}
