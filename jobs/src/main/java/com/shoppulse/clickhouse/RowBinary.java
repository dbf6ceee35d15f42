package com.shoppulse.clickhouse;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Rows in ClickHouse's {@code RowBinary}: each value in the column type's own bytes, little-endian,
 * text as its UTF-8 length (LEB128) and bytes, an array as its length and elements. For {@code
 * events_raw}, a row per counted event: the server reads these with no parsing, where the same rows
 * as JSON lines took a fifth more of its CPU, and writing them costs the job less too (no number or
 * time as text, nothing to escape).
 *
 * <p>An insert sends them turned column-wise, as a block of ClickHouse's {@code Native} format
 * ({@link #body}): the same bytes, each column's values one after another, an array column's
 * lengths first as running totals. The server reads such a block a column at a time, where it reads
 * {@code RowBinary} a value at a time: inserting 120,000 rows of {@code events_raw} in batches of
 * 5,000 cost it 0.10-0.12 CPU-s to read as {@code Native} and 0.42-0.48 as {@code RowBinary} (into
 * a table that stores nothing), 1.30-1.35 and 1.55-1.70 CPU-s into {@code events_raw} with its
 * view. Text goes as {@code String}, which the server turns into a {@code LowCardinality(String)}
 * column's values itself, even with {@code input_format_native_allow_types_conversion} off; every
 * other type is named as {@code events_raw} has it.
 *
 * <p>Each method writes one column type, so a value of another type cannot slip in: ClickHouse
 * would read the bytes as what the column holds. Values a column cannot hold fail the row ({@link
 * IllegalArgumentException}), which the writer then sends to the dead letters. The types of the
 * first row's columns are kept to read a row back as JSON for a dead letter, and to turn the rows.
 */
final class RowBinary extends RowBuffer {
    /** The largest amount in minor units a {@code Decimal(18, 2)} holds: 18 nines. */
    static final long MAX_DECIMAL_18 = 999_999_999_999_999_999L;

    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    /** Large enough that a chunk costs the HTTP client little, small beside any heap. */
    static final int CHUNK_BYTES = 1 << 16;

    /** The column types this encoding writes, to read a row back. */
    enum Type {
        STRING("String", -1, null),
        UINT32("UInt32", 4, null),
        DECIMAL_18_2("Decimal(18, 2)", 8, null),
        DATETIME64_3("DateTime64(3, 'UTC')", 8, null),
        ARRAY_STRING("Array(String)", -1, STRING),
        ARRAY_UINT32("Array(UInt32)", -1, UINT32),
        ARRAY_DECIMAL_18_2("Array(Decimal(18, 2))", -1, DECIMAL_18_2);

        /** The type's name in a {@code Native} block. */
        final String name;

        /** A value's bytes, or -1 where they vary. */
        final int width;

        /** An array's element type, or null. */
        final Type element;

        Type(String name, int width, Type element) {
            this.name = name;
            this.width = width;
            this.element = element;
        }
    }

    private final List<Type> types = new ArrayList<>();

    @Override
    String format() {
        return "Native";
    }

    /**
     * Rows {@code from} to {@code to} as one {@code Native} block, made a chunk of about {@link
     * #CHUNK_BYTES} at a time while the request goes out: a batch of any size is sent in that much
     * memory besides its rows (a block made whole, with its columns apart first, had taken about
     * three times the batch, and a TaskManager's heap ran out under a backlog).
     */
    @Override
    HttpRequest.BodyPublisher body(int from, int to) {
        return HttpRequest.BodyPublishers.ofByteArrays(block(from, to, CHUNK_BYTES));
    }

    /** The chunks of {@link #body}, of about {@code chunkBytes} each. */
    Iterable<byte[]> block(int from, int to, int chunkBytes) {
        return () -> new Block(from, to, chunkBytes);
    }

    /** A {@code String} or {@code LowCardinality(String)} column. */
    RowBinary string(String name, String value) {
        column(name, Type.STRING);
        string(value);
        return this;
    }

    /** A {@code UInt32} column. */
    RowBinary uint32(String name, long value) {
        column(name, Type.UINT32);
        uint32(value);
        return this;
    }

    /** A {@code Decimal(18, 2)} column: money in minor units (kopecks), exactly. */
    RowBinary money(String name, long minor) {
        column(name, Type.DECIMAL_18_2);
        money(minor);
        return this;
    }

    /** A {@code DateTime64(3, ...)} column: the instant in epoch milliseconds. */
    RowBinary dateTime64(String name, long epochMillis) {
        column(name, Type.DATETIME64_3);
        int64(epochMillis);
        return this;
    }

    /** An {@code Array(String)} column: {@code text} of each of {@code values}. */
    <T> RowBinary strings(String name, T[] values, Function<T, String> text) {
        return array(name, Type.ARRAY_STRING, values, value -> string(text.apply(value)));
    }

    /** An {@code Array(UInt32)} column: {@code number} of each of {@code values}. */
    <T> RowBinary uint32s(String name, T[] values, ToLongFunction<T> number) {
        return array(name, Type.ARRAY_UINT32, values, value -> uint32(number.applyAsLong(value)));
    }

    /** An {@code Array(Decimal(18, 2))} column: {@code minor} units of each of {@code values}. */
    <T> RowBinary moneys(String name, T[] values, ToLongFunction<T> minor) {
        return array(
                name, Type.ARRAY_DECIMAL_18_2, values, value -> money(minor.applyAsLong(value)));
    }

    private <T> RowBinary array(String name, Type type, T[] values, Consumer<T> element) {
        column(name, type);
        unsignedLeb128(values.length);
        for (T value : values) {
            element.accept(value);
        }
        return this;
    }

    private void column(String name, Type type) {
        int position = name(name);
        if (position == types.size()) {
            types.add(type);
        } else if (types.get(position) != type) {
            throw new IllegalStateException(
                    "column " + name + " written as " + type + ", first as " + types.get(position));
        }
    }

    @Override
    void writeLayout(DataOutputView out) throws IOException {
        for (Type type : types) {
            out.writeUTF(type.name());
        }
    }

    @Override
    void readLayout(DataInputView in) throws IOException {
        for (int column = 0; column < columns().size(); column++) {
            types.add(Type.valueOf(in.readUTF()));
        }
    }

    @Override
    void dropPartialRow() {
        super.dropPartialRow();
        types.subList(columns().size(), types.size()).clear();
    }

    private void string(String value) {
        if (value == null) {
            throw new IllegalArgumentException("no text for a String column, which has no null");
        }
        text(value);
    }

    private void uint32(long value) {
        if (value < 0 || value > MAX_UINT32) {
            throw new IllegalArgumentException(value + " is no UInt32");
        }
        littleEndian(value, 4);
    }

    private void money(long minor) {
        if (Math.abs(minor) > MAX_DECIMAL_18) {
            throw new IllegalArgumentException(minor + " minor units do not fit Decimal(18, 2)");
        }
        int64(minor);
    }

    private void int64(long value) {
        littleEndian(value, 8);
    }

    /**
     * The row read back by the types of the first row's columns and written as a {@link JsonLine},
     * which makes it the JSON object the KPI tables' dead letters show.
     */
    @Override
    byte[] rowAsObject(int row) {
        Reader in = new Reader(start(row));
        JsonLine line = new JsonLine();
        try {
            line.beginRow();
            for (int i = 0; i < types.size(); i++) {
                String name = columns().get(i);
                switch (types.get(i)) {
                    case STRING -> line.string(name, in.string());
                    case UINT32 -> line.number(name, in.littleEndian(4));
                    case DECIMAL_18_2 -> line.money(name, in.littleEndian(8));
                    case DATETIME64_3 -> line.dateTime64(name, in.littleEndian(8));
                    case ARRAY_STRING -> line.array(name, in.strings(), JsonLine::string);
                    case ARRAY_UINT32 ->
                            line.array(name, in.longs(4), (json, n) -> json.number((long) n));
                    case ARRAY_DECIMAL_18_2 -> line.array(name, in.longs(8), JsonLine::money);
                }
            }
            line.endRow();
            return line.rowAsObject(0);
        } catch (RuntimeException unreadable) {
            return Arrays.copyOfRange(buf, start(row), start(row + 1));
        }
    }

    /**
     * The chunks of a {@code Native} block: the number of columns and of rows, then each column's
     * name, type and values; an array column's values are the running totals of its lengths, then
     * all its elements. Each row has a cursor at its next value, which moves through the row a
     * column at a time, so one pass over the rows per column finds every value.
     */
    private final class Block implements Iterator<byte[]> {
        private final int rows;
        private final int chunkBytes;
        private final int[] cursor;
        private final int[] lengths;
        private final Reader in = new Reader(0);
        private final GrowingBytes chunk;
        private int column;
        private Part part = Part.NAME;
        private int row;
        private long elements;

        Block(int from, int to, int chunkBytes) {
            this.rows = to - from;
            this.chunkBytes = chunkBytes;
            this.cursor = new int[rows];
            this.lengths = new int[rows];
            this.chunk = new GrowingBytes(chunkBytes);
            for (int i = 0; i < rows; i++) {
                cursor[i] = start(from + i);
            }
            chunk.unsignedLeb128(types.size());
            chunk.unsignedLeb128(rows);
        }

        @Override
        public boolean hasNext() {
            return column < types.size();
        }

        @Override
        public byte[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            while (chunk.count < chunkBytes && hasNext()) {
                Type type = types.get(column);
                switch (part) {
                    case NAME -> {
                        chunk.text(columns().get(column));
                        chunk.text(type.name);
                        elements = 0;
                        nextPart(type.element == null ? Part.VALUES : Part.ARRAY_ENDS);
                    }
                    case ARRAY_ENDS -> {
                        in.at = cursor[row];
                        lengths[row] = in.unsignedLeb128();
                        cursor[row] = in.at;
                        elements += lengths[row];
                        chunk.littleEndian(elements, 8);
                        nextRow(Part.VALUES);
                    }
                    case VALUES -> {
                        in.at = cursor[row];
                        if (type.element == null) {
                            in.skip(type);
                        } else {
                            for (int i = 0; i < lengths[row]; i++) {
                                in.skip(type.element);
                            }
                        }
                        chunk.put(buf, cursor[row], in.at - cursor[row]);
                        cursor[row] = in.at;
                        nextRow(Part.NAME);
                    }
                }
            }
            byte[] next = Arrays.copyOf(chunk.buf, chunk.count);
            chunk.count = 0;
            return next;
        }

        /** Goes on to the next row of this part, or else to the first of {@code after}. */
        private void nextRow(Part after) {
            if (++row == rows) {
                nextPart(after);
            }
        }

        private void nextPart(Part next) {
            row = 0;
            if (rows == 0 || next == Part.NAME) {
                column++;
                part = Part.NAME;
            } else {
                part = next;
            }
        }
    }

    /** What a block writes next of a column. */
    private enum Part {
        NAME,
        ARRAY_ENDS,
        VALUES
    }

    /** Reads the values of a row back, in the order they were written. */
    private final class Reader {
        private int at;

        Reader(int at) {
            this.at = at;
        }

        long littleEndian(int bytes) {
            long value = 0;
            for (int i = 0; i < bytes; i++) {
                value |= (buf[at++] & 0xFFL) << (8 * i);
            }
            return value;
        }

        /** Moves past one value of a column type that is not an array. */
        void skip(Type type) {
            int bytes = type.width < 0 ? unsignedLeb128() : type.width;
            at += bytes;
        }

        int unsignedLeb128() {
            int value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = buf[at++];
                value |= (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }

        String[] strings() {
            String[] strings = new String[unsignedLeb128()];
            for (int i = 0; i < strings.length; i++) {
                strings[i] = string();
            }
            return strings;
        }

        Long[] longs(int bytes) {
            Long[] longs = new Long[unsignedLeb128()];
            for (int i = 0; i < longs.length; i++) {
                longs[i] = littleEndian(bytes);
            }
            return longs;
        }

        String string() {
            int length = unsignedLeb128();
            String text = new String(buf, at, length, StandardCharsets.UTF_8);
            at += length;
            return text;
        }
    }
}
