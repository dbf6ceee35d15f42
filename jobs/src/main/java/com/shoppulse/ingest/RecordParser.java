package com.shoppulse.ingest;

import com.shoppulse.events.EventParser;
import com.shoppulse.events.InvalidEventException;
import com.shoppulse.events.RejectReason;
import com.shoppulse.events.ShopEvent;
import com.shoppulse.options.Option;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns a raw record into a {@link ParsedRecord}: the event contract's rules ({@link EventParser}),
 * then one rule about time that needs the Kafka record around the event.
 *
 * <p><b>{@code future_time}.</b> An event whose {@code event_time} is more than {@code
 * maxTimeAhead} after the moment its record was written is a broken clock, not data. It is rejected
 * before it can move its partition's watermark: one such event would otherwise make every later
 * event of normal time late. "The moment it was written" is the record's Kafka timestamp, a fact of
 * the record itself, so a replay decides exactly as the first read did; where that timestamp is
 * missing or itself in the future, the wall clock at reading stands in for it.
 */
public final class RecordParser implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Generous for clients' clock skew, tight enough that a wrong year or unit never passes. */
    public static final Duration DEFAULT_MAX_TIME_AHEAD = Duration.ofHours(1);

    /** The one currency amounts are in, for both jobs: they must agree on which events count. */
    public static final Option<String> REPORTING_CURRENCY =
            Option.text("reporting-currency")
                    .check(code -> code.matches("[A-Z]{3}"), "an ISO 4217 code like RUB")
                    .withDefault("RUB")
                    .withDescription(
                            "the one currency amounts are in; orders in another are rejected");

    private final String reportingCurrency;
    private final long maxTimeAheadMillis;
    private transient EventParser parser;

    public RecordParser(String reportingCurrency, Duration maxTimeAhead) {
        this.reportingCurrency = reportingCurrency;
        this.maxTimeAheadMillis = maxTimeAhead.toMillis();
    }

    public ParsedRecord parse(RawRecord record, long nowMillis) {
        if (parser == null) {
            parser = new EventParser(reportingCurrency);
        }
        ShopEvent event;
        try {
            event = parser.parse(record.value);
        } catch (InvalidEventException e) {
            return ParsedRecord.rejected(record, e.reason(), e.getMessage());
        }
        long written =
                record.timestampMillis < 0
                        ? nowMillis
                        : Math.min(record.timestampMillis, nowMillis);
        if (event.eventTimeMillis > written + maxTimeAheadMillis) {
            return ParsedRecord.rejected(
                    record,
                    RejectReason.FUTURE_TIME,
                    "event_time "
                            + Instant.ofEpochMilli(event.eventTimeMillis)
                            + " is more than "
                            + Duration.ofMillis(maxTimeAheadMillis)
                            + " after the record was written ("
                            + Instant.ofEpochMilli(written)
                            + ")");
        }
        return ParsedRecord.valid(record, event);
    }
}
