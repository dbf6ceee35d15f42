package com.shoppulse.generator.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.shoppulse.generator.shop.Catalog;
import com.shoppulse.generator.shop.Channel;
import com.shoppulse.generator.shop.Device;
import com.shoppulse.generator.shop.Product;
import com.shoppulse.generator.shop.User;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MalformationTest {

    private static final Visit VISIT =
            new Visit("s-1", new User("u000001", "Kazan", Device.MOBILE), Channel.ADS);
    private static final Product PRODUCT = Catalog.standard().products().get(0);
    private static final ObjectNode VIEW = EventJson.view("e-1", 0, VISIT, PRODUCT);
    private static final ObjectNode CART = EventJson.addToCart("e-2", 0, VISIT, PRODUCT, 1);
    private static final ObjectNode ORDER =
            EventJson.order("e-3", 0, VISIT, "ORD-1", List.of(new OrderLine(PRODUCT, 2)));

    private final SplittableRandom random = new SplittableRandom(5);

    @Test
    void notJsonIsNotJson() {
        String broken = Malformation.NOT_JSON.apply(VIEW.deepCopy(), random);

        assertThat(VIEW.toString()).startsWith(broken);
        assertThatThrownBy(() -> Traffic.parse(new ShopRecord("u000001", broken)))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void missingFieldLosesARequiredField() {
        JsonNode broken = parse(Malformation.MISSING_FIELD.apply(VIEW.deepCopy(), random));

        assertThat(broken.size()).isEqualTo(VIEW.size() - 1);
    }

    @Test
    void negativePriceNegatesAPrice() {
        JsonNode view = parse(Malformation.NEGATIVE_PRICE.apply(VIEW.deepCopy(), random));
        JsonNode order = parse(Malformation.NEGATIVE_PRICE.apply(ORDER.deepCopy(), random));

        assertThat(view.get("price").decimalValue()).isNegative();
        assertThat(order.get("items").get(0).get("price").decimalValue()).isNegative();
    }

    @Test
    void zeroQuantityEmptiesALine() {
        JsonNode cart = parse(Malformation.ZERO_QUANTITY.apply(CART.deepCopy(), random));
        JsonNode order = parse(Malformation.ZERO_QUANTITY.apply(ORDER.deepCopy(), random));

        assertThat(cart.get("quantity").asInt()).isZero();
        assertThat(order.get("items").get(0).get("quantity").asInt()).isZero();
    }

    @Test
    void amountMismatchMissesTheSum() {
        JsonNode order = parse(Malformation.AMOUNT_MISMATCH.apply(ORDER.deepCopy(), random));

        assertThat(order.get("amount").decimalValue())
                .isEqualByComparingTo(ORDER.get("amount").decimalValue().add(BigDecimal.ONE));
    }

    @Test
    void unknownTypeAndUnreadableTimeBreakTheHeader() {
        assertThat(
                        parse(Malformation.UNKNOWN_TYPE.apply(VIEW.deepCopy(), random))
                                .get("event_type")
                                .asText())
                .isEqualTo("wishlist_add");
        assertThat(
                        parse(Malformation.UNREADABLE_TIME.apply(VIEW.deepCopy(), random))
                                .get("event_time")
                                .asText())
                .isEqualTo("1970-01-01 00:00:00");
    }

    @Test
    void breaksOnlyWhatAnEventHas() {
        assertThat(fitting(VIEW))
                .doesNotContain(Malformation.ZERO_QUANTITY, Malformation.AMOUNT_MISMATCH);
        assertThat(fitting(CART))
                .contains(Malformation.ZERO_QUANTITY)
                .doesNotContain(Malformation.AMOUNT_MISMATCH);
        assertThat(fitting(ORDER)).containsAll(EnumSet.allOf(Malformation.class));
    }

    @Test
    void leavesTheEventItBreaksAlone() {
        PlannedEvent event = new PlannedEvent(0, "u000001", ORDER.deepCopy(), 1);

        for (int i = 0; i < 50; i++) {
            Malformation.breakEvent(event, random);
        }

        assertThat(event.body()).isEqualTo(ORDER);
    }

    private static Set<Malformation> fitting(ObjectNode event) {
        Set<Malformation> fitting = EnumSet.noneOf(Malformation.class);
        for (Malformation m : Malformation.values()) {
            if (m.fits(event.get("event_type").asText())) {
                fitting.add(m);
            }
        }
        return fitting;
    }

    private static JsonNode parse(String json) {
        return Traffic.parse(new ShopRecord("u000001", json));
    }
}
