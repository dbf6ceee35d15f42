-- The metrics job's whole KPI work as a Flink SQL user would write it, for `./bench/run.sh compare`:
-- the shipped window sizes (1 min, 1 h, 1 d), every dimension the job breaks KPIs down by (overall,
-- city, device, channel, category, brand; an order counts for each category and brand of its
-- lines), and every counted KPI (distinct users, views, add-to-carts, orders, distinct buyers,
-- items sold, revenue), into blackhole sinks. bench/flink-sql-peer.sql is the smaller peer the
-- issue measured (1 h, overall and city, four KPIs); this one shows what the job's own amount of
-- work costs in Flink SQL. FlinkSqlPeer (jobs/src/test/.../it/) runs it as it runs the other.
--
-- What it does not do, unlike the metrics job: validate records (no dead letters), de-duplicate,
-- keep windows open for late events, write events_raw or publish KPI rows to Kafka; and a blank
-- city, device or channel is its own value here, where the job names it "unknown".

SET 'parallelism.default' = '2';
SET 'execution.checkpointing.interval' = '10s';
SET 'table.local-time-zone' = 'UTC';
SET 'table.exec.source.idle-timeout' = '30s';

CREATE TABLE shop_events (
    event_id STRING,
    event_type STRING,
    event_time TIMESTAMP_LTZ(3),
    user_id STRING,
    city STRING,
    device STRING,
    channel STRING,
    category STRING,
    brand STRING,
    items ARRAY<ROW<category STRING, brand STRING, price DECIMAL(18, 2), quantity INT>>,
    WATERMARK FOR event_time AS event_time - INTERVAL '2' MINUTE
) WITH (
    'connector' = 'kafka',
    'properties.bootstrap.servers' = '${bootstrap_servers}',
    'topic' = '${topic}',
    'properties.group.id' = '${group_id}',
    'scan.startup.mode' = 'earliest-offset',
    'scan.bounded.mode' = 'latest-offset',
    'format' = 'json',
    'json.timestamp-format.standard' = 'ISO-8601',
    'json.ignore-parse-errors' = 'true'
);

CREATE TABLE kpi_rows (
    window_start TIMESTAMP(3),
    window_end TIMESTAMP(3),
    dimension STRING,
    dimension_value STRING,
    active_users BIGINT,
    `views` BIGINT,
    add_to_carts BIGINT,
    orders BIGINT,
    buyers BIGINT,
    items_sold BIGINT,
    revenue DECIMAL(38, 2)
) WITH ('connector' = 'blackhole');

-- One row per event and breakdown: six for a view or an add-to-cart; for an order, six per line,
-- carrying the line's quantity and revenue.
CREATE TEMPORARY VIEW contributions AS
SELECT event_time, user_id, event_id, event_type, d.dimension, d.dimension_value,
       0 AS quantity, CAST(0 AS DECIMAL(18, 2)) AS revenue
FROM shop_events
CROSS JOIN UNNEST(ARRAY[
    ROW(CAST('overall' AS STRING), CAST('all' AS STRING)),
    ROW(CAST('city' AS STRING), city),
    ROW(CAST('device' AS STRING), device),
    ROW(CAST('channel' AS STRING), channel),
    ROW(CAST('category' AS STRING), category),
    ROW(CAST('brand' AS STRING), brand)]) AS d (dimension, dimension_value)
WHERE event_type <> 'order'
UNION ALL
SELECT event_time, user_id, event_id, event_type, d.dimension, d.dimension_value,
       i.quantity, i.price * i.quantity
FROM shop_events
CROSS JOIN UNNEST(items) AS i (category, brand, price, quantity)
CROSS JOIN UNNEST(ARRAY[
    ROW(CAST('overall' AS STRING), CAST('all' AS STRING)),
    ROW(CAST('city' AS STRING), city),
    ROW(CAST('device' AS STRING), device),
    ROW(CAST('channel' AS STRING), channel),
    ROW(CAST('category' AS STRING), i.category),
    ROW(CAST('brand' AS STRING), i.brand)]) AS d (dimension, dimension_value)
WHERE event_type = 'order';

-- One job for the three window sizes, reading the topic once.
EXECUTE STATEMENT SET
BEGIN
INSERT INTO kpi_rows
SELECT window_start, window_end, dimension, dimension_value,
       COUNT(DISTINCT user_id),
       COUNT(*) FILTER (WHERE event_type = 'view'),
       COUNT(*) FILTER (WHERE event_type = 'add_to_cart'),
       COUNT(DISTINCT event_id) FILTER (WHERE event_type = 'order'),
       COUNT(DISTINCT user_id) FILTER (WHERE event_type = 'order'),
       SUM(quantity),
       SUM(revenue)
FROM TABLE(TUMBLE(TABLE contributions, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, dimension, dimension_value;
INSERT INTO kpi_rows
SELECT window_start, window_end, dimension, dimension_value,
       COUNT(DISTINCT user_id),
       COUNT(*) FILTER (WHERE event_type = 'view'),
       COUNT(*) FILTER (WHERE event_type = 'add_to_cart'),
       COUNT(DISTINCT event_id) FILTER (WHERE event_type = 'order'),
       COUNT(DISTINCT user_id) FILTER (WHERE event_type = 'order'),
       SUM(quantity),
       SUM(revenue)
FROM TABLE(TUMBLE(TABLE contributions, DESCRIPTOR(event_time), INTERVAL '1' HOUR))
GROUP BY window_start, window_end, dimension, dimension_value;
INSERT INTO kpi_rows
SELECT window_start, window_end, dimension, dimension_value,
       COUNT(DISTINCT user_id),
       COUNT(*) FILTER (WHERE event_type = 'view'),
       COUNT(*) FILTER (WHERE event_type = 'add_to_cart'),
       COUNT(DISTINCT event_id) FILTER (WHERE event_type = 'order'),
       COUNT(DISTINCT user_id) FILTER (WHERE event_type = 'order'),
       SUM(quantity),
       SUM(revenue)
FROM TABLE(TUMBLE(TABLE contributions, DESCRIPTOR(event_time), INTERVAL '1' DAY))
GROUP BY window_start, window_end, dimension, dimension_value;
END;
