package com.shoppulse.ingest;

import com.shoppulse.events.RejectReason;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A rejected record: why it was rejected, where it came from and when, and its payload, cut to a
 * bounded size so that no record can make the dead-letter producer fail. The size and SHA-256 of
 * the whole original value say what was cut, and identify it in the source topic.
 */
public class DeadLetter {
    /** Enough for any real event, with room to spare: the parser rejects records over 256 KiB. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;

    /**
     * The most a {@code --dead-letter-max-payload} may be: escaped as JSON (at worst 6 bytes per
     * byte, for a control character), the letter still fits the producer's 1 MiB request.
     */
    public static final int MAX_PAYLOAD_BYTES = 128 * 1024;

    /** A detail may quote a value from the record; it is cut to this many characters. */
    static final int MAX_DETAIL_CHARS = 1_000;

    public String reason;
    public String detail;
    public String payload;
    public int payloadBytes;
    public String payloadSha256;
    public boolean payloadTruncated;
    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;
    public long rejectedAtMillis;

    public DeadLetter() {}

    public static DeadLetter of(
            RawRecord record, RejectReason reason, String detail, long now, int maxPayloadBytes) {
        DeadLetter letter = new DeadLetter();
        letter.reason = reason.code();
        if (detail.length() > MAX_DETAIL_CHARS) {
            // Never half of a surrogate pair, which no UTF-8 text can carry.
            int cut =
                    Character.isHighSurrogate(detail.charAt(MAX_DETAIL_CHARS - 1))
                            ? MAX_DETAIL_CHARS - 1
                            : MAX_DETAIL_CHARS;
            letter.detail = detail.substring(0, cut) + "…";
        } else {
            letter.detail = detail;
        }
        byte[] value = record.value;
        if (value != null) {
            int kept = utf8Prefix(value, maxPayloadBytes);
            letter.payload = lenientUtf8(value, kept);
            letter.payloadBytes = value.length;
            letter.payloadSha256 = sha256(value);
            letter.payloadTruncated = kept < value.length;
        }
        letter.sourceTopic = record.topic;
        letter.sourcePartition = record.partition;
        letter.sourceOffset = record.offset;
        letter.rejectedAtMillis = now;
        return letter;
    }

    /**
     * A row ClickHouse refused to store in {@code table}: the row as JSON is the payload, the
     * server's message the detail. It has no source offset: the row was computed, not read.
     */
    public static DeadLetter refusedByClickHouse(
            String table, byte[] row, String serverMessage, long now, int maxPayloadBytes) {
        return of(
                new RawRecord(row, null, -1, -1, now),
                RejectReason.CLICKHOUSE_REJECTED,
                table + ": " + serverMessage,
                now,
                maxPayloadBytes);
    }

    /** How many leading bytes to keep: at most {@code max}, never splitting a UTF-8 sequence. */
    private static int utf8Prefix(byte[] value, int max) {
        if (value.length <= max) {
            return value.length;
        }
        int end = max;
        while (end > 0 && (value[end] & 0xC0) == 0x80) {
            end--;
        }
        return end;
    }

    /**
     * As text, invalid sequences shown as U+FFFD: the letter says what came, not what was meant.
     */
    private static String lenientUtf8(byte[] value, int length) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(value, 0, length))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException impossibleWhenReplacing) {
            throw new IllegalStateException(impossibleWhenReplacing);
        }
    }

    /** The SHA-256 of {@code value} in lower-case hex. */
    public static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
