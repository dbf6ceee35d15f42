-- Every alert the alerting job raised, with the message that carried it and its delivery outcome.
-- One row per (alert_id, state, window): FIRING and RESOLVED of one incident share alert_id; a
-- repeated FIRING (the rule's repeat interval) has its own window. ReplacingMergeTree makes a
-- replay after a restart replace its twin; read with FINAL.

CREATE TABLE IF NOT EXISTS alert_log
(
    alert_id        String,
    rule_id         LowCardinality(String),
    kpi             LowCardinality(String),
    scope           LowCardinality(String) COMMENT 'overall, or the dimension: city, category, ...',
    scope_value     String,
    condition       LowCardinality(String),
    state           LowCardinality(String) COMMENT 'FIRING or RESOLVED',
    severity        LowCardinality(String),
    window_seconds  UInt32,
    window_start    DateTime('UTC'),
    window_end      DateTime('UTC'),
    value           Float64,
    threshold       Float64,
    previous_value  Nullable(Float64),
    message         String COMMENT 'the Telegram message (HTML) that carried the alert',
    created_at      DateTime64(3, 'UTC'),
    delivery_status LowCardinality(String) COMMENT 'sent, failed or telegram_off',
    delivery_error  String,
    delivered_at    DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(delivered_at)
PARTITION BY toYYYYMM(window_start)
ORDER BY (alert_id, state, window_start);

CREATE OR REPLACE VIEW alert_history AS
SELECT created_at, state, severity, rule_id, kpi, scope, scope_value, value, threshold,
       previous_value, window_seconds, window_start, window_end, delivery_status, delivery_error,
       delivered_at, alert_id
FROM alert_log FINAL;
