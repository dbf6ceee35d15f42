package com.shoppulse.alerts;

import com.shoppulse.clickhouse.ClickHouseTime;
import com.shoppulse.clickhouse.RowBinder;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** Binds an {@link AlertDelivery} to an insert into {@code alert_log}. */
public final class AlertLogStatement implements RowBinder<AlertDelivery> {
    private static final long serialVersionUID = 1L;

    public static final String SQL =
            "INSERT INTO alert_log (alert_id, rule_id, kpi, scope, scope_value, condition, state,"
                    + " severity, window_seconds, window_start, window_end, value, threshold,"
                    + " previous_value, message, created_at, delivery_status, delivery_error,"
                    + " delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?)";

    @Override
    public void accept(PreparedStatement ps, AlertDelivery d) throws SQLException {
        Alert a = d.alert;
        int i = 0;
        ps.setString(++i, a.alertId);
        ps.setString(++i, a.ruleId);
        ps.setString(++i, a.kpi);
        ps.setString(++i, a.scope);
        ps.setString(++i, a.scopeValue);
        ps.setString(++i, a.condition);
        ps.setString(++i, a.state.name());
        ps.setString(++i, a.severity);
        ps.setLong(++i, a.windowSeconds);
        ps.setObject(++i, ClickHouseTime.utc(a.windowStartMillis));
        ps.setObject(++i, ClickHouseTime.utc(a.windowEndMillis));
        ps.setDouble(++i, a.value);
        ps.setDouble(++i, a.threshold);
        if (a.previousValue == null) {
            ps.setNull(++i, Types.DOUBLE);
        } else {
            ps.setDouble(++i, a.previousValue);
        }
        ps.setString(++i, d.messageText == null ? "" : d.messageText);
        ps.setObject(++i, ClickHouseTime.utc(a.createdAtMillis));
        ps.setString(++i, d.deliveryStatus);
        ps.setString(++i, d.error == null ? "" : d.error);
        ps.setObject(++i, ClickHouseTime.utc(d.deliveredAtMillis));
    }
}
