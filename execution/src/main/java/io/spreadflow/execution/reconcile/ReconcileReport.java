package io.spreadflow.execution.reconcile;

import java.util.List;

/** The comparison of the ledger with the live venues, line by line; trading may go on only when it is {@link #clean()}. */
public record ReconcileReport(List<Line> lines) {

    /** One compared item: what the ledger says and what the venue says. */
    public record Line(String venue, String subject, String ledger, String venueSays, boolean mismatch) {
        static Line match(String venue, String subject, String ledger, String venueSays) {
            return new Line(venue, subject, ledger, venueSays, false);
        }

        static Line mismatch(String venue, String subject, String ledger, String venueSays) {
            return new Line(venue, subject, ledger, venueSays, true);
        }

        @Override
        public String toString() {
            return (mismatch ? "MISMATCH " : "ok       ") + venue + "  " + subject + ": ledger " + ledger + ", venue " + venueSays;
        }
    }

    public ReconcileReport {
        lines = List.copyOf(lines);
    }

    public List<Line> mismatches() {
        return lines.stream().filter(Line::mismatch).toList();
    }

    public boolean clean() {
        return mismatches().isEmpty();
    }

    /** One line per compared item, then a summary. */
    public String table() {
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l).append('\n'));
        b.append(clean() ? "reconciled: ledger and venues agree" : "NOT reconciled: " + mismatches().size() + " mismatch(es); trading refused")
                .append('\n');
        return b.toString();
    }
}
