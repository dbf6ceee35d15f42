-- Every valid, de-duplicated, on-time event: the events the KPIs were computed from, for ad-hoc
-- analysis and for reconciling the KPIs with SQL. Order lines are kept as parallel arrays
-- (Nested), so ARRAY JOIN items gives one row per line.
-- Keyed by dedup_key (order_id for orders, event_id otherwise): a replay after a restart replaces
-- its twin, so read with FINAL.

CREATE TABLE IF NOT EXISTS events_raw
(
    dedup_key    String,
    event_id     String,
    event_type   LowCardinality(String),
    event_time   DateTime64(3, 'UTC'),
    user_id      String,
    session_id   String,
    city         LowCardinality(String),
    device       LowCardinality(String),
    channel      LowCardinality(String),
    product_id   String COMMENT 'view and add_to_cart',
    category     LowCardinality(String) COMMENT 'view and add_to_cart',
    brand        LowCardinality(String) COMMENT 'view and add_to_cart',
    price        Decimal(18, 2) COMMENT 'view and add_to_cart',
    quantity     UInt32 COMMENT 'add_to_cart (1 for a view, 0 for an order)',
    order_id     String,
    amount       Decimal(18, 2) COMMENT 'order total',
    items        Nested
    (
        product_id String,
        category   String,
        brand      String,
        price      Decimal(18, 2),
        quantity   UInt32
    ),
    ingested_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (toDate(event_time), dedup_key);
