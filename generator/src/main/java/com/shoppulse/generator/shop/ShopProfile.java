package com.shoppulse.generator.shop;

import java.io.Serializable;

/**
 * How big the simulated shop is and how its shoppers behave, at the level of an average day.
 *
 * <p>The {@link #DEFAULT} profile is a mid-size electronics shop: on an average day without
 * incidents about 1,500 users come in 1,800 sessions with 7,200 product views, 400 cart additions
 * and 80 orders worth about 3.9 million roubles in total, so about 1% of views turn into an order.
 *
 * @param sessionsPerDay sessions that start on an average day
 * @param users how many people shop here at all; a quarter of them come on a given day
 * @param meanViewsPerSession product views in an average session
 * @param maxViewsPerSession product views after which every shopper leaves
 * @param cartRate chance that an average shopper adds the product they just viewed to the cart
 * @param checkoutRate chance that an average shopper with a full cart places the order
 */
public record ShopProfile(
        double sessionsPerDay,
        int users,
        double meanViewsPerSession,
        int maxViewsPerSession,
        double cartRate,
        double checkoutRate)
        implements Serializable {

    public static final ShopProfile DEFAULT = new ShopProfile(1_800, 5_300, 3.9, 25, 0.055, 0.21);

    // Events (views, cart additions, orders) per session that the default behaviour yields on
    // average; measured from the simulation itself, and ShopProfileTest keeps it honest.
    static final double EVENTS_PER_SESSION = 4.25;

    private static final double SECONDS_PER_DAY = 86_400;

    public ShopProfile {
        if (!(sessionsPerDay > 0) || users < 1 || !(meanViewsPerSession >= 1)) {
            throw new IllegalArgumentException(
                    String.format(
                            "a shop needs sessions, users and views; got %s sessions a day, %d"
                                    + " users, %s views a session",
                            sessionsPerDay, users, meanViewsPerSession));
        }
    }

    /** The average rate of events when simulated time runs {@code speedUp} times real time. */
    public double eventsPerSecond(double speedUp) {
        return sessionsPerDay * EVENTS_PER_SESSION * speedUp / SECONDS_PER_DAY;
    }

    /** The same shop with {@code factor} times the customers and traffic. */
    public ShopProfile scaledBy(double factor) {
        return new ShopProfile(
                sessionsPerDay * factor,
                (int) Math.max(1, Math.round(users * factor)),
                meanViewsPerSession,
                maxViewsPerSession,
                cartRate,
                checkoutRate);
    }
}
