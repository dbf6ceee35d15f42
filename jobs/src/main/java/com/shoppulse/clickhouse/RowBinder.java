package com.shoppulse.clickhouse;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Binds one row to the parameters of an insert statement, in the statement's column order. */
@FunctionalInterface
public interface RowBinder<T> extends Serializable {
    void accept(PreparedStatement ps, T row) throws SQLException;
}
