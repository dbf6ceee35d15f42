package com.shoppulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

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
            acc.add(contribution(user % 40_000, user % 1000 == 0 ? 1 : 0));
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
        a.add(contribution(1, 0));
        a.add(contribution(2, 1));
        KpiAccumulator b = new KpiAccumulator();
        b.add(contribution(2, 0));
        b.add(contribution(3, 1));

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
            acc.add(contribution(user, user % 999 == 0 ? 1 : 0));
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

    private static KpiContribution contribution(int user, int orders) {
        KpiContribution c = new KpiContribution(Dimension.OVERALL, "all", user);
        c.views = 1 - orders;
        c.orders = orders;
        c.revenueMinor = orders * 1999;
        c.itemsSold = orders;
        return c;
    }
}
