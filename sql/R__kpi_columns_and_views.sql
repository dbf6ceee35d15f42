-- Repeatable: run after the versioned migrations whenever its text changes, with the KPIs of the
-- Java enum com.shoppulse.kpi.Kpi filled in: kpi_columns stands for their column names, in the
-- enum's order, and add_kpi_columns for an ADD COLUMN IF NOT EXISTS clause per KPI, typed by its
-- kind. A KPI added to the enum so gets its columns in both tables and its place in every view
-- below, with no migration of its own (rows written before have 0 in it).
-- The views: one row per window (FINAL applied here, once), window sizes named, dates in UTC.

ALTER TABLE kpi_window ${add_kpi_columns};

ALTER TABLE kpi_window_dim ${add_kpi_columns};

CREATE OR REPLACE VIEW kpi_daily AS
SELECT toDate(window_start) AS day, active_users AS dau, ${kpi_columns}, updated_at
FROM kpi_window FINAL
WHERE window_seconds = 86400;

CREATE OR REPLACE VIEW kpi_hourly AS
SELECT window_start AS hour, ${kpi_columns}, updated_at
FROM kpi_window FINAL
WHERE window_seconds = 3600;

CREATE OR REPLACE VIEW kpi_minutely AS
SELECT window_start AS minute, ${kpi_columns}, updated_at
FROM kpi_window FINAL
WHERE window_seconds = 60;

CREATE OR REPLACE VIEW kpi_daily_by_dimension AS
SELECT toDate(window_start) AS day, dimension, dimension_value, ${kpi_columns}, updated_at
FROM kpi_window_dim FINAL
WHERE window_seconds = 86400;

CREATE OR REPLACE VIEW kpi_all_windows AS
SELECT window_seconds, window_start, window_end, 'all' AS dimension, 'all' AS dimension_value,
       ${kpi_columns}, updated_at
FROM kpi_window FINAL
UNION ALL
SELECT window_seconds, window_start, window_end, dimension, dimension_value, ${kpi_columns},
       updated_at
FROM kpi_window_dim FINAL;
