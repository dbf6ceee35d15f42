package com.shoppulse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class InsertFailureTest {
    @Test
    void aValueTheServerCannotStoreBlamesTheRows() {
        assertThat(InsertFailure.of(refused(69, "Decimal value is too big")))
                .isEqualTo(InsertFailure.ROWS_AT_FAULT);
        assertThat(InsertFailure.of(refused(469, "Constraint `small` is violated")))
                .isEqualTo(InsertFailure.ROWS_AT_FAULT);
    }

    @Test
    void aServerOrSchemaProblemIsRetriedNotBlamedOnTheRows() {
        assertThat(InsertFailure.of(refused(60, "Table events_raw does not exist")))
                .isEqualTo(InsertFailure.RETRY);
        assertThat(InsertFailure.of(refused(252, "Too many parts"))).isEqualTo(InsertFailure.RETRY);
        assertThat(InsertFailure.of(refused(241, "Memory limit exceeded")))
                .isEqualTo(InsertFailure.RETRY);
    }

    @Test
    void noAnswerIsRetried() {
        assertThat(
                        InsertFailure.of(
                                new IOException(
                                        "HTTP request failed",
                                        new ConnectException("Connection refused"))))
                .isEqualTo(InsertFailure.RETRY);
    }

    private static RefusedByServer refused(int code, String message) {
        return new RefusedByServer(code, "Code: " + code + ". DB::Exception: " + message);
    }
}
