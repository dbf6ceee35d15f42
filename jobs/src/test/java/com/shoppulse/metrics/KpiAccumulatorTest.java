package com.shoppulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.events.EventType;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.ValueTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class KpiAccumulatorTest {
    @Test
    void countsDistinctUsersAndBuyersExactly() {
        KpiAccumulator acc = new KpiAccumulator();
        for (int user = 0; user < 100_000; user++) {
            add(acc, user % 40_000, user % 1000 == 0 ? 1 : 0);
        }

        assertThat(acc.users.getLongCardinality()).isEqualTo(40_000);
        assertThat(acc.buyers.getLongCardinality()).isEqualTo(40);
        assertThat(acc.views).isEqualTo(100_000 - 100);
        assertThat(acc.orders).isEqualTo(100);
        assertThat(acc.contributions).isEqualTo(100_000);
    }

    @Test
    void mergeIsAUnionOfUsers() {
        KpiAccumulator a = new KpiAccumulator();
        add(a, 1, 0);
        add(a, 2, 1);
        KpiAccumulator b = new KpiAccumulator();
        add(b, 2, 0);
        add(b, 3, 1);

        a.merge(b);

        assertThat(a.users.getLongCardinality()).isEqualTo(3);
        assertThat(a.buyers.getLongCardinality()).isEqualTo(2);
        assertThat(a.contributions).isEqualTo(4);
    }

    @Test
    void flinkSerializesItAsAValueAndItRoundTrips() throws Exception {
        TypeInformation<KpiAccumulator> type = TypeInformation.of(KpiAccumulator.class);
        assertThat(type).isInstanceOf(ValueTypeInfo.class);
        TypeSerializer<KpiAccumulator> serializer =
                type.createSerializer(new ExecutionConfig().getSerializerConfig());
        KpiAccumulator acc = new KpiAccumulator();
        for (int user = 0; user < 1_000_000; user += 3) {
            add(acc, user, user % 999 == 0 ? 1 : 0);
        }

        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(acc, out);
        KpiAccumulator copy =
                serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(copy.users).isEqualTo(acc.users);
        assertThat(copy.buyers).isEqualTo(acc.buyers);
        assertThat(copy.revenueMinor).isEqualTo(acc.revenueMinor);
        assertThat(copy.contributions).isEqualTo(acc.contributions);
        // 333,334 users in about 130 KB: well under a byte per user for dense indexes.
        assertThat(out.length()).isLessThan(333_334);
    }

    /** A view of {@code user}, or an order of one item for 19.99 when {@code orders} is 1. */
    private static void add(KpiAccumulator acc, int user, int orders) {
        if (orders > 0) {
            acc.add(user, EventType.ORDER, 1, 1999);
        } else {
            acc.add(user, EventType.VIEW, 0, 0);
        }
    }
}
