-- KPIs per event-time tumbling window, written by the metrics job.
--
-- ReplacingMergeTree(version) keeps, per sorting key, the row with the highest version: a window
-- re-fired by a late event carries a higher version and replaces the earlier row; a window replayed
-- after a restart carries the same totals and the same version, so it replaces its twin. Read with
-- FINAL (or through the views of R__kpi_columns_and_views) to see exactly one row per window.
-- Money is Decimal (kopecks exact); ratios of counts are Float64.

CREATE TABLE IF NOT EXISTS kpi_window
(
    window_seconds   UInt32 COMMENT 'window size: 60, 3600, 86400, ...',
    window_start     DateTime('UTC'),
    window_end       DateTime('UTC'),
    active_users     UInt64 COMMENT 'distinct users with any valid event',
    views            UInt64,
    add_to_carts     UInt64,
    orders           UInt64,
    buyers           UInt64 COMMENT 'distinct users with an order',
    revenue          Decimal(18, 2),
    items_sold       UInt64,
    conversion_rate  Float64 COMMENT 'orders / views',
    buyer_conversion Float64 COMMENT 'buyers / active_users',
    avg_order_value  Decimal(18, 2) COMMENT 'revenue / orders',
    items_per_order  Float64,
    arpu             Decimal(18, 2) COMMENT 'revenue / active_users',
    arppu            Decimal(18, 2) COMMENT 'revenue / buyers',
    version          UInt64 COMMENT 'grows with every update of the window',
    updated_at       DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (window_seconds, window_start);

CREATE TABLE IF NOT EXISTS kpi_window_dim
(
    window_seconds   UInt32,
    window_start     DateTime('UTC'),
    window_end       DateTime('UTC'),
    dimension        LowCardinality(String) COMMENT 'city, device, channel, category or brand',
    dimension_value  String,
    active_users     UInt64 COMMENT 'for category and brand: users who touched it',
    views            UInt64,
    add_to_carts     UInt64,
    orders           UInt64 COMMENT 'for category and brand: orders containing it',
    buyers           UInt64,
    revenue          Decimal(18, 2) COMMENT 'for category and brand: revenue of its items',
    items_sold       UInt64,
    conversion_rate  Float64,
    buyer_conversion Float64,
    avg_order_value  Decimal(18, 2),
    items_per_order  Float64,
    arpu             Decimal(18, 2),
    arppu            Decimal(18, 2),
    version          UInt64,
    updated_at       DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (window_seconds, dimension, dimension_value, window_start);
