-- R__kpi_columns_and_views.sql re-creates these views after every versioned migration, with a
-- column for every KPI of Kpi.java; this file stays as it was applied.
-- Views with readable names for dashboards: one row per window (FINAL applied here, once),
-- window sizes named, dates in UTC.

CREATE OR REPLACE VIEW kpi_daily AS
SELECT toDate(window_start) AS day, active_users AS dau, views, add_to_carts, orders, buyers,
       revenue, items_sold, conversion_rate, buyer_conversion, avg_order_value, items_per_order,
       arpu, arppu, updated_at
FROM kpi_window FINAL
WHERE window_seconds = 86400;

CREATE OR REPLACE VIEW kpi_hourly AS
SELECT window_start AS hour, active_users, views, add_to_carts, orders, buyers, revenue,
       items_sold, conversion_rate, buyer_conversion, avg_order_value, items_per_order, arpu,
       arppu, updated_at
FROM kpi_window FINAL
WHERE window_seconds = 3600;

CREATE OR REPLACE VIEW kpi_minutely AS
SELECT window_start AS minute, active_users, views, add_to_carts, orders, buyers, revenue,
       items_sold, conversion_rate, buyer_conversion, avg_order_value, items_per_order, arpu,
       arppu, updated_at
FROM kpi_window FINAL
WHERE window_seconds = 60;

CREATE OR REPLACE VIEW kpi_daily_by_dimension AS
SELECT toDate(window_start) AS day, dimension, dimension_value, active_users, views,
       add_to_carts, orders, buyers, revenue, items_sold, conversion_rate, buyer_conversion,
       avg_order_value, items_per_order, arpu, arppu, updated_at
FROM kpi_window_dim FINAL
WHERE window_seconds = 86400;

CREATE OR REPLACE VIEW kpi_all_windows AS
SELECT window_seconds, window_start, window_end, 'all' AS dimension, 'all' AS dimension_value,
       active_users, views, add_to_carts, orders, buyers, revenue, items_sold, conversion_rate,
       buyer_conversion, avg_order_value, items_per_order, arpu, arppu, updated_at
FROM kpi_window FINAL
UNION ALL
SELECT window_seconds, window_start, window_end, dimension, dimension_value, active_users, views,
       add_to_carts, orders, buyers, revenue, items_sold, conversion_rate, buyer_conversion,
       avg_order_value, items_per_order, arpu, arppu, updated_at
FROM kpi_window_dim FINAL;
