package com.shoppulse.alerts;

import com.shoppulse.clickhouse.JsonLine;
import com.shoppulse.clickhouse.JsonRow;

/** An {@link AlertDelivery} as a row of {@code alert_log}. */
public final class AlertLogStatement implements JsonRow<AlertDelivery> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(JsonLine line, AlertDelivery d) {
        Alert a = d.alert;
        line.string("alert_id", a.alertId);
        line.string("rule_id", a.ruleId);
        line.string("kpi", a.kpi);
        line.string("scope", a.scope);
        line.string("scope_value", a.scopeValue);
        line.string("condition", a.condition);
        line.string("state", a.state.name());
        line.string("severity", a.severity);
        line.number("window_seconds", a.windowSeconds);
        line.dateTime("window_start", a.windowStartMillis);
        line.dateTime("window_end", a.windowEndMillis);
        line.number("value", a.value);
        line.number("threshold", a.threshold);
        if (a.previousValue == null) {
            line.nullValue("previous_value");
        } else {
            line.number("previous_value", a.previousValue);
        }
        line.string("message", d.messageText == null ? "" : d.messageText);
        line.dateTime64("created_at", a.createdAtMillis);
        line.string("delivery_status", d.deliveryStatus);
        line.string("delivery_error", d.error == null ? "" : d.error);
        line.dateTime64("delivered_at", d.deliveredAtMillis);
    }
}
