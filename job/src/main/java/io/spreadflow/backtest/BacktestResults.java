package io.spreadflow.backtest;

import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.job.EngineEvent;
import io.spreadflow.engine.report.SpreadSeries;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a backtest job produced, by parameter set. Within an instrument, events keep the order the
 * engine emitted them; across instruments the arrival order depends on scheduling, so the accessors
 * return events grouped by instrument (sorted by name) to give every run the same order.
 */
public final class BacktestResults {

    /** The outputs of one parameter set. */
    public static final class SetResults {
        private final Map<String, List<Signal>> signals = new TreeMap<>();
        private final Map<String, List<OrderIntent>> intents = new TreeMap<>();
        private final Map<String, List<ExecutionReport>> executions = new TreeMap<>();
        private final Map<String, List<Trade>> trades = new TreeMap<>();
        private final Map<String, SpreadSeries> spreads = new TreeMap<>();
        private final Map<String, long[]> ticks = new TreeMap<>();

        public List<Signal> signals() {
            return flat(signals);
        }

        public List<OrderIntent> intents() {
            return flat(intents);
        }

        public List<ExecutionReport> executions() {
            return flat(executions);
        }

        public List<Trade> trades() {
            return flat(trades);
        }

        public List<SpreadSeries> spreads() {
            return new ArrayList<>(spreads.values());
        }

        /** Ticks the engine processed. */
        public long ticks() {
            long n = 0;
            for (long[] t : ticks.values()) n += t[0];
            return n;
        }

        /** Instruments the engine saw. */
        public List<String> instruments() {
            return new ArrayList<>(ticks.keySet());
        }

        /** First receive time of any processed tick, or 0 without ticks. */
        public long firstTsUs() {
            return ticks.values().stream().mapToLong(t -> t[1]).min().orElse(0);
        }

        /** Last receive time of any processed tick, or 0 without ticks. */
        public long lastTsUs() {
            return ticks.values().stream().mapToLong(t -> t[2]).max().orElse(0);
        }

        private static <T> List<T> flat(Map<String, List<T>> byInstrument) {
            List<T> out = new ArrayList<>();
            byInstrument.values().forEach(out::addAll);
            return out;
        }
    }

    private final List<SetResults> sets = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    BacktestResults(int parameterSets) {
        for (int i = 0; i < parameterSets; i++) sets.add(new SetResults());
    }

    /** Adds one event; called by the sink subtasks concurrently. */
    synchronized void add(EngineEvent e) {
        SetResults s = sets.get(e.paramSet);
        if (e.signal != null) s.signals.computeIfAbsent(e.signal.getInstrument(), k -> new ArrayList<>()).add(e.signal);
        else if (e.intent != null) s.intents.computeIfAbsent(e.intent.getInstrument(), k -> new ArrayList<>()).add(e.intent);
        else if (e.execution != null) s.executions.computeIfAbsent(e.execution.getInstrument(), k -> new ArrayList<>()).add(e.execution);
        else if (e.trade != null) s.trades.computeIfAbsent(e.trade.instrument(), k -> new ArrayList<>()).add(e.trade);
        else if (e.deadLetter != null) deadLetters.add(e.deadLetter);
        else if (e.keyInstrument != null) {
            if (e.spread != null) s.spreads.put(e.keyInstrument, e.spread);
            s.ticks.put(e.keyInstrument, new long[] {e.keyTicks, e.keyFirstTsUs, e.keyLastTsUs});
        }
    }

    public int parameterSets() {
        return sets.size();
    }

    public SetResults set(int i) {
        return sets.get(i);
    }

    /** The only parameter set of a plain backtest. */
    public SetResults single() {
        return sets.get(0);
    }

    /** Input lines or records that were not accepted, and ticks the engine refused, with reasons. */
    public List<DeadLetter> deadLetters() {
        List<DeadLetter> out = new ArrayList<>(deadLetters);
        out.sort(Comparator.comparing((DeadLetter d) -> d.getSource().toString())
                .thenComparing(d -> d.getOffset() == null ? 0L : d.getOffset()));
        return out;
    }

    /** Counts of dead letters by reason, for the run summary. */
    public Map<String, Long> deadLetterReasons() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (DeadLetter d : deadLetters()) out.merge(d.getReason().toString(), 1L, Long::sum);
        return out;
    }
}
