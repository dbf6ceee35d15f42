package com.shoppulse.clickhouse;

/**
 * A row as the fields of a {@link JsonLine}: the encoding of the tables of few rows (KPIs, alerts).
 */
@FunctionalInterface
public interface JsonRow<T> extends RowFormat<T, JsonLine> {
    @Override
    default JsonLine newBuffer() {
        return new JsonLine();
    }
}
