package com.shoppulse.alerts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.shoppulse.clickhouse.ClickHouseTime;
import com.shoppulse.clickhouse.JsonRow;
import java.io.IOException;

/** An {@link AlertDelivery} as a row of {@code alert_log}. */
public final class AlertLogStatement implements JsonRow<AlertDelivery> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(JsonGenerator json, AlertDelivery d) throws IOException {
        Alert a = d.alert;
        json.writeStringField("alert_id", a.alertId);
        json.writeStringField("rule_id", a.ruleId);
        json.writeStringField("kpi", a.kpi);
        json.writeStringField("scope", a.scope);
        json.writeStringField("scope_value", a.scopeValue);
        json.writeStringField("condition", a.condition);
        json.writeStringField("state", a.state.name());
        json.writeStringField("severity", a.severity);
        json.writeNumberField("window_seconds", a.windowSeconds);
        json.writeStringField("window_start", ClickHouseTime.seconds(a.windowStartMillis));
        json.writeStringField("window_end", ClickHouseTime.seconds(a.windowEndMillis));
        json.writeNumberField("value", a.value);
        json.writeNumberField("threshold", a.threshold);
        json.writeFieldName("previous_value");
        if (a.previousValue == null) {
            json.writeNull();
        } else {
            json.writeNumber(a.previousValue);
        }
        json.writeStringField("message", d.messageText == null ? "" : d.messageText);
        json.writeStringField("created_at", ClickHouseTime.millis(a.createdAtMillis));
        json.writeStringField("delivery_status", d.deliveryStatus);
        json.writeStringField("delivery_error", d.error == null ? "" : d.error);
        json.writeStringField("delivered_at", ClickHouseTime.millis(d.deliveredAtMillis));
    }
}
