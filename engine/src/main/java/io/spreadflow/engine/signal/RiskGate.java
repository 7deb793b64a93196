package io.spreadflow.engine.signal;

import io.spreadflow.engine.config.StrategyConfig;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The per-instrument risk limits of a strategy configuration: which new entries they refuse (halted,
 * cool-down since the last entry, open positions, open notional) and when realized losses halt the
 * instrument. A zero limit is no limit.
 */
final class RiskGate {

    /** Refusal reasons, as they appear in the {@code <KIND>_REFUSED_<reason>} signal. */
    static final String HALTED = "HALTED";
    static final String COOLDOWN = "COOLDOWN";
    static final String MAX_OPEN_POSITIONS = "MAX_OPEN_POSITIONS";
    static final String MAX_NOTIONAL = "MAX_NOTIONAL";

    private final StrategyConfig.RiskLimits risk;
    private final long cooldownUs;

    RiskGate(StrategyConfig.RiskLimits risk) {
        this.risk = risk;
        this.cooldownUs = micros(risk.entryCooldown());
    }

    static long micros(Duration d) {
        return Math.multiplyExact(d.getSeconds(), 1_000_000L) + d.getNano() / 1_000;
    }

    /** Why a new entry of {@code notional} on the row at {@code rowTsUs} is refused, or {@code null} when allowed. */
    String refuseEntry(PositionBook b, double notional, long rowTsUs) {
        if (b.halted) return HALTED;
        if (cooldownUs > 0 && b.lastEntryRowTsUs != Long.MIN_VALUE && rowTsUs - b.lastEntryRowTsUs < cooldownUs) return COOLDOWN;
        if (risk.maxOpenPositions() > 0 && b.positions.size() >= risk.maxOpenPositions()) return MAX_OPEN_POSITIONS;
        if (risk.maxNotionalQuote().signum() > 0) {
            BigDecimal open = BigDecimal.ZERO;
            for (PositionRecord p : b.positions.values()) open = open.add(p.entryNotional);
            if (open.add(BigDecimal.valueOf(notional)).compareTo(risk.maxNotionalQuote()) > 0) return MAX_NOTIONAL;
        }
        return null;
    }

    /** Whether the realized P&amp;L reached the loss limit of a book not yet halted: it must halt now. */
    boolean lossLimitReached(PositionBook b) {
        return !b.halted && risk.maxLossQuote().signum() > 0 && b.realizedPnl.compareTo(risk.maxLossQuote().negate()) <= 0;
    }
}
