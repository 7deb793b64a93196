package io.spreadflow.engine.accounting;

import io.spreadflow.engine.state.StateData;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;

/** The stored form of a {@link Ledger}: balances per venue in their order, fees and funding, exactly. */
public final class LedgerStateCodec {

    private LedgerStateCodec() {}

    public static void write(DataOutput out, Ledger l) throws IOException {
        writeBalances(out, l.base);
        writeBalances(out, l.quote);
        StateData.writeDecimal(out, l.fees);
        StateData.writeDecimal(out, l.funding);
    }

    /** @param version the format version the bytes were written in */
    public static Ledger read(DataInput in, int version) throws IOException {
        Ledger l = new Ledger(Map.of());
        readBalances(in, l.base);
        readBalances(in, l.quote);
        l.fees = StateData.readDecimal(in);
        l.funding = StateData.readDecimal(in);
        return l;
    }

    private static void writeBalances(DataOutput out, Map<String, BigDecimal> m) throws IOException {
        StateData.writeCount(out, m.size());
        for (Map.Entry<String, BigDecimal> e : m.entrySet()) {
            StateData.writeString(out, e.getKey());
            StateData.writeDecimal(out, e.getValue());
        }
    }

    private static void readBalances(DataInput in, Map<String, BigDecimal> into) throws IOException {
        int n = StateData.readCount(in, "balances");
        for (int i = 0; i < n; i++) into.put(StateData.readString(in), StateData.readDecimal(in));
    }
}
