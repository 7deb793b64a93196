package io.spreadflow.execution.risk;

import io.spreadflow.execution.IntentResult;
import io.spreadflow.execution.OrderDesk;
import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.testing.Intents;
import io.spreadflow.execution.testing.PaperDesk;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Side;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The risk rules on a real ledger (embedded H2) and paper fills: what an intent does to the positions
 * counts, not the purpose it names. Books: spot 99.9/100.0, futures 100.5/100.6.
 */
class RiskRulesTest {

    @TempDir
    Path dir;
    private IntentLedger ledger;
    private OrderDesk desk;

    private void open(RiskLimits limits) {
        ledger = IntentLedger.open("jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath() + ";DB_CLOSE_DELAY=-1", null, null);
        desk = PaperDesk.open(ledger, limits);
    }

    @AfterEach
    void close() {
        if (ledger != null) ledger.close();
    }

    private static OrderIntent intent(long seq, IntentPurpose purpose, Side spot, Side fut, double qty) {
        return Intents.intent("BTC-USDT", seq, purpose, spot, fut, qty, 1_000, seq);
    }

    private IntentResult submit(OrderIntent i) throws InterruptedException {
        return desk.submit(i);
    }

    @Test
    void anExitOrHedgeMayOnlyReduceThePosition() throws Exception {
        open(RiskLimits.DEFAULT);
        // nothing held: an exit would open a short spot and a long futures position
        IntentResult early = submit(Intents.exit("BTC-USDT", 1, 1, 1_000, 1L));
        assertThat(early.status()).isEqualTo("REJECTED");
        assertThat(early.reason()).contains("EXIT intents may only reduce").contains("leg 0 SELL 1 on binance-spot");
        IntentResult hedge = submit(intent(2, IntentPurpose.HEDGE, Side.BUY, Side.SELL, 1));
        assertThat(hedge.status()).isEqualTo("REJECTED");
        assertThat(hedge.reason()).contains("HEDGE intents may only reduce");

        assertThat(submit(Intents.entry("BTC-USDT", 3, 2, 1_000, 3L)).status()).isEqualTo("FILLED");
        // long 2 spot, short 2 futures: an exit of 3 would flip both
        assertThat(submit(Intents.exit("BTC-USDT", 4, 3, 1_000, 3L)).status()).isEqualTo("REJECTED");
        // a hedge that adds to the spot long is refused; one that trims it fills
        assertThat(submit(intent(5, IntentPurpose.HEDGE, Side.BUY, Side.SELL, 0.5)).status()).isEqualTo("REJECTED");
        assertThat(submit(intent(6, IntentPurpose.HEDGE, Side.SELL, Side.BUY, 0.5)).status()).isEqualTo("FILLED");
        // 1.5 left each side: exactly that fills
        assertThat(submit(Intents.exit("BTC-USDT", 7, 1.5, 1_000, 3L)).status()).isEqualTo("FILLED");
        assertThat(ledger.positions()).allSatisfy(p -> assertThat(p.netQty()).isEqualByComparingTo("0"));
        assertThat(submit(Intents.exit("BTC-USDT", 8, 0.1, 1_000, 3L)).status()).isEqualTo("REJECTED");
        assertThat(ledger.counts().executions()).isEqualTo(3);
    }

    @Test
    void reductionsAlreadyUnderWayCountAgainstThePosition() throws Exception {
        open(RiskLimits.DEFAULT);
        assertThat(submit(Intents.entry("BTC-USDT", 1, 1, 1_000, 1L)).status()).isEqualTo("FILLED");
        // an exit of the whole position is under way (recorded, not yet executed): a second one finds nothing left
        OrderIntent first = Intents.exit("BTC-USDT", 2, 1, 1_000, 1L);
        assertThat(ledger.insertReceived(first, IntentCodec.fingerprint(first), BigDecimal.ONE, false)).isTrue();
        IntentResult second = submit(Intents.exit("BTC-USDT", 3, 1, 1_000, 1L));
        assertThat(second.status()).isEqualTo("REJECTED");
        assertThat(second.reason()).contains("0 left to reduce");
        // the first completes: its fills leave the position flat, and the pending quantity is gone with it
        assertThat(desk.recoverPending()).isEqualTo(1);
        assertThat(ledger.find(first.getIntentId()).orElseThrow().status()).isEqualTo("FILLED");
        assertThat(ledger.positions()).allSatisfy(p -> assertThat(p.netQty()).isEqualByComparingTo("0"));
    }

    @Test
    void theKillSwitchStopsEverythingThatAddsExposureOtherIncluded() throws Exception {
        open(RiskLimits.DEFAULT);
        assertThat(submit(Intents.entry("BTC-USDT", 1, 1, 1_000, 1L)).status()).isEqualTo("FILLED");
        desk.setKillSwitch(true);
        for (IntentPurpose p : new IntentPurpose[] {IntentPurpose.ENTRY, IntentPurpose.OTHER}) {
            IntentResult r = submit(intent(10 + p.ordinal(), p, Side.BUY, Side.SELL, 0.1));
            assertThat(r.status()).as(p.name()).isEqualTo("REJECTED");
            assertThat(r.reason()).contains("kill switch");
        }
        // a hedge that would add is refused as not reducing; the exit of what is held goes through
        assertThat(submit(intent(20, IntentPurpose.HEDGE, Side.BUY, Side.SELL, 0.1)).status()).isEqualTo("REJECTED");
        assertThat(submit(Intents.exit("BTC-USDT", 21, 1, 1_000, 1L)).status()).isEqualTo("FILLED");
        assertThat(ledger.counts().executions()).isEqualTo(2);
    }

    @Test
    void otherIntentsCountAsExposure() throws Exception {
        // each intent of 2: 2 × 100.0 + 2 × 100.5 = 401
        open(RiskLimits.DEFAULT.withMaxInstrumentNotional(new BigDecimal("1000")).withMaxOpenIntents(2));
        assertThat(submit(intent(1, IntentPurpose.OTHER, Side.BUY, Side.SELL, 2)).status()).isEqualTo("FILLED");
        assertThat(ledger.openIntents()).isEqualTo(1);
        assertThat(ledger.openNotional("BTC-USDT")).isEqualByComparingTo("401");
        assertThat(submit(intent(2, IntentPurpose.OTHER, Side.BUY, Side.SELL, 2)).status()).isEqualTo("FILLED");
        IntentResult third = submit(Intents.entry("BTC-USDT", 3, 2, 1_000, 3L));
        assertThat(third.status()).isEqualTo("REJECTED");
        assertThat(third.reason()).contains("max-instrument-notional").contains("1203");
    }

    @Test
    void aSellIsCountedAtTheBidWhenItsLimitIsLower() throws Exception {
        open(RiskLimits.DEFAULT.withMaxOrderNotional(new BigDecimal("1000")));
        // sell 9 on futures with a limit of 1: it fills at the bid, 100.5, so its notional is 904.5, not 9
        OrderIntent lowLimit = intent(1, IntentPurpose.ENTRY, Side.BUY, Side.SELL, 9);
        lowLimit.getLegs().get(0).setLimitPrice(0.01);
        lowLimit.getLegs().get(1).setLimitPrice(1.0);
        IntentResult r = submit(lowLimit);
        assertThat(r.status()).isEqualTo("REJECTED");
        // buy at the ask 100.0 (above its limit of 0.01) + sell at the bid 100.5: 9 × 200.5
        assertThat(r.reason()).contains("max-order-notional").contains("1804.5");
        // a buy limit above the ask counts at the limit
        OrderIntent highLimit = intent(2, IntentPurpose.ENTRY, Side.BUY, Side.SELL, 4);
        highLimit.getLegs().get(0).setLimitPrice(150.0);
        IntentResult h = submit(highLimit);
        assertThat(h.status()).isEqualTo("REJECTED");
        assertThat(h.reason()).contains("1002"); // 4 × 150 + 4 × 100.5
        assertThat(submit(intent(3, IntentPurpose.ENTRY, Side.BUY, Side.SELL, 4)).status()).isEqualTo("FILLED"); // 802
    }

    @Test
    void aReduceOnlyLegMustReduceWhateverThePurpose() throws Exception {
        open(RiskLimits.DEFAULT);
        OrderIntent entry = Intents.entry("BTC-USDT", 1, 1, 1_000, 1L);
        entry.getLegs().get(1).setReduceOnly(true);
        IntentResult r = submit(entry);
        assertThat(r.status()).isEqualTo("REJECTED");
        assertThat(r.reason()).contains("leg 1 is reduce-only");
        assertThat(submit(Intents.entry("BTC-USDT", 2, 1, 1_000, 2L)).status()).isEqualTo("FILLED");
        // now short 1 on futures: a reduce-only buy there reduces it
        OrderIntent cover = intent(3, IntentPurpose.OTHER, Side.BUY, Side.BUY, 1);
        cover.getLegs().get(1).setReduceOnly(true);
        assertThat(submit(cover).status()).isEqualTo("FILLED");
    }
}
