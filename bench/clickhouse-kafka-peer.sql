-- The metrics job's hourly KPIs computed by ClickHouse itself, for `./bench/run.sh compare`: its
-- Kafka table engine reads the events topic, a materialized view aggregates every block it reads
-- into hourly partial states (distinct users, orders, revenue, views; overall and per city), which
-- an AggregatingMergeTree merges in the background and a reader merges with uniqExactMerge/sum.
-- ClickHouseKafkaPeer (jobs/src/test/.../it/) runs it statement by statement and fills in the
-- ${...} names.
--
-- What it does not do, unlike the metrics job: validate records against the event contract (a
-- field it cannot read stops the stream here, kafka_skip_broken_messages being 0; no dead-letter
-- topic), de-duplicate re-sent events and orders, judge
-- event time at all (no watermark: an event of any age lands in its hour, so an hour is never
-- final, and "late" does not exist), write events_raw, daily windows and the other dimensions. A
-- block is consumed at least once: a crash between the insert and the offset commit counts it
-- twice.

CREATE DATABASE ${database};

CREATE TABLE ${database}.events_queue
(
    event_type LowCardinality(String),
    event_time DateTime64(3, 'UTC'),
    user_id    String,
    city       LowCardinality(String),
    amount     Decimal(18, 2)
)
ENGINE = Kafka
SETTINGS kafka_broker_list = '${bootstrap_servers}',
         kafka_topic_list = '${topic}',
         kafka_group_name = '${group_id}',
         kafka_format = 'JSONEachRow',
         -- One consumer per partition, each with its own thread, as Flink's two subtasks.
         kafka_num_consumers = 2,
         kafka_thread_per_consumer = 1,
         -- A block is inserted when full or after this long (7.5 s by default); 1 s, as the
         -- metrics job's ClickHouse sinks flush.
         kafka_flush_interval_ms = 1000,
         -- 2025-06-02T10:15:30.123Z, as the generator writes event_time.
         date_time_input_format = 'best_effort',
         input_format_skip_unknown_fields = 1;

CREATE TABLE ${database}.kpi_hourly
(
    window_start    DateTime('UTC'),
    dimension       LowCardinality(String) COMMENT 'all or city',
    dimension_value String,
    events          SimpleAggregateFunction(sum, UInt64) COMMENT 'events read, for the benchmark',
    active_users    AggregateFunction(uniqExact, String),
    orders          SimpleAggregateFunction(sum, UInt64),
    revenue         SimpleAggregateFunction(sum, Decimal(38, 2)),
    views           SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
ORDER BY (dimension, dimension_value, window_start);

-- Reading starts when this view exists.
CREATE MATERIALIZED VIEW ${database}.kpi_hourly_mv TO ${database}.kpi_hourly AS
SELECT toStartOfHour(event_time) AS window_start, dimension, dimension_value,
       count() AS events,
       uniqExactState(user_id) AS active_users,
       countIf(event_type = 'order') AS orders,
       sumIf(amount, event_type = 'order') AS revenue,
       countIf(event_type = 'view') AS views
FROM ${database}.events_queue
ARRAY JOIN ['all', 'city'] AS dimension,
           ['all', if(trim(city) = '', 'unknown', trim(city))] AS dimension_value
GROUP BY window_start, dimension, dimension_value;
