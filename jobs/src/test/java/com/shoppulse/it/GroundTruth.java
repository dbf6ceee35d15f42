package com.shoppulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.it.TestTraffic.Event;
import com.shoppulse.it.TestTraffic.Item;
import com.shoppulse.it.TestTraffic.Sent;
import com.shoppulse.kpi.Kpi;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the job must publish, computed by the test from the records it sent to each partition, with
 * its own reading of the rules: an event more than the bound after the time its record was written
 * is {@code future_time}; a partition's watermark trails the newest event time read from that
 * partition by the out-of-orderness; an event is late when its partition's watermark passed its
 * minute's end plus the allowed lateness, unless it is a copy of an event id (an order id for
 * orders) of the same user already counted, which is a duplicate however late; windows are
 * UTC-aligned. Nothing here depends on how the partitions interleave.
 */
final class GroundTruth {
    final List<Event> counted = new ArrayList<>();

    /** Expected dead letters: reason by {@code partition:offset}. */
    final Map<String, String> rejected = new TreeMap<>();

    /** The kinds of hostile record sent. */
    final Set<String> hostileKinds = new HashSet<>();

    int duplicates;

    /** Counted events whose id another user's counted event had too: counted, and stored, both. */
    int sharedIds;

    int lateButCounted;
    private final Map<String, Totals> totals = new HashMap<>();

    private static final class Totals {
        final Set<String> users = new HashSet<>();
        final Set<String> buyers = new HashSet<>();
        long views;
        long carts;
        long orders;
        long items;
        long revenue;

        /** A KPI as the test reads it from ClickHouse: a long, a BigDecimal or a double. */
        Object expected(Kpi kpi) {
            switch (kpi) {
                case ACTIVE_USERS:
                    return (long) users.size();
                case VIEWS:
                    return views;
                case ADD_TO_CARTS:
                    return carts;
                case ORDERS:
                    return orders;
                case BUYERS:
                    return (long) buyers.size();
                case REVENUE:
                    return BigDecimal.valueOf(revenue, 2);
                case ITEMS_SOLD:
                    return items;
                case CONVERSION_RATE:
                    return ratio(orders, views);
                case BUYER_CONVERSION:
                    return ratio(buyers.size(), users.size());
                case AVG_ORDER_VALUE:
                    return perHead(revenue, orders);
                case ITEMS_PER_ORDER:
                    return ratio(items, orders);
                case ARPU:
                    return perHead(revenue, users.size());
                case ARPPU:
                    return perHead(revenue, buyers.size());
                default:
                    throw new AssertionError(
                            "no ground truth for KPI "
                                    + kpi.column()
                                    + ": GroundTruth must compute it from the events sent");
            }
        }
    }

    /**
     * @param partitions the records of each partition in order
     * @param writtenMillis when the records were written to Kafka (to the minute is plenty: the
     *     traffic's times are far from it but for the one far-future event)
     */
    GroundTruth(
            List<List<Sent>> partitions,
            long writtenMillis,
            long maxTimeAheadMillis,
            long outOfOrdernessMillis,
            long latenessMillis,
            long[] sizes) {
        Set<String> seen = new HashSet<>();
        Map<String, String> firstUserOf = new HashMap<>();
        for (int partition = 0; partition < partitions.size(); partition++) {
            List<Sent> sent = partitions.get(partition);
            long watermark = Long.MIN_VALUE;
            for (int offset = 0; offset < sent.size(); offset++) {
                Sent s = sent.get(offset);
                Event e = s.valid();
                String at = partition + ":" + offset;
                if (e == null) {
                    hostileKinds.add(s.kind());
                    rejected.put(at, s.expectedReason());
                    continue;
                }
                if (e.time() > writtenMillis + maxTimeAheadMillis) {
                    rejected.put(at, "future_time");
                    continue;
                }
                long minuteEnd = e.time() - Math.floorMod(e.time(), 60_000L) + 60_000L;
                String copyOf = e.user() + "|" + e.dedupKey();
                if (seen.contains(copyOf)) {
                    duplicates++;
                } else if (minuteEnd - 1 + latenessMillis <= watermark) {
                    rejected.put(at, "late");
                } else {
                    seen.add(copyOf);
                    counted.add(e);
                    if (!firstUserOf
                            .computeIfAbsent(e.dedupKey(), k -> e.user())
                            .equals(e.user())) {
                        sharedIds++;
                    }
                    if (minuteEnd - 1 <= watermark) {
                        lateButCounted++;
                    }
                    for (long size : sizes) {
                        add(size, e);
                    }
                }
                watermark = Math.max(watermark, e.time() - outOfOrdernessMillis - 1);
            }
        }
    }

    /** Fails unless the traffic holds each kind of record the rules treat differently. */
    void assertMixed() {
        assertThat(hostileKinds).as("kinds of hostile record").hasSizeGreaterThanOrEqualTo(40);
        assertThat(duplicates).as("duplicates in the mix").isGreaterThan(100);
        assertThat(sharedIds).as("ids another user's event had").isGreaterThan(10);
        assertThat(lateButCounted).as("late events within the lateness").isGreaterThan(20);
        assertThat(rejected.values())
                .as("rejections in the mix")
                .contains(
                        "late",
                        "future_time",
                        "invalid_json",
                        "invalid_value",
                        "too_large",
                        "unknown_currency")
                .hasSizeGreaterThan(100);
    }

    private void add(long sizeSeconds, Event e) {
        long size = sizeSeconds * 1000;
        long start = e.time() - Math.floorMod(e.time(), size);
        String window = sizeSeconds + "|" + start / 1000 + "|";
        boolean order = e.type().equals("order");
        for (String[] dim :
                new String[][] {
                    {"all", "all"},
                    {"city", e.city()},
                    {"device", e.device()},
                    {"channel", e.channel()}
                }) {
            Totals t = totals.computeIfAbsent(window + dim[0] + "|" + dim[1], k -> new Totals());
            t.users.add(e.user());
            if (order) {
                t.buyers.add(e.user());
                t.orders++;
                t.items += e.items().stream().mapToLong(Item::quantity).sum();
                t.revenue += e.amountMinor();
            } else if (e.type().equals("view")) {
                t.views++;
            } else {
                t.carts++;
            }
        }
        if (!order) {
            for (String[] dim :
                    new String[][] {{"category", e.category()}, {"brand", brand(e.brand())}}) {
                Totals t =
                        totals.computeIfAbsent(window + dim[0] + "|" + dim[1], k -> new Totals());
                t.users.add(e.user());
                if (e.type().equals("view")) {
                    t.views++;
                } else {
                    t.carts++;
                }
            }
            return;
        }
        Set<String> ordered = new HashSet<>();
        for (Item item : e.items()) {
            for (String key :
                    new String[] {"category|" + item.category(), "brand|" + brand(item.brand())}) {
                Totals t = totals.computeIfAbsent(window + key, k -> new Totals());
                t.users.add(e.user());
                t.buyers.add(e.user());
                if (ordered.add(key)) {
                    t.orders++;
                }
                t.items += item.quantity();
                t.revenue += item.priceMinor() * item.quantity();
            }
        }
    }

    private static String brand(String brand) {
        return brand == null ? "unknown" : brand;
    }

    /** Expected rows, formatted like {@link #row}, for the overall table or the breakdowns. */
    List<String> rows(boolean overall) {
        List<String> rows = new ArrayList<>();
        totals.forEach(
                (key, t) -> {
                    if (key.contains("|all|all") != overall) {
                        return;
                    }
                    String[] k = key.split("\\|", 4);
                    List<Object> columns = new ArrayList<>();
                    columns.add(Long.parseLong(k[0]));
                    columns.add(Long.parseLong(k[1]));
                    columns.add(k[2]);
                    columns.add(k[3]);
                    for (Kpi kpi : Kpi.values()) {
                        columns.add(t.expected(kpi));
                    }
                    rows.add(row(columns.toArray()));
                });
        rows.sort(null);
        return rows;
    }

    static String row(Object... columns) {
        StringBuilder b = new StringBuilder();
        for (Object c : columns) {
            b.append(c instanceof BigDecimal ? ((BigDecimal) c).setScale(2).toPlainString() : c)
                    .append(" | ");
        }
        return b.toString();
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0.0 : (double) a / b;
    }

    private static BigDecimal perHead(long revenueMinor, long heads) {
        return heads == 0
                ? BigDecimal.ZERO
                : new BigDecimal(revenueMinor)
                        .divide(new BigDecimal(heads), 0, RoundingMode.HALF_UP)
                        .movePointLeft(2);
    }
}
