package com.shoppulse.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte array that grows as it is written, with the encodings ClickHouse's binary formats share:
 * little-endian numbers, LEB128 lengths, text as its length and UTF-8 bytes. A {@link RowBuffer}
 * holds its rows in one, and a {@code Native} block is made in one a chunk at a time ({@link
 * RowBinary#body}).
 */
class GrowingBytes {
    byte[] buf;
    int count;

    GrowingBytes(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    void put(byte b) {
        if (count == buf.length) {
            ensure(1);
        }
        buf[count++] = b;
    }

    void put(byte[] bytes) {
        put(bytes, 0, bytes.length);
    }

    void put(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, count, length);
        count += length;
    }

    void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }

    /** The lowest {@code bytes} bytes of {@code value}, lowest first. */
    void littleEndian(long value, int bytes) {
        ensure(bytes);
        for (int i = 0; i < bytes; i++) {
            buf[count++] = (byte) (value >>> (8 * i));
        }
    }

    void unsignedLeb128(int value) {
        ensure(5);
        while ((value & ~0x7F) != 0) {
            buf[count++] = (byte) (value & 0x7F | 0x80);
            value >>>= 7;
        }
        buf[count++] = (byte) value;
    }

    /** {@code text} as its UTF-8 length (LEB128) and bytes. */
    void text(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        unsignedLeb128(utf8.length);
        put(utf8);
    }
}
