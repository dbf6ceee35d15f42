-- events_raw kept one event of any two with the same dedup_key, even from two users, while the
-- metrics job counts both: it de-duplicates a user's own copies only, as ids are the producer's and
-- two users' clients may well clash. So the sorting key, which a ReplacingMergeTree replaces rows
-- by, gains the user. ClickHouse lets a sorting key grow only by a column added in the same ALTER
-- without a default expression, so the user is a column of its own that the job writes; rows stored
-- before this migration have it empty (a copy of such a row sent again, by a job restored from a
-- checkpoint taken before the upgrade, would stand beside it; a stop with a savepoint sends none).

ALTER TABLE events_raw
    ADD COLUMN IF NOT EXISTS dedup_user String COMMENT 'user_id, the user whose dedup_key it is (empty before V008)',
    MODIFY ORDER BY (toDate(event_time), dedup_key, dedup_user);
