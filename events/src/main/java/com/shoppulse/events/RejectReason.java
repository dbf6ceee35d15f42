package com.shoppulse.events;

/**
 * Why a record was not counted. The {@link #code()} is the machine-readable reason written to the
 * dead-letter topic and used as the metric label, so it must never change for an existing value.
 */
public enum RejectReason {
    INVALID_JSON("invalid_json"),
    TOO_LARGE("too_large"),
    MISSING_FIELD("missing_field"),
    WRONG_TYPE("wrong_type"),
    INVALID_VALUE("invalid_value"),
    UNKNOWN_EVENT_TYPE("unknown_event_type"),
    UNKNOWN_CURRENCY("unknown_currency"),
    AMOUNT_MISMATCH("amount_mismatch"),
    INVALID_TIME("invalid_time"),
    FUTURE_TIME("future_time"),
    LATE("late"),
    /** Valid by the contract, yet the ClickHouse server refused to store it. */
    CLICKHOUSE_REJECTED("clickhouse_rejected");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
