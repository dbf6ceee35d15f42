package com.shoppulse.ingest;

import com.shoppulse.events.EventParser;
import com.shoppulse.events.InvalidEventException;
import com.shoppulse.events.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses raw records into events of contract v1; a record that breaks the contract goes to {@link
 * #REJECTED} as a {@link DeadLetter} and is counted per reason in the metric {@code
 * eventsRejected.reason.<code>}.
 */
public final class ParseEvents extends ProcessFunction<RawRecord, ParsedEvent> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> REJECTED = new OutputTag<>("rejected") {};

    private final String reportingCurrency;
    private transient EventParser parser;
    private transient Counter eventsIn;
    private transient Map<RejectReason, Counter> rejected;

    public ParseEvents(String reportingCurrency) {
        this.reportingCurrency = reportingCurrency;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new EventParser(reportingCurrency);
        eventsIn = getRuntimeContext().getMetricGroup().counter("eventsIn");
        rejected = new EnumMap<>(RejectReason.class);
        // Every reason up front, so each series exists (at 0) before its first rejection; late
        // events are counted where they are found, in LateEventFilter.
        for (RejectReason reason : RejectReason.values()) {
            if (reason != RejectReason.LATE) {
                rejected.put(
                        reason,
                        getRuntimeContext()
                                .getMetricGroup()
                                .addGroup("eventsRejected")
                                .addGroup("reason", reason.code())
                                .counter("count"));
            }
        }
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<ParsedEvent> out) {
        eventsIn.inc();
        try {
            out.collect(new ParsedEvent(parser.parse(record.payload), record));
        } catch (InvalidEventException e) {
            rejected.get(e.reason()).inc();
            ctx.output(
                    REJECTED,
                    DeadLetter.of(
                            record,
                            e.reason(),
                            e.getMessage(),
                            ctx.timerService().currentProcessingTime()));
        }
    }
}
