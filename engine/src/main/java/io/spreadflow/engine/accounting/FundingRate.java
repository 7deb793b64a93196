package io.spreadflow.engine.accounting;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One funding event of a perpetual: at {@code timeUs} a long position of {@code instrument} on
 * {@code venue} pays position notional × {@code rate} to the shorts (a negative rate reverses the flow).
 *
 * @param venue      the perpetual venue, e.g. {@code binance-usdm}
 * @param instrument canonical {@code BASE-QUOTE}
 * @param timeUs     funding time, epoch µs (event time)
 * @param rate       the funding rate of the interval as a fraction (0.0001 = 0.01 %)
 */
public record FundingRate(String venue, String instrument, long timeUs, BigDecimal rate) implements Serializable {

    public FundingRate {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(rate, "rate");
    }
}
