package com.shoppulse.ingest;

import com.shoppulse.events.EventType;
import com.shoppulse.events.OrderItem;
import com.shoppulse.events.ShopEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Value;

/**
 * A valid event after {@link LateEventFilter} judged its time: on time, or late with the dead
 * letter it becomes unless {@link Deduplicate} finds it a copy of an event already counted (a copy
 * is a duplicate, however late it comes).
 *
 * <p>Every event crosses the network once in this form, to the subtask that owns its user. It is a
 * Flink {@link Value} that writes its fields by hand: Flink's reflective POJO serializer spent a
 * sixth of the job's CPU here. A field added to {@link ShopEvent} must be added to {@link #write}
 * and {@link #read}; {@code CheckedEventTest} fails until it is.
 *
 * <p>Text goes as its UTF-8 bytes in one bulk write, not as Flink's {@code StringValue}, which
 * writes a byte at a time and reads through a thread-local buffer: those two had cost a tenth of
 * the CPU of the threads that parse and de-duplicate. Valid events hold valid Unicode only (the
 * parser checks), so UTF-8 carries their text exactly.
 */
public class CheckedEvent implements Value {
    private static final long serialVersionUID = 1L;
    private static final EventType[] TYPES = EventType.values();

    public ShopEvent event;
    public DeadLetter late;

    public CheckedEvent() {}

    public static CheckedEvent onTime(ShopEvent event) {
        CheckedEvent checked = new CheckedEvent();
        checked.event = event;
        return checked;
    }

    public static CheckedEvent late(ShopEvent event, DeadLetter letter) {
        CheckedEvent checked = onTime(event);
        checked.late = letter;
        return checked;
    }

    public boolean isLate() {
        return late != null;
    }

    /** The user whose events are de-duplicated together: see {@link Deduplicate}. */
    public String userId() {
        return event.userId;
    }

    @Override
    public void write(DataOutputView out) throws IOException {
        ShopEvent e = event;
        writeText(e.eventId, out);
        out.writeByte(e.type.ordinal());
        out.writeLong(e.eventTimeMillis);
        writeText(e.userId, out);
        writeText(e.sessionId, out);
        writeText(e.city, out);
        writeText(e.device, out);
        writeText(e.channel, out);
        writeText(e.productId, out);
        writeText(e.category, out);
        writeText(e.brand, out);
        out.writeLong(e.priceMinor);
        out.writeInt(e.quantity);
        writeText(e.orderId, out);
        out.writeLong(e.amountMinor);
        out.writeInt(e.items == null ? -1 : e.items.length);
        if (e.items != null) {
            for (OrderItem item : e.items) {
                writeText(item.productId, out);
                writeText(item.category, out);
                writeText(item.brand, out);
                out.writeLong(item.priceMinor);
                out.writeInt(item.quantity);
            }
        }
        out.writeBoolean(late != null);
        if (late != null) {
            writeLetter(late, out);
        }
    }

    @Override
    public void read(DataInputView in) throws IOException {
        ShopEvent e = new ShopEvent();
        e.eventId = readText(in);
        e.type = TYPES[in.readByte()];
        e.eventTimeMillis = in.readLong();
        e.userId = readText(in);
        e.sessionId = readText(in);
        e.city = readText(in);
        e.device = readText(in);
        e.channel = readText(in);
        e.productId = readText(in);
        e.category = readText(in);
        e.brand = readText(in);
        e.priceMinor = in.readLong();
        e.quantity = in.readInt();
        e.orderId = readText(in);
        e.amountMinor = in.readLong();
        int items = in.readInt();
        if (items >= 0) {
            e.items = new OrderItem[items];
            for (int i = 0; i < items; i++) {
                e.items[i] =
                        new OrderItem(
                                readText(in),
                                readText(in),
                                readText(in),
                                in.readLong(),
                                in.readInt());
            }
        }
        event = e;
        late = in.readBoolean() ? readLetter(in) : null;
    }

    private static void writeLetter(DeadLetter letter, DataOutputView out) throws IOException {
        writeText(letter.reason, out);
        writeText(letter.detail, out);
        writeText(letter.payload, out);
        out.writeInt(letter.payloadBytes);
        writeText(letter.payloadSha256, out);
        out.writeBoolean(letter.payloadTruncated);
        writeText(letter.sourceTopic, out);
        out.writeInt(letter.sourcePartition);
        out.writeLong(letter.sourceOffset);
        out.writeLong(letter.rejectedAtMillis);
    }

    private static DeadLetter readLetter(DataInputView in) throws IOException {
        DeadLetter letter = new DeadLetter();
        letter.reason = readText(in);
        letter.detail = readText(in);
        letter.payload = readText(in);
        letter.payloadBytes = in.readInt();
        letter.payloadSha256 = readText(in);
        letter.payloadTruncated = in.readBoolean();
        letter.sourceTopic = readText(in);
        letter.sourcePartition = in.readInt();
        letter.sourceOffset = in.readLong();
        letter.rejectedAtMillis = in.readLong();
        return letter;
    }

    /** A string as its UTF-8 length plus one (0 for null) in 7-bit groups, then its bytes. */
    private static void writeText(String text, DataOutputView out) throws IOException {
        if (text == null) {
            out.writeByte(0);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int length = bytes.length + 1;
        while (length >= 0x80) {
            out.writeByte(length & 0x7F | 0x80);
            length >>>= 7;
        }
        out.writeByte(length);
        out.write(bytes);
    }

    private static String readText(DataInputView in) throws IOException {
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            length |= (b & 0x7F) << shift;
            if (b < 0x80) {
                break;
            }
        }
        if (length == 0) {
            return null;
        }
        byte[] bytes = new byte[length - 1];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
