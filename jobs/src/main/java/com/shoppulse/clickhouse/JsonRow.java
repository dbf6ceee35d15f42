package com.shoppulse.clickhouse;

import java.io.Serializable;

/**
 * Writes one row's columns as the fields of a {@link JsonLine}, named after the table's columns.
 * Columns left out take their defaults.
 */
@FunctionalInterface
public interface JsonRow<T> extends Serializable {
    void write(JsonLine line, T row);
}
