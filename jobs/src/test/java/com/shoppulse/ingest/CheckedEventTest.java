package com.shoppulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.events.EventType;
import com.shoppulse.events.OrderItem;
import com.shoppulse.events.RejectReason;
import com.shoppulse.events.ShopEvent;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.ValueTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class CheckedEventTest {
    @Test
    void everyFieldOfAnOrderSurvivesTheNetwork() throws Exception {
        ShopEvent order = filled(new ShopEvent());
        order.type = EventType.ORDER;
        order.items = new OrderItem[] {filled(new OrderItem()), new OrderItem()};

        CheckedEvent copy = roundTrip(CheckedEvent.onTime(order));

        assertThat(copy.event).usingRecursiveComparison().isEqualTo(order);
        assertThat(copy.isLate()).isFalse();
    }

    @Test
    void aViewWithoutOptionalFieldsAndALateLetterSurvive() throws Exception {
        ShopEvent view = new ShopEvent();
        view.type = EventType.VIEW;
        view.eventId = "e1";
        view.userId = "Анна";
        DeadLetter letter =
                DeadLetter.of(
                        TestEvents.raw("{\"x\":1}", "t", 3, 42, 9),
                        RejectReason.LATE,
                        "behind",
                        1234,
                        DeadLetter.DEFAULT_MAX_PAYLOAD_BYTES);

        CheckedEvent copy = roundTrip(CheckedEvent.late(view, letter));

        assertThat(copy.event).usingRecursiveComparison().isEqualTo(view);
        assertThat(copy.late).usingRecursiveComparison().isEqualTo(letter);
    }

    @Test
    void textOfEveryUtf8LengthEmptyAndLongSurvives() throws Exception {
        ShopEvent view = new ShopEvent();
        view.type = EventType.VIEW;
        view.eventId = "";
        view.userId = "a-Ä-Ж-€-\uD83D\uDED2";
        view.city = "Нижний Новгород";
        view.productId = "x".repeat(127);
        view.category = "y".repeat(128);
        view.brand = "ж".repeat(10_000);
        DeadLetter letter =
                DeadLetter.of(
                        TestEvents.raw(
                                "{\"v\":\"" + "\uD83D\uDED2".repeat(30_000) + "\"}", "t", 0, 1, 2),
                        RejectReason.LATE,
                        "a" + "\uD83D\uDED2".repeat(1_000),
                        1234,
                        DeadLetter.MAX_PAYLOAD_BYTES);

        CheckedEvent copy = roundTrip(CheckedEvent.late(view, letter));

        assertThat(copy.event).usingRecursiveComparison().isEqualTo(view);
        assertThat(copy.late).usingRecursiveComparison().isEqualTo(letter);
        assertThat(copy.late.detail).endsWith("\uD83D\uDED2…");
    }

    private static CheckedEvent roundTrip(CheckedEvent checked) throws Exception {
        TypeInformation<CheckedEvent> type = TypeInformation.of(CheckedEvent.class);
        assertThat(type).isInstanceOf(ValueTypeInfo.class);
        TypeSerializer<CheckedEvent> serializer =
                type.createSerializer(new ExecutionConfig().getSerializerConfig());
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(checked, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    /**
     * Sets every instance field of {@code object} that is a string or a number to a value of its
     * own.
     */
    private static <T> T filled(T object) throws IllegalAccessException {
        int n = 0;
        for (Field field : object.getClass().getFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            n++;
            if (field.getType() == String.class) {
                field.set(object, field.getName() + "-" + n);
            } else if (field.getType() == long.class) {
                field.setLong(object, 1_000_000_000_000L + n);
            } else if (field.getType() == int.class) {
                field.setInt(object, 1000 + n);
            }
        }
        return object;
    }
}
