package com.shoppulse.metrics;

import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Event-time tumbling windows that follow the calendar of a time zone; see {@link CalendarWindows}.
 */
public final class CalendarWindowAssigner extends WindowAssigner<Object, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final CalendarWindows windows;

    public CalendarWindowAssigner(CalendarWindows windows) {
        this.windows = windows;
    }

    @Override
    public Collection<TimeWindow> assignWindows(
            Object element, long timestamp, WindowAssignerContext context) {
        return List.of(windows.windowFor(timestamp));
    }

    @Override
    public Trigger<Object, TimeWindow> getDefaultTrigger() {
        return EventTimeTrigger.create();
    }

    @Override
    public TypeSerializer<TimeWindow> getWindowSerializer(
            org.apache.flink.api.common.ExecutionConfig executionConfig) {
        return new TimeWindow.Serializer();
    }

    @Override
    public boolean isEventTime() {
        return true;
    }

    @Override
    public String toString() {
        return "CalendarWindows(" + windows + ")";
    }
}
