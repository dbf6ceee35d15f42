package com.shoppulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shoppulse.events.EventType;
import com.shoppulse.events.ShopEvent;
import com.shoppulse.kpi.Kpi;
import com.shoppulse.kpi.KpiRow;
import java.io.IOException;
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

        assertThat(acc.total(Kpi.ACTIVE_USERS)).isEqualTo(40_000);
        assertThat(acc.total(Kpi.BUYERS)).isEqualTo(40);
        assertThat(acc.total(Kpi.VIEWS)).isEqualTo(100_000 - 100);
        assertThat(acc.total(Kpi.ORDERS)).isEqualTo(100);
        assertThat(acc.total(Kpi.REVENUE)).isEqualTo(100 * 1999);
        assertThat(acc.contributions).isEqualTo(100_000);
    }

    @Test
    void mergeIsAUnionOfUsersAndASumOfTheRest() {
        KpiAccumulator a = new KpiAccumulator();
        add(a, 1, 0);
        add(a, 2, 1);
        KpiAccumulator b = new KpiAccumulator();
        add(b, 2, 0);
        add(b, 3, 1);

        a.merge(b);

        assertThat(a.total(Kpi.ACTIVE_USERS)).isEqualTo(3);
        assertThat(a.total(Kpi.BUYERS)).isEqualTo(2);
        assertThat(a.total(Kpi.ORDERS)).isEqualTo(2);
        assertThat(a.total(Kpi.VIEWS)).isEqualTo(2);
        assertThat(a.contributions).isEqualTo(4);
    }

    @Test
    void fillsEveryMeasuredKpiOfARow() {
        KpiRow row = new KpiRow();
        sample().totalsInto(row);

        assertThat(row.toString())
                .isEqualTo(
                        "0s@0 null=null active_users=1669 views=1667 add_to_carts=1 orders=1"
                                + " buyers=1 revenue=123.45 items_sold=3 v1669");
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

        assertSameTotals(copy, acc);
        // 333,334 users in about 130 KB: well under a byte per user for dense indexes.
        assertThat(out.length()).isLessThan(333_334);
    }

    @Test
    void stateRoundTripsWithItsFormatVersion() throws Exception {
        KpiAccumulator written = sample();
        DataOutputSerializer out = new DataOutputSerializer(64);
        written.write(out);

        KpiAccumulator read = new KpiAccumulator();
        add(read, 99_999, 1);
        read.read(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(out.getCopyOfBuffer()[0]).isEqualTo((byte) 'S');
        assertThat(out.getCopyOfBuffer()[3]).isEqualTo((byte) KpiAccumulator.FORMAT_VERSION);
        assertSameTotals(read, written);
    }

    @Test
    void readsStateOfTheFirstFormatWithoutAHeader() throws Exception {
        KpiAccumulator written = sample();
        DataOutputSerializer out = new DataOutputSerializer(64);
        writeFixedFormat(written, out);

        assertReadsBackAs(out, written);
    }

    @Test
    void readsStateOfTheSecondFormatWithAHeaderAndFixedFields() throws Exception {
        KpiAccumulator written = sample();
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeInt(0x5350_0002);
        writeFixedFormat(written, out);

        assertReadsBackAs(out, written);
    }

    @Test
    void aKpiAddedSinceStartsFromZeroInRestoredWindows() throws Exception {
        // As a release with only the first two KPIs wrote it: users, then a sum of views.
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeInt(0x5350_0000 | KpiAccumulator.FORMAT_VERSION);
        out.writeInt(2);
        out.writeByte(1);
        sample().users(Kpi.ACTIVE_USERS).serialize(out);
        out.writeByte(0);
        out.writeLong(1667);
        out.writeLong(1669);

        KpiAccumulator read = new KpiAccumulator();
        add(read, 99_999, 1);
        read.read(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(read.total(Kpi.ACTIVE_USERS)).isEqualTo(1669);
        assertThat(read.total(Kpi.VIEWS)).isEqualTo(1667);
        assertThat(read.total(Kpi.BUYERS)).isZero();
        assertThat(read.total(Kpi.REVENUE)).isZero();
        assertThat(read.contributions).isEqualTo(1669);
    }

    @Test
    void refusesStateOfANewerFormatSayingWhatToDo() {
        assertThatThrownBy(() -> read(0x5350_0000 | (KpiAccumulator.FORMAT_VERSION + 1)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is newer than this release reads");
    }

    @Test
    void refusesStateWithMoreKpisThanThisReleaseKnows() {
        assertThatThrownBy(
                        () ->
                                read(
                                        0x5350_0000 | KpiAccumulator.FORMAT_VERSION,
                                        Kpi.measured().size() + 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("more than this release knows");
    }

    @Test
    void refusesStateWhoseKpisWereReordered() {
        // Slot 0 is a set of users; state with a sum there was written in another order.
        assertThatThrownBy(() -> read(0x5350_0000 | KpiAccumulator.FORMAT_VERSION, 1, 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("active_users")
                .hasMessageContaining("only ever adds at the end");
    }

    private static void read(int... header) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        out.writeInt(header[0]);
        for (int i = 1; i < header.length; i++) {
            if (i == 1) {
                out.writeInt(header[i]);
            } else {
                out.writeByte(header[i]);
            }
        }
        new KpiAccumulator().read(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    /** The fields of formats 1 and 2, as releases before format 3 wrote them. */
    private static void writeFixedFormat(KpiAccumulator acc, DataOutputSerializer out)
            throws IOException {
        acc.users(Kpi.ACTIVE_USERS).serialize(out);
        acc.users(Kpi.BUYERS).serialize(out);
        for (Kpi sum :
                new Kpi[] {Kpi.VIEWS, Kpi.ADD_TO_CARTS, Kpi.ORDERS, Kpi.ITEMS_SOLD, Kpi.REVENUE}) {
            out.writeLong(acc.total(sum));
        }
        out.writeLong(acc.contributions);
    }

    private static void assertReadsBackAs(DataOutputSerializer out, KpiAccumulator written)
            throws IOException {
        KpiAccumulator read = new KpiAccumulator();
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        read.read(in);

        assertSameTotals(read, written);
        assertThat(in.available()).isZero();
    }

    /** A view of {@code user}, or an order of one item for 19.99 when {@code orders} is 1. */
    private static void add(KpiAccumulator acc, int user, int orders) {
        if (orders > 0) {
            acc.add(user, contribution(EventType.ORDER, 1, 1999));
        } else {
            acc.add(user, contribution(EventType.VIEW, 0, 0));
        }
    }

    private static Kpi.Contribution contribution(EventType type, long items, long revenueMinor) {
        Kpi.Contribution c = new Kpi.Contribution();
        c.event = new ShopEvent();
        c.event.type = type;
        c.items = items;
        c.revenueMinor = revenueMinor;
        return c;
    }

    private static KpiAccumulator sample() {
        KpiAccumulator a = new KpiAccumulator();
        for (int user = 0; user < 5_000; user += 3) {
            a.add(user, contribution(EventType.VIEW, 0, 0));
        }
        a.add(70_000, contribution(EventType.ORDER, 3, 123_45));
        a.add(7, contribution(EventType.ADD_TO_CART, 0, 0));
        return a;
    }

    private static void assertSameTotals(KpiAccumulator read, KpiAccumulator written) {
        for (Kpi kpi : Kpi.measured()) {
            if (kpi.userTest() != null) {
                assertThat(read.users(kpi)).as(kpi.column()).isEqualTo(written.users(kpi));
            }
            assertThat(read.total(kpi)).as(kpi.column()).isEqualTo(written.total(kpi));
        }
        assertThat(read.contributions).isEqualTo(written.contributions);
    }
}
