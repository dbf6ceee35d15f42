package com.shoppulse.clickhouse;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Rows of one table encoded in one of ClickHouse's input formats, written straight into one growing
 * buffer: a batch of rows is this buffer as it stands, and {@link #columns()} names the values. The
 * encodings ({@link JsonLine}, {@link RowBinary}) add how a value is written.
 *
 * <p>The first row written names the columns; every later row must write the same ones in the same
 * order, as a {@link RowFormat} does, or it fails.
 *
 * <p>A checkpoint holds the rows not yet stored as {@link #writeRows} writes them; {@link
 * #readRows} reads them into a new buffer of the same encoding.
 */
public abstract class RowBuffer extends GrowingBytes {
    private static final int INITIAL_BYTES = 1 << 16;
    private static final int INITIAL_ROWS = 1024;

    private int[] ends = new int[INITIAL_ROWS];
    private int rows;
    private final List<String> columns = new ArrayList<>();
    private boolean columnsKnown;
    private int column;

    RowBuffer() {
        super(INITIAL_BYTES);
    }

    /** The format's name in {@code INSERT ... FORMAT}. */
    abstract String format();

    /**
     * What an insert of rows {@code from} to {@code to} sends, in {@link #format()}; here, their
     * bytes as written.
     */
    HttpRequest.BodyPublisher body(int from, int to) {
        return HttpRequest.BodyPublishers.ofByteArray(buf, start(from), start(to) - start(from));
    }

    /**
     * Row {@code row} as a JSON object of its columns, for people to read (in a dead letter), or as
     * close to one as its bytes allow.
     */
    abstract byte[] rowAsObject(int row);

    /** What the format writes before a row's first value. */
    void openRow() {}

    /** What the format writes after a row's last value. */
    void closeRow() {}

    /** What the format writes between two values of a row. */
    void separateValues() {}

    /** Starts a row. */
    void beginRow() {
        openRow();
        column = 0;
    }

    /** Ends the row begun last. */
    void endRow() {
        if (columnsKnown && column != columns.size()) {
            throw new IllegalStateException(
                    "a row with " + column + " of its columns " + columns + " written");
        }
        columnsKnown = true;
        closeRow();
        if (rows == ends.length) {
            ends = Arrays.copyOf(ends, rows * 2);
        }
        ends[rows++] = count;
    }

    /** Drops a row that could not be written whole. */
    void dropPartialRow() {
        count = start(rows);
        if (!columnsKnown) {
            columns.clear();
        }
    }

    /**
     * Writes the rows and their columns, for {@link #readRows} to read back: the format's name, the
     * columns, {@link #writeLayout what else the encoding needs}, each row's end and the bytes.
     */
    void writeRows(DataOutputView out) throws IOException {
        out.writeUTF(format());
        out.writeInt(columns.size());
        for (String name : columns) {
            out.writeUTF(name);
        }
        writeLayout(out);
        out.writeInt(rows);
        for (int row = 0; row < rows; row++) {
            out.writeInt(ends[row]);
        }
        out.write(buf, 0, count);
    }

    /** Reads rows that {@link #writeRows} wrote into this buffer, which must be empty. */
    void readRows(DataInputView in) throws IOException {
        if (rows > 0 || !columns.isEmpty()) {
            throw new IllegalStateException("rows read into a buffer that holds some");
        }
        String format = in.readUTF();
        if (!format.equals(format())) {
            throw new IOException(
                    "rows not yet stored were kept as "
                            + format
                            + ", which this release writes as "
                            + format()
                            + ": restore them with the release that kept them");
        }
        for (int i = in.readInt(); i > 0; i--) {
            columns.add(in.readUTF());
        }
        readLayout(in);
        columnsKnown = true;
        rows = in.readInt();
        ends = new int[Math.max(INITIAL_ROWS, rows)];
        for (int row = 0; row < rows; row++) {
            ends[row] = in.readInt();
        }
        count = start(rows);
        buf = new byte[Math.max(INITIAL_BYTES, count)];
        in.readFully(buf, 0, count);
    }

    /** Writes what the encoding needs besides the columns' names to read its rows back. */
    void writeLayout(DataOutputView out) throws IOException {}

    /** Reads what {@link #writeLayout} wrote. */
    void readLayout(DataInputView in) throws IOException {}

    /** The columns of the rows, in the order of their values. */
    List<String> columns() {
        return Collections.unmodifiableList(columns);
    }

    /**
     * Empties the buffer for the next batch. A buffer that the batch used less than a quarter of
     * shrinks by half: the full batches of a backlog grow it to tens of MB, which live traffic's
     * batches then hand back within a few flushes, without regrowing it batch by batch under load.
     */
    void clear() {
        if (shrinks(buf.length, count, INITIAL_BYTES)) {
            buf = new byte[buf.length / 2];
        }
        if (shrinks(ends.length, rows, INITIAL_ROWS)) {
            ends = new int[ends.length / 2];
        }
        count = 0;
        rows = 0;
    }

    private static boolean shrinks(int capacity, int used, int initial) {
        return capacity > initial && used < capacity / 4;
    }

    /** How many bytes the buffer holds at most before it grows. */
    int capacity() {
        return buf.length;
    }

    int rows() {
        return rows;
    }

    byte[] bytes() {
        return buf;
    }

    /** Where row {@code row} starts in {@link #bytes()}; {@code start(rows())} is the end. */
    int start(int row) {
        return row == 0 ? 0 : ends[row - 1];
    }

    /**
     * The column the next value is for, learnt from the first row and checked in the others;
     * returns its position in the row.
     */
    int name(String name) {
        if (!columnsKnown) {
            columns.add(name);
        } else if (column >= columns.size() || !name.equals(columns.get(column))) {
            throw new IllegalStateException(
                    "column " + name + " written where the first row had " + columns);
        }
        if (column > 0) {
            separateValues();
        }
        return column++;
    }
}
