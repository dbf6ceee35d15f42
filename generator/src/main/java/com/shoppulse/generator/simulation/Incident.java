package com.shoppulse.generator.simulation;

import java.io.Serializable;

/** Something going wrong in the shop for a stretch of every simulated day. */
public sealed interface Incident extends Serializable {

    DailyWindow window();

    /**
     * Fewer shoppers arrive, as when an ad campaign stops or the site is slow: only {@code factor}
     * of the usual sessions start.
     */
    record TrafficDrop(DailyWindow window, double factor) implements Incident {
        @Override
        public String toString() {
            return "traffic_drop@" + window + ":" + factor;
        }
    }

    /**
     * Shoppers hesitate, as after a price rise or a broken promo code: those with a full cart check
     * out {@code factor} times as often as usual.
     */
    record ConversionDrop(DailyWindow window, double factor) implements Incident {
        @Override
        public String toString() {
            return "conversion_drop@" + window + ":" + factor;
        }
    }

    /**
     * Checkout is broken, as when the payment provider is down: shoppers still fill carts but no
     * order goes through, in {@code city} only or, when it is null, everywhere.
     */
    record CheckoutOutage(DailyWindow window, String city) implements Incident {

        boolean hits(String userCity) {
            return city == null || city.equals(userCity);
        }

        @Override
        public String toString() {
            return "checkout_outage@" + window + (city == null ? "" : ":" + city);
        }
    }
}
