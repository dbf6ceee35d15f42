package com.shoppulse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.ServerException;
import java.net.ConnectException;
import java.sql.SQLException;
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
                                new SQLException(
                                        "Query request failed",
                                        "08000",
                                        new ConnectException("Connection refused"))))
                .isEqualTo(InsertFailure.RETRY);
    }

    private static SQLException refused(int code, String message) {
        return new SQLException(
                "Code: " + code + ". DB::Exception: " + message,
                "22000",
                new ServerException(code, message));
    }
}
