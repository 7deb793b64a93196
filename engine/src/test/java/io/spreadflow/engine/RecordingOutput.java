package io.spreadflow.engine;

import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;

import java.util.ArrayList;
import java.util.List;

/** Collects everything an engine emits, in order. */
public final class RecordingOutput implements EngineOutput {

    public final List<Signal> signals = new ArrayList<>();
    public final List<OrderIntent> intents = new ArrayList<>();
    public final List<ExecutionReport> executions = new ArrayList<>();
    public final List<Trade> trades = new ArrayList<>();
    public final List<String> rejections = new ArrayList<>();
    /** Reports the engine gave up on, and why. */
    public final List<ExecutionReport> rejectedReports = new ArrayList<>();
    public final List<String> reportRejections = new ArrayList<>();
    public final List<BufferBound> boundsHit = new ArrayList<>();
    /** Every emission as text, in emission order, for comparing two runs. */
    public final List<String> log = new ArrayList<>();

    @Override
    public void signal(Signal signal) {
        signals.add(signal);
        log.add("S " + signal);
    }

    @Override
    public void intent(OrderIntent intent) {
        intents.add(intent);
        log.add("I " + intent);
    }

    @Override
    public void execution(ExecutionReport report) {
        executions.add(report);
        log.add("E " + report);
    }

    @Override
    public void trade(Trade trade) {
        trades.add(trade);
        log.add("T " + trade);
    }

    @Override
    public void rejected(BookTicker tick, String reason) {
        rejections.add(reason);
        log.add("R " + reason + " " + tick);
    }

    @Override
    public void rejected(ExecutionReport report, String reason) {
        rejectedReports.add(report);
        reportRejections.add(reason);
        log.add("X " + reason + " " + report);
    }

    @Override
    public void boundHit(BufferBound bound) {
        boundsHit.add(bound);
    }
}
