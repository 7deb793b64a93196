package io.spreadflow.engine.report;

import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.Side;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionLogTest {

    private static Signal signal(long ts, long seq, SignalKind kind, String reason) {
        return Signal.newBuilder().setInstrument("LUNC-USDT").setStrategyId("rdn").setEventTsUs(ts).setSequence(seq).setKind(kind)
                .setReason(reason).setSpreadPct(-0.5).setIndicators(Map.of("combined_spread", -0.5)).build();
    }

    private static ExecutionReport fill(long ts, String reason) {
        return ExecutionReport.newBuilder().setIntentId("LUNC-USDT|rdn|1").setInstrument("LUNC-USDT").setLegIndex(0)
                .setVenue("mexc-spot").setSide(Side.BUY).setStatus(ExecutionStatus.REJECTED).setFilledQty(0).setAvgPrice(null)
                .setReason(reason).setIntentEventTsUs(ts).setFillEventTsUs(ts).build();
    }

    @Test
    void rowsAreInEventTimeWithTheDecidingSignalBeforeItsFillsAndReasonsQuoted() throws Exception {
        StringWriter w = new StringWriter();
        DecisionLog.write(w, List.of(signal(2_000_000, 2, SignalKind.HOLD, "ENTER_REFUSED_COOLDOWN"),
                        signal(1_000_000, 1, SignalKind.ENTER, "SPREAD_ENTRY")),
                List.of(fill(1_000_000, "insufficient balance, try later")));
        List<String> lines = w.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo(DecisionLog.HEADER);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith("1000000,1970-01-01T00:00:01Z,LUNC-USDT,SIGNAL,ENTER,SPREAD_ENTRY,");
        assertThat(lines.get(2)).startsWith("1000000,1970-01-01T00:00:01Z,LUNC-USDT,FILL,REJECTED,\"insufficient balance, try later\",");
        assertThat(lines.get(3)).contains(",HOLD,ENTER_REFUSED_COOLDOWN,").endsWith(",combined_spread=-0.5");
        // every row has the header's columns (the quoted reason holds a comma)
        assertThat(lines.get(2).replace("\"insufficient balance, try later\"", "x").split(",", -1)).hasSize(DecisionLog.HEADER.split(",").length);
    }
}
