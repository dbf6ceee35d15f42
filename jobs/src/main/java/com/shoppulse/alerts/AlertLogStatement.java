package com.shoppulse.alerts;

import com.shoppulse.clickhouse.ClickHouseTime;
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
        line.string("window_start", ClickHouseTime.seconds(a.windowStartMillis));
        line.string("window_end", ClickHouseTime.seconds(a.windowEndMillis));
        line.number("value", a.value);
        line.number("threshold", a.threshold);
        if (a.previousValue == null) {
            line.nullValue("previous_value");
        } else {
            line.number("previous_value", a.previousValue);
        }
        line.string("message", d.messageText == null ? "" : d.messageText);
        line.string("created_at", ClickHouseTime.millis(a.createdAtMillis));
        line.string("delivery_status", d.deliveryStatus);
        line.string("delivery_error", d.error == null ? "" : d.error);
        line.string("delivered_at", ClickHouseTime.millis(d.deliveredAtMillis));
    }
}
