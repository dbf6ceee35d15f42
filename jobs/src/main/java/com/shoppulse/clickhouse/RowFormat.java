package com.shoppulse.clickhouse;

import java.io.Serializable;

/**
 * How a value becomes one row of a table: the encoding of the batch ({@link #newBuffer}) and the
 * row's columns in it, named after the table's columns. Columns left out take their defaults.
 */
public interface RowFormat<T, B extends RowBuffer> extends Serializable {
    B newBuffer();

    void write(B buffer, T row);
}
