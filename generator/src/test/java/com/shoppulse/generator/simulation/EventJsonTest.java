package com.shoppulse.generator.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.generator.shop.Category;
import com.shoppulse.generator.shop.Channel;
import com.shoppulse.generator.shop.Device;
import com.shoppulse.generator.shop.Product;
import com.shoppulse.generator.shop.User;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private static final long TIME = Instant.parse("2026-11-23T10:15:30.123Z").toEpochMilli();
    private static final Visit VISIT =
            new Visit("s-1", new User("u000007", "Saint Petersburg", Device.TABLET), Channel.EMAIL);
    private static final String HEADER =
            "\"event_time\":\"2026-11-23T10:15:30.123Z\",\"user_id\":\"u000007\","
                    + "\"session_id\":\"s-1\",\"city\":\"Saint Petersburg\",\"device\":\"tablet\","
                    + "\"channel\":\"email\"";

    private static final Product PHONE =
            new Product(
                    "SKU-1001",
                    new Category("smartphones", 1, 8_000, 150_000, 1, List.of("Honor")),
                    "Honor",
                    89_990_00);
    private static final Product CABLE =
            new Product(
                    "SKU-8003",
                    new Category("accessories", 1, 300, 6_000, 3, List.of("Ugreen")),
                    "Ugreen",
                    349_90);

    @Test
    void writesAView() {
        assertThat(EventJson.view("e-1", TIME, VISIT, PHONE).toString())
                .isEqualTo(
                        "{\"event_id\":\"e-1\",\"event_type\":\"view\","
                                + HEADER
                                + ",\"product_id\":\"SKU-1001\",\"category\":\"smartphones\","
                                + "\"brand\":\"Honor\",\"price\":89990.00}");
    }

    @Test
    void writesACartAddition() {
        assertThat(EventJson.addToCart("e-2", TIME, VISIT, CABLE, 2).toString())
                .isEqualTo(
                        "{\"event_id\":\"e-2\",\"event_type\":\"add_to_cart\","
                                + HEADER
                                + ",\"product_id\":\"SKU-8003\",\"category\":\"accessories\","
                                + "\"brand\":\"Ugreen\",\"price\":349.90,\"quantity\":2}");
    }

    @Test
    void writesAnOrderWhoseAmountIsExactlyTheSumOfItsItems() {
        List<OrderLine> lines = List.of(new OrderLine(PHONE, 1), new OrderLine(CABLE, 3));

        assertThat(EventJson.order("e-3", TIME, VISIT, "ORD-1", lines).toString())
                .isEqualTo(
                        "{\"event_id\":\"e-3\",\"event_type\":\"order\","
                                + HEADER
                                + ",\"order_id\":\"ORD-1\",\"items\":["
                                + "{\"product_id\":\"SKU-1001\",\"category\":\"smartphones\","
                                + "\"brand\":\"Honor\",\"price\":89990.00,\"quantity\":1},"
                                + "{\"product_id\":\"SKU-8003\",\"category\":\"accessories\","
                                + "\"brand\":\"Ugreen\",\"price\":349.90,\"quantity\":3}],"
                                + "\"amount\":91039.70,\"currency\":\"RUB\"}");
    }

    @Test
    void alwaysWritesMilliseconds() {
        assertThat(EventJson.eventTime(0)).isEqualTo("1970-01-01T00:00:00.000Z");
    }
}
