package com.shoppulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.events.EventType;
import com.shoppulse.events.OrderItem;
import com.shoppulse.events.ShopEvent;
import com.shoppulse.kpi.Kpi;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreakdownsTest {
    @Test
    void aViewCountsOnceInEveryBreakdown() {
        ShopEvent view = event(EventType.VIEW);
        view.category = "phones";
        view.brand = "Acme";

        assertThat(describe(view))
                .containsExactly(
                        "OVERALL=all users1 v1 c0 o0 i0 r0",
                        "CITY=Kazan users1 v1 c0 o0 i0 r0",
                        "DEVICE=mobile users1 v1 c0 o0 i0 r0",
                        "CHANNEL=ads users1 v1 c0 o0 i0 r0",
                        "CATEGORY=phones users1 v1 c0 o0 i0 r0",
                        "BRAND=Acme users1 v1 c0 o0 i0 r0");
    }

    @Test
    void anOrderSplitsItsItemsByCategoryAndBrand() {
        ShopEvent order = event(EventType.ORDER);
        order.items =
                new OrderItem[] {
                    new OrderItem("p1", "phones", "Acme", 100_00, 2),
                    new OrderItem("p2", "cases", "Acme", 5_00, 1),
                    new OrderItem("p3", "phones", "Zed", 50_00, 1)
                };
        order.amountMinor = 255_01;

        assertThat(describe(order))
                .containsExactly(
                        "OVERALL=all users1 v0 c0 o1 i4 r25501",
                        "CITY=Kazan users1 v0 c0 o1 i4 r25501",
                        "DEVICE=mobile users1 v0 c0 o1 i4 r25501",
                        "CHANNEL=ads users1 v0 c0 o1 i4 r25501",
                        "CATEGORY=phones users1 v0 c0 o1 i3 r25000",
                        "CATEGORY=cases users1 v0 c0 o1 i1 r500",
                        "BRAND=Acme users1 v0 c0 o1 i3 r20500",
                        "BRAND=Zed users1 v0 c0 o1 i1 r5000");
    }

    @Test
    void anOrderOfManyCategoriesKeepsThemAll() {
        ShopEvent order = event(EventType.ORDER);
        order.items = new OrderItem[500];
        for (int i = 0; i < order.items.length; i++) {
            order.items[i] = new OrderItem("p" + i, "c" + i, "b" + i, 1, 1);
        }

        Breakdowns breakdowns = new Breakdowns().of(event(EventType.VIEW)).of(order);

        assertThat(breakdowns.size()).isEqualTo(4 + 500 + 500);
        assertThat(breakdowns.value(4 + 499)).isEqualTo("c499");
        assertThat(breakdowns.value(4 + 500 + 499)).isEqualTo("b499");
    }

    private static ShopEvent event(EventType type) {
        ShopEvent e = new ShopEvent();
        e.type = type;
        e.city = "Kazan";
        e.device = "mobile";
        e.channel = "ads";
        return e;
    }

    /** Each contribution of {@code e}, by user 7, as the totals it adds up to. */
    private static List<String> describe(ShopEvent e) {
        Breakdowns breakdowns = new Breakdowns().of(e);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < breakdowns.size(); i++) {
            KpiAccumulator acc = new KpiAccumulator();
            breakdowns.addTo(acc, i, 7);
            out.add(
                    String.format(
                            "%s=%s users%d v%d c%d o%d i%d r%d",
                            breakdowns.dimension(i),
                            breakdowns.value(i),
                            acc.total(Kpi.ACTIVE_USERS),
                            acc.total(Kpi.VIEWS),
                            acc.total(Kpi.ADD_TO_CARTS),
                            acc.total(Kpi.ORDERS),
                            acc.total(Kpi.ITEMS_SOLD),
                            acc.total(Kpi.REVENUE)));
        }
        return out;
    }
}
