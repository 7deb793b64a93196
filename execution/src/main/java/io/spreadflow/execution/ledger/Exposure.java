package io.spreadflow.execution.ledger;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What a risk decision sees, read under the ledger's decision lock.
 *
 * @param killSwitch              whether the kill switch is on
 * @param openIntents             how many intents hold open exposure (all instruments)
 * @param openInstrumentNotional  the gross notional of the instrument's open intents
 * @param positions               the instrument's position on each venue the intent trades on (zero when none)
 */
public record Exposure(boolean killSwitch, long openIntents, BigDecimal openInstrumentNotional, Map<String, VenuePosition> positions) {

    public Exposure {
        positions = Map.copyOf(positions);
    }

    public VenuePosition position(String venue) {
        return positions.getOrDefault(venue, VenuePosition.FLAT);
    }

    /**
     * One venue's position in one instrument.
     *
     * @param netQty      filled: bought minus sold
     * @param pendingBuy  what intents under way may still buy
     * @param pendingSell what intents under way may still sell
     */
    public record VenuePosition(BigDecimal netQty, BigDecimal pendingBuy, BigDecimal pendingSell) {
        public static final VenuePosition FLAT = new VenuePosition(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }
}
