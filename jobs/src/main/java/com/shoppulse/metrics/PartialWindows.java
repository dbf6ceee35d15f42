package com.shoppulse.metrics;

import com.shoppulse.kpi.CalendarWindows;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Puts a {@link KpiPartial} into the window it was computed for: {@link PreAggregate} already
 * applied the {@link CalendarWindows} of each size, so every size shares one window operator.
 */
public final class PartialWindows extends WindowAssigner<Object, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public Collection<TimeWindow> assignWindows(
            Object element, long timestamp, WindowAssignerContext context) {
        KpiPartial partial = (KpiPartial) element;
        return List.of(new TimeWindow(partial.windowStart, partial.windowEnd));
    }

    @Override
    public Trigger<Object, TimeWindow> getDefaultTrigger() {
        return EventTimeTrigger.create();
    }

    @Override
    public TypeSerializer<TimeWindow> getWindowSerializer(ExecutionConfig executionConfig) {
        return new TimeWindow.Serializer();
    }

    @Override
    public boolean isEventTime() {
        return true;
    }
}
