-- The archive of weekly PDF reports (the report service, report/): one row per week. Rebuilding a
-- week replaces its row (ReplacingMergeTree by built_at); read with FINAL.

CREATE TABLE IF NOT EXISTS report_log
(
    period_start Date COMMENT 'the week''s Monday, in the report''s time zone',
    period_end   Date COMMENT 'its Sunday',
    path         String COMMENT 'the PDF in the archive folder, named after its period',
    size         UInt64 COMMENT 'bytes',
    built_at     DateTime64(3, 'UTC'),
    delivered_to Array(String) COMMENT 'chats the PDF was sent to when it was built'
)
ENGINE = ReplacingMergeTree(built_at)
ORDER BY period_start;
