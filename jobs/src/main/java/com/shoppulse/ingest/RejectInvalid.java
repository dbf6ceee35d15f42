package com.shoppulse.ingest;

import com.shoppulse.events.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Passes the records the source parsed into valid events; a record that broke the contract goes to
 * {@link #REJECTED} as a {@link DeadLetter} and is counted per reason in the metric {@code
 * eventsRejected.reason.<code>}.
 */
public final class RejectInvalid extends ProcessFunction<ParsedRecord, ParsedRecord> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> REJECTED = new OutputTag<>("rejected") {};

    private final int maxPayloadBytes;

    private transient Counter eventsIn;
    private transient Map<RejectReason, Counter> rejected;

    /**
     * @param maxPayloadBytes how much of a rejected record's value its dead letter keeps
     */
    public RejectInvalid(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        eventsIn = getRuntimeContext().getMetricGroup().counter("eventsIn");
        rejected = new EnumMap<>(RejectReason.class);
        // Every reason up front, so each series exists (at 0) before its first rejection. Late
        // events are Deduplicate's eventsLate: only it can tell a late copy of a counted event, a
        // duplicate, from a late new one.
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
    public void processElement(ParsedRecord record, Context ctx, Collector<ParsedRecord> out) {
        eventsIn.inc();
        if (record.isValid()) {
            out.collect(record);
            return;
        }
        rejected.get(record.rejectReason).inc();
        ctx.output(
                REJECTED,
                DeadLetter.of(
                        record.source,
                        record.rejectReason,
                        record.rejectDetail,
                        ctx.timerService().currentProcessingTime(),
                        maxPayloadBytes));
    }
}
