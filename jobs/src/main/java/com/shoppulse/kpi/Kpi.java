package com.shoppulse.kpi;

import com.shoppulse.events.EventType;
import com.shoppulse.events.ShopEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every KPI the metrics job computes, in one place: its column name (as rules, tables, views and
 * dashboards name it), the kind of number it is, and how it is measured. Everything else follows
 * from this list: what a window accumulates and checkpoints, the KPI topic's fields, the columns
 * the job writes and the views show (the schema migrator adds a missing column and re-creates the
 * views), and how a message formats a value. {@code KpiSchemaIT} checks the tables and views
 * against it, and the metrics job's integration test the values against its own ground truth.
 *
 * <p>A KPI is one of three measures: a {@link #sum} over the events of a window, a count of {@link
 * #distinctUsers}, or a figure {@link #derived} from the others. The first two are kept in window
 * state and on the KPI topic, in the order they are declared here: add a new one after the last, so
 * that state written before still reads.
 */
public enum Kpi {
    ACTIVE_USERS("active_users", Kind.COUNT, distinctUsers(c -> true)),
    VIEWS("views", Kind.COUNT, sum(c -> c.is(EventType.VIEW) ? 1 : 0)),
    ADD_TO_CARTS("add_to_carts", Kind.COUNT, sum(c -> c.is(EventType.ADD_TO_CART) ? 1 : 0)),
    ORDERS("orders", Kind.COUNT, sum(c -> c.is(EventType.ORDER) ? 1 : 0)),
    BUYERS("buyers", Kind.COUNT, distinctUsers(c -> c.is(EventType.ORDER))),
    REVENUE("revenue", Kind.MONEY, sum(c -> c.revenueMinor)),
    ITEMS_SOLD("items_sold", Kind.COUNT, sum(c -> c.items)),
    CONVERSION_RATE("conversion_rate", Kind.SHARE, ratio(ORDERS, VIEWS)),
    BUYER_CONVERSION("buyer_conversion", Kind.SHARE, ratio(BUYERS, ACTIVE_USERS)),
    AVG_ORDER_VALUE("avg_order_value", Kind.MONEY, moneyPer(ORDERS)),
    ITEMS_PER_ORDER("items_per_order", Kind.AVERAGE, ratio(ITEMS_SOLD, ORDERS)),
    ARPU("arpu", Kind.MONEY, moneyPer(ACTIVE_USERS)),
    ARPPU("arppu", Kind.MONEY, moneyPer(BUYERS));

    /** What kind of number a KPI is. */
    public enum Kind {
        /** A whole number of users, events or items: {@code UInt64}. */
        COUNT("UInt64"),
        /** Roubles and kopecks, exact: {@code Decimal(18, 2)}; summed in kopecks. */
        MONEY("Decimal(18, 2)"),
        /** A ratio of two counts, shown as a percentage: {@code Float64}. */
        SHARE("Float64"),
        /** A mean that is not money, such as items per order: {@code Float64}. */
        AVERAGE("Float64");

        private final String clickHouseType;

        Kind(String clickHouseType) {
            this.clickHouseType = clickHouseType;
        }

        /** The type of the KPI's column in ClickHouse. */
        public String clickHouseType() {
            return clickHouseType;
        }
    }

    /**
     * What one event brings to one breakdown: its {@code items} and {@code revenueMinor} are the
     * share of that breakdown (for a category, an order's lines of that category). The metrics job
     * fills one instance again for every contribution.
     */
    public static final class Contribution {
        public ShopEvent event;
        public long items;
        public long revenueMinor;

        public boolean is(EventType type) {
            return event.type == type;
        }
    }

    /** How much a contribution adds to a {@link #sum}. */
    @FunctionalInterface
    public interface Amount {
        long of(Contribution contribution);
    }

    /** Whether a contribution's user counts in a {@link #distinctUsers} KPI. */
    @FunctionalInterface
    public interface UserTest {
        boolean counts(Contribution contribution);
    }

    /** How a KPI is measured: exactly one of its three parts is set. */
    private static final class Measure {
        final Amount sum;
        final UserTest users;
        final Function<KpiRow, Number> derived;

        Measure(Amount sum, UserTest users, Function<KpiRow, Number> derived) {
            this.sum = sum;
            this.users = users;
            this.derived = derived;
        }
    }

    private static Measure sum(Amount amount) {
        return new Measure(amount, null, null);
    }

    private static Measure distinctUsers(UserTest test) {
        return new Measure(null, test, null);
    }

    private static Measure derived(Function<KpiRow, Number> value) {
        return new Measure(null, null, value);
    }

    /** {@code numerator / denominator}; zero over zero is zero. */
    private static Measure ratio(Kpi numerator, Kpi denominator) {
        return derived(
                row -> {
                    long over = row.get(denominator);
                    return over == 0 ? 0.0 : (double) row.get(numerator) / over;
                });
    }

    /** Revenue per {@code count}, rounded half-up to the kopeck; zero per zero is zero. */
    private static Measure moneyPer(Kpi count) {
        return derived(
                row -> {
                    long over = row.get(count);
                    if (over == 0) {
                        return BigDecimal.ZERO.setScale(2);
                    }
                    return BigDecimal.valueOf(row.get(REVENUE))
                            .divide(BigDecimal.valueOf(over), 0, RoundingMode.HALF_UP)
                            .movePointLeft(2);
                });
    }

    /** The KPIs a window accumulates, in the order of their slots in state and in a row. */
    private static final List<Kpi> MEASURED =
            Arrays.stream(values()).filter(k -> k.measure.derived == null).toList();

    static {
        for (int slot = 0; slot < MEASURED.size(); slot++) {
            MEASURED.get(slot).slot = slot;
        }
    }

    private final String column;
    private final Kind kind;
    private final Measure measure;
    private int slot = -1;

    Kpi(String column, Kind kind, Measure measure) {
        this.column = column;
        this.kind = kind;
        this.measure = measure;
    }

    public String column() {
        return column;
    }

    public Kind kind() {
        return kind;
    }

    /** The KPIs summed or counted over a window's events, not derived from other KPIs. */
    public static List<Kpi> measured() {
        return MEASURED;
    }

    /** This KPI's place among {@link #measured()}; -1 for a derived one. */
    public int slot() {
        return slot;
    }

    /** Null unless this is a sum. */
    public Amount amount() {
        return measure.sum;
    }

    /** Null unless this counts distinct users. */
    public UserTest userTest() {
        return measure.users;
    }

    /**
     * The value of a row: a {@code Long} for a count, a {@code BigDecimal} in roubles for money, a
     * {@code Double} otherwise.
     */
    public Number value(KpiRow row) {
        if (measure.derived != null) {
            return measure.derived.apply(row);
        }
        long measured = row.get(this);
        return kind == Kind.MONEY ? BigDecimal.valueOf(measured, 2) : Long.valueOf(measured);
    }

    public double of(KpiRow row) {
        return value(row).doubleValue();
    }

    public static Optional<Kpi> fromColumn(String column) {
        return Arrays.stream(values()).filter(k -> k.column.equals(column)).findFirst();
    }

    public static String columns() {
        return Arrays.stream(values()).map(Kpi::column).collect(Collectors.joining(", "));
    }
}
