-- Exact active users over trailing periods: DAU, WAU (7 days) and MAU (30 days) per calendar day,
-- overall and per city, device and channel.
--
-- A WAU is not the sum of seven DAUs (a user active on three days would count three times), so
-- the distinct users themselves are kept: one uniqExact state per (day, dimension, value), the set
-- of that day's user ids. A trailing period merges the states of its days, which is exact.
-- events_raw may briefly hold a replayed event twice (ReplacingMergeTree merges twins later);
-- a set does not care how often a user is added, so the states need no FINAL.
-- Days are UTC calendar days, as the metrics job's daily windows with the default --time-zone.

CREATE TABLE IF NOT EXISTS user_activity_daily
(
    day             Date,
    dimension       LowCardinality(String) COMMENT 'all, city, device or channel',
    dimension_value String COMMENT 'all for the overall row',
    users           AggregateFunction(uniqExact, String) COMMENT 'the day''s distinct user ids'
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (dimension, dimension_value, day);

-- Every insert into events_raw adds its users to their days: one row per event and dimension
-- (ARRAY JOIN of parallel arrays), grouped within the inserted block.
CREATE MATERIALIZED VIEW IF NOT EXISTS user_activity_daily_mv TO user_activity_daily AS
SELECT toDate(event_time) AS day, dimension, dimension_value, uniqExactState(user_id) AS users
FROM events_raw
ARRAY JOIN
    ['all', 'city', 'device', 'channel'] AS dimension,
    ['all', toString(city), toString(device), toString(channel)] AS dimension_value
GROUP BY day, dimension, dimension_value;

-- Events counted before this migration: the view above only sees new inserts. Running this again,
-- or alongside new inserts, adds users who are already in their sets, which changes nothing.
INSERT INTO user_activity_daily
SELECT toDate(event_time) AS day, dimension, dimension_value, uniqExactState(user_id) AS users
FROM events_raw
ARRAY JOIN
    ['all', 'city', 'device', 'channel'] AS dimension,
    ['all', toString(city), toString(device), toString(channel)] AS dimension_value
GROUP BY day, dimension, dimension_value;

-- One row per day (up to the last day with data), dimension and value. Each day's state is
-- spread to itself and the 29 days after it (offset); a day then merges the offsets 0 (DAU),
-- 0-6 (WAU) and 0-29 (MAU). Days without activity of their own still get their WAU and MAU.
CREATE OR REPLACE VIEW active_users_daily AS
SELECT active_day AS day, dimension, dimension_value,
       uniqExactMergeIf(users, offset = 0) AS dau,
       uniqExactMergeIf(users, offset < 7) AS wau,
       uniqExactMerge(users) AS mau
FROM
(
    SELECT addDays(day, offset) AS active_day, dimension, dimension_value, users, offset
    FROM user_activity_daily
    ARRAY JOIN range(30) AS offset
)
WHERE active_day <= (SELECT max(day) FROM user_activity_daily)
GROUP BY active_day, dimension, dimension_value;
