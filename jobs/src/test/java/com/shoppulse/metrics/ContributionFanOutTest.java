package com.shoppulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.events.EventType;
import com.shoppulse.events.OrderItem;
import com.shoppulse.events.ShopEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

class ContributionFanOutTest {
    @Test
    void aViewCountsOnceInEveryBreakdown() {
        ShopEvent view = event(EventType.VIEW);
        view.category = "phones";
        view.brand = "Acme";

        assertThat(fanOut(view))
                .extracting(KpiContribution::toString)
                .containsExactly(
                        "OVERALL=all user#7 v1 c0 o0 i0 r0",
                        "CITY=Kazan user#7 v1 c0 o0 i0 r0",
                        "DEVICE=mobile user#7 v1 c0 o0 i0 r0",
                        "CHANNEL=ads user#7 v1 c0 o0 i0 r0",
                        "CATEGORY=phones user#7 v1 c0 o0 i0 r0",
                        "BRAND=Acme user#7 v1 c0 o0 i0 r0");
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

        assertThat(fanOut(order))
                .extracting(KpiContribution::toString)
                .containsExactly(
                        "OVERALL=all user#7 v0 c0 o1 i4 r25501",
                        "CITY=Kazan user#7 v0 c0 o1 i4 r25501",
                        "DEVICE=mobile user#7 v0 c0 o1 i4 r25501",
                        "CHANNEL=ads user#7 v0 c0 o1 i4 r25501",
                        "CATEGORY=phones user#7 v0 c0 o1 i3 r25000",
                        "CATEGORY=cases user#7 v0 c0 o1 i1 r500",
                        "BRAND=Acme user#7 v0 c0 o1 i3 r20500",
                        "BRAND=Zed user#7 v0 c0 o1 i1 r5000");
    }

    @Test
    void theKeyRoundTrips() {
        KpiContribution c = new KpiContribution(Dimension.CITY, "Нижний Новгород", 1);

        assertThat(KpiContribution.dimensionOfKey(c.key())).isEqualTo(Dimension.CITY);
        assertThat(KpiContribution.valueOfKey(c.key())).isEqualTo("Нижний Новгород");
    }

    private static ShopEvent event(EventType type) {
        ShopEvent e = new ShopEvent();
        e.type = type;
        e.city = "Kazan";
        e.device = "mobile";
        e.channel = "ads";
        return e;
    }

    private static List<KpiContribution> fanOut(ShopEvent e) {
        List<KpiContribution> out = new ArrayList<>();
        new ContributionFanOut().flatMap(new IndexedEvent(e, 7), new ListCollector<>(out));
        return out;
    }
}
