-- The metrics job's hourly KPIs as a Flink SQL user would write them, for `./bench/run.sh compare`:
-- distinct users, orders, revenue and views per event-time hour, overall and per city, from the
-- events topic into blackhole sinks (the rows are counted, then dropped). FlinkSqlPeer
-- (jobs/src/test/.../it/) runs it statement by statement through a TableEnvironment, fills in the
-- ${...} names and sets the checkpoint storage (files, as the metrics job's).
--
-- What it does not do, unlike the metrics job: validate records (a field of the wrong type becomes
-- NULL, an unparseable record is skipped in silence: no dead letter), de-duplicate re-sent events
-- and orders, keep a window open for late events (one later than the watermark is dropped, and
-- nobody hears of it), write events_raw, daily windows and the other dimensions.

SET 'parallelism.default' = '2';
SET 'execution.checkpointing.interval' = '10s';
-- Hours of UTC, as the metrics job's windows (--time-zone UTC).
SET 'table.local-time-zone' = 'UTC';
-- As local/up.sh runs the metrics job (sp_metrics_time_args in local/lib.sh): a partition silent
-- for 30 s stops holding the watermark back; the watermark trails the newest event by 2 minutes.
SET 'table.exec.source.idle-timeout' = '30s';

CREATE TABLE shop_events (
    event_id STRING,
    event_type STRING,
    event_time TIMESTAMP_LTZ(3),
    user_id STRING,
    city STRING,
    amount DECIMAL(18, 2),
    WATERMARK FOR event_time AS event_time - INTERVAL '2' MINUTE
) WITH (
    'connector' = 'kafka',
    'properties.bootstrap.servers' = '${bootstrap_servers}',
    'topic' = '${topic}',
    'properties.group.id' = '${group_id}',
    'scan.startup.mode' = 'earliest-offset',
    -- The job ends when it has read what the topic held at its start.
    'scan.bounded.mode' = 'latest-offset',
    'format' = 'json',
    -- 2025-06-02T10:15:30.123Z, as the generator writes event_time.
    'json.timestamp-format.standard' = 'ISO-8601',
    'json.ignore-parse-errors' = 'true'
);

CREATE TABLE kpi_hourly (
    window_start TIMESTAMP(3),
    window_end TIMESTAMP(3),
    active_users BIGINT,
    orders BIGINT,
    revenue DECIMAL(38, 2),
    `views` BIGINT
) WITH ('connector' = 'blackhole');

CREATE TABLE kpi_hourly_city (
    window_start TIMESTAMP(3),
    window_end TIMESTAMP(3),
    city STRING,
    active_users BIGINT,
    orders BIGINT,
    revenue DECIMAL(38, 2),
    `views` BIGINT
) WITH ('connector' = 'blackhole');

CREATE TEMPORARY VIEW hourly_events AS
SELECT window_start, window_end, user_id, event_type, amount,
       COALESCE(NULLIF(TRIM(city), ''), 'unknown') AS city
FROM TABLE(TUMBLE(TABLE shop_events, DESCRIPTOR(event_time), INTERVAL '1' HOUR));

-- One job for both inserts, reading the topic once.
EXECUTE STATEMENT SET
BEGIN
INSERT INTO kpi_hourly
SELECT window_start, window_end,
       COUNT(DISTINCT user_id),
       COUNT(*) FILTER (WHERE event_type = 'order'),
       COALESCE(SUM(amount) FILTER (WHERE event_type = 'order'), 0),
       COUNT(*) FILTER (WHERE event_type = 'view')
FROM hourly_events
GROUP BY window_start, window_end;
INSERT INTO kpi_hourly_city
SELECT window_start, window_end, city,
       COUNT(DISTINCT user_id),
       COUNT(*) FILTER (WHERE event_type = 'order'),
       COALESCE(SUM(amount) FILTER (WHERE event_type = 'order'), 0),
       COUNT(*) FILTER (WHERE event_type = 'view')
FROM hourly_events
GROUP BY window_start, window_end, city;
END;
