package io.spreadflow.connectors.files;

import io.spreadflow.schemas.Market;

import java.util.List;
import java.util.Locale;

/**
 * Venue symbols to canonical instruments ({@code BTCUSDT}, {@code LUNC_USDT}, {@code btc-usdt} →
 * {@code BTC-USDT}) and venue names to markets.
 */
public final class Instruments {

    /** Quote currencies recognised at the end of a run-together symbol, longest first. */
    private static final List<String> QUOTES = List.of("FDUSD", "USDT", "USDC", "BUSD", "TUSD", "USD", "EUR", "TRY", "BTC", "ETH", "BNB");

    private Instruments() {}

    /**
     * The canonical {@code BASE-QUOTE} form of a venue symbol.
     *
     * @throws IllegalArgumentException when no quote currency can be recognised
     */
    public static String canonical(String venueSymbol) {
        if (venueSymbol == null || venueSymbol.isBlank()) throw new IllegalArgumentException("empty symbol");
        String s = venueSymbol.trim().toUpperCase(Locale.ROOT);
        // OKX swap ids look like BTC-USDT-SWAP; futures contracts may carry a settlement suffix
        if (s.endsWith("-SWAP")) s = s.substring(0, s.length() - 5);
        if (s.endsWith("_PERP")) s = s.substring(0, s.length() - 5);
        // OKX dated futures: BTC-USD-220527 (the expiry is part of the venue symbol, not the instrument)
        if (s.matches(".+-.+-\\d{6}")) s = s.substring(0, s.length() - 7);
        for (char sep : new char[] {'_', '-', '/'}) {
            int i = s.indexOf(sep);
            if (i > 0 && i < s.length() - 1) {
                return s.substring(0, i) + "-" + s.substring(i + 1).replace(String.valueOf(sep), "");
            }
        }
        for (String q : QUOTES) {
            if (s.endsWith(q) && s.length() > q.length()) return s.substring(0, s.length() - q.length()) + "-" + q;
        }
        throw new IllegalArgumentException("cannot tell base and quote currency of symbol '" + venueSymbol + "'");
    }

    /** The market a venue name denotes: {@code *-spot} spot, {@code *-futures|-usdm|-swap|-perp} perpetual. */
    public static Market marketOf(String venue) {
        String v = venue.toLowerCase(Locale.ROOT);
        if (v.endsWith("-spot") || v.contains("spot")) return Market.SPOT;
        if (v.endsWith("-futures") || v.endsWith("-usdm") || v.endsWith("-coinm") || v.endsWith("-swap") || v.endsWith("-perp")) {
            return Market.PERPETUAL;
        }
        return Market.UNKNOWN;
    }
}
