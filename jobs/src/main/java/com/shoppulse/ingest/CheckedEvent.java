package com.shoppulse.ingest;

import com.shoppulse.events.EventType;
import com.shoppulse.events.OrderItem;
import com.shoppulse.events.ShopEvent;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
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
        StringValue.writeString(e.eventId, out);
        out.writeByte(e.type.ordinal());
        out.writeLong(e.eventTimeMillis);
        StringValue.writeString(e.userId, out);
        StringValue.writeString(e.sessionId, out);
        StringValue.writeString(e.city, out);
        StringValue.writeString(e.device, out);
        StringValue.writeString(e.channel, out);
        StringValue.writeString(e.productId, out);
        StringValue.writeString(e.category, out);
        StringValue.writeString(e.brand, out);
        out.writeLong(e.priceMinor);
        out.writeInt(e.quantity);
        StringValue.writeString(e.orderId, out);
        out.writeLong(e.amountMinor);
        out.writeInt(e.items == null ? -1 : e.items.length);
        if (e.items != null) {
            for (OrderItem item : e.items) {
                StringValue.writeString(item.productId, out);
                StringValue.writeString(item.category, out);
                StringValue.writeString(item.brand, out);
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
        e.eventId = StringValue.readString(in);
        e.type = TYPES[in.readByte()];
        e.eventTimeMillis = in.readLong();
        e.userId = StringValue.readString(in);
        e.sessionId = StringValue.readString(in);
        e.city = StringValue.readString(in);
        e.device = StringValue.readString(in);
        e.channel = StringValue.readString(in);
        e.productId = StringValue.readString(in);
        e.category = StringValue.readString(in);
        e.brand = StringValue.readString(in);
        e.priceMinor = in.readLong();
        e.quantity = in.readInt();
        e.orderId = StringValue.readString(in);
        e.amountMinor = in.readLong();
        int items = in.readInt();
        if (items >= 0) {
            e.items = new OrderItem[items];
            for (int i = 0; i < items; i++) {
                e.items[i] =
                        new OrderItem(
                                StringValue.readString(in),
                                StringValue.readString(in),
                                StringValue.readString(in),
                                in.readLong(),
                                in.readInt());
            }
        }
        event = e;
        late = in.readBoolean() ? readLetter(in) : null;
    }

    private static void writeLetter(DeadLetter letter, DataOutputView out) throws IOException {
        StringValue.writeString(letter.reason, out);
        StringValue.writeString(letter.detail, out);
        StringValue.writeString(letter.payload, out);
        out.writeInt(letter.payloadBytes);
        StringValue.writeString(letter.payloadSha256, out);
        out.writeBoolean(letter.payloadTruncated);
        StringValue.writeString(letter.sourceTopic, out);
        out.writeInt(letter.sourcePartition);
        out.writeLong(letter.sourceOffset);
        out.writeLong(letter.rejectedAtMillis);
    }

    private static DeadLetter readLetter(DataInputView in) throws IOException {
        DeadLetter letter = new DeadLetter();
        letter.reason = StringValue.readString(in);
        letter.detail = StringValue.readString(in);
        letter.payload = StringValue.readString(in);
        letter.payloadBytes = in.readInt();
        letter.payloadSha256 = StringValue.readString(in);
        letter.payloadTruncated = in.readBoolean();
        letter.sourceTopic = StringValue.readString(in);
        letter.sourcePartition = in.readInt();
        letter.sourceOffset = in.readLong();
        letter.rejectedAtMillis = in.readLong();
        return letter;
    }
}
