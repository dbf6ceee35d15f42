package com.shoppulse.clickhouse;

import java.util.Set;

/**
 * Why an insert failed, which decides what the writer does next: wait and retry the same rows, or
 * look for the rows at fault and set them aside.
 */
enum InsertFailure {
    /**
     * ClickHouse refused a value (too big for its column, unparsable, against a constraint). The
     * same rows would fail again forever; only the ones at fault are set aside.
     */
    ROWS_AT_FAULT,
    /**
     * Anything else: no answer (the server is down or unreachable), or the server refused for a
     * reason of its own (too many parts, memory, a missing table, column or grant). Retrying later
     * can succeed, and no row may be given up for it.
     */
    RETRY;

    /**
     * ClickHouse error codes that blame the data sent, not the server or the schema: parse errors
     * of a value, type mismatches, out-of-range numbers and violated constraints.
     */
    static final Set<Integer> DATA_ERROR_CODES =
            Set.of(
                    6, // CANNOT_PARSE_TEXT
                    26, // CANNOT_PARSE_QUOTED_STRING
                    27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
                    38, // CANNOT_PARSE_DATE
                    41, // CANNOT_PARSE_DATETIME
                    53, // TYPE_MISMATCH
                    69, // ARGUMENT_OUT_OF_BOUND, e.g. "Decimal value is too big"
                    70, // CANNOT_CONVERT_TYPE
                    72, // CANNOT_PARSE_NUMBER
                    117, // INCORRECT_DATA
                    131, // TOO_LARGE_STRING_SIZE
                    321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
                    349, // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
                    407, // DECIMAL_OVERFLOW
                    469, // VIOLATED_CONSTRAINT
                    691 // UNKNOWN_ELEMENT_OF_ENUM
                    );

    static InsertFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RefusedByServer refused) {
                return DATA_ERROR_CODES.contains(refused.code) ? ROWS_AT_FAULT : RETRY;
            }
        }
        return RETRY;
    }
}
