-- Views the Superset dashboards read (superset/bundle). Overall and per-city figures come in one
-- shape, with the overall row named 'All cities', so that a single city filter switches every
-- chart between the shop and one city; the breakdowns by category, brand, device and channel stay
-- in kpi_daily_by_dimension (they are not split by city). Window sizes are named as the metrics
-- job's --window-sizes option writes them (1m, 1h, 1d).
-- Sorted after V005__user_activity, whose active_users_daily the second view reads.

CREATE OR REPLACE VIEW kpi_city_windows AS
SELECT window_start, window_end, window_seconds,
       multiIf(window_seconds % 86400 = 0, concat(toString(intDiv(window_seconds, 86400)), 'd'),
               window_seconds % 3600 = 0, concat(toString(intDiv(window_seconds, 3600)), 'h'),
               window_seconds % 60 = 0, concat(toString(intDiv(window_seconds, 60)), 'm'),
               concat(toString(window_seconds), 's')) AS window_size,
       if(dimension = 'all', 'All cities', dimension_value) AS city,
       active_users, views, add_to_carts, orders, buyers, revenue, items_sold
FROM kpi_all_windows
WHERE dimension IN ('all', 'city');

CREATE OR REPLACE VIEW active_users_city_daily AS
SELECT day, if(dimension = 'all', 'All cities', dimension_value) AS city, dau, wau, mau
FROM active_users_daily
WHERE dimension IN ('all', 'city');
