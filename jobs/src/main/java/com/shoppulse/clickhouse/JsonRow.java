package com.shoppulse.clickhouse;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Serializable;

/**
 * Writes one row as the fields of a JSON object, named after the table's columns: a line of
 * ClickHouse's {@code JSONEachRow} input format. Columns left out take their defaults.
 */
@FunctionalInterface
public interface JsonRow<T> extends Serializable {
    void write(JsonGenerator json, T row) throws IOException;
}
