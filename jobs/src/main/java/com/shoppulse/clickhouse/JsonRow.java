package com.shoppulse.clickhouse;

/**
 * A row as the fields of a {@link JsonLine}: for tables of few rows, where reading is for people.
 */
@FunctionalInterface
public interface JsonRow<T> extends RowFormat<T, JsonLine> {
    @Override
    default JsonLine newBuffer() {
        return new JsonLine();
    }
}
