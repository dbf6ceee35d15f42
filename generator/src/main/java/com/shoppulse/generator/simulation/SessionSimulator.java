package com.shoppulse.generator.simulation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.shoppulse.generator.shop.Catalog;
import com.shoppulse.generator.shop.Channel;
import com.shoppulse.generator.shop.Product;
import com.shoppulse.generator.shop.Seeds;
import com.shoppulse.generator.shop.ShopProfile;
import com.shoppulse.generator.shop.User;
import com.shoppulse.generator.shop.UserPopulation;
import com.shoppulse.generator.shop.WeightedChoice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Plays one session through the funnel: a shopper views a few products, often comparing items on
 * the same shelf, now and then puts one into the cart, and with a full cart may check out.
 *
 * <p>A session is a function of the seed, the second it starts in and its arrival number within
 * that second, so any session can be replayed without the ones before it.
 */
final class SessionSimulator {

    private static final long MIN_DWELL_MILLIS = 15_000;
    private static final long MAX_DWELL_MILLIS = 150_000;
    private static final long MIN_CART_MILLIS = 3_000;
    private static final long MAX_CART_MILLIS = 40_000;
    private static final long MIN_CHECKOUT_MILLIS = 30_000;
    private static final long MAX_CHECKOUT_MILLIS = 300_000;

    // Shoppers mostly compare alternatives before they wander to another shelf.
    private static final double SAME_SHELF_CHANCE = 0.6;

    // Most cart additions are one unit; some shoppers take a few chargers or two gamepads.
    private static final double SEVERAL_UNITS_CHANCE = 0.15;

    // Shoppers look at dear items but put cheap ones into the cart more readily: a 300-rouble
    // cable is about a third likelier to be added than a 150,000-rouble laptop.
    private static final double PRICE_ELASTICITY = 0.05;
    private static final double USUAL_PRICE_KOPECKS = 10_000_00;

    private static final WeightedChoice<Channel> CHANNELS =
            new WeightedChoice<>(Arrays.asList(Channel.values()), Channel::share);

    private final long seed;
    private final ShopProfile profile;
    private final IncidentSchedule incidents;
    private final UserPopulation users;
    private final Catalog catalog = Catalog.standard();

    SessionSimulator(long seed, ShopProfile profile, IncidentSchedule incidents) {
        this.seed = seed;
        this.profile = profile;
        this.incidents = incidents;
        this.users = new UserPopulation(profile.users(), seed);
    }

    /** No session lasts longer than this from its start to its last event. */
    long longestSessionSeconds() {
        long longestView = MAX_DWELL_MILLIS + MAX_CART_MILLIS;
        return (profile.maxViewsPerSession() * longestView + MAX_CHECKOUT_MILLIS) / 1000 + 1;
    }

    /**
     * The events of the {@code arrival}-th session starting in this second, in the order they
     * happen; none if an incident kept the shopper away.
     */
    List<PlannedEvent> play(long epochSecond, int arrival) {
        SplittableRandom random = Seeds.random("session", seed, epochSecond, arrival);
        // Drawn whatever the incidents, so that they change nothing outside their windows.
        if (random.nextDouble() >= incidents.trafficFactor(epochSecond)) {
            return List.of();
        }
        User user = users.anyUser(random);
        Channel channel = CHANNELS.pick(random);
        Visit visit =
                new Visit(
                        Seeds.uuid("session-id", seed, epochSecond, arrival).toString(),
                        user,
                        channel);
        double intent = user.device().purchaseIntent() * channel.purchaseIntent();
        Recorder events = new Recorder(epochSecond, arrival, visit);

        long time = epochSecond * 1000 + random.nextInt(1000);
        int views =
                Math.min(
                        profile.maxViewsPerSession(),
                        1 + Draws.geometric(random, 1 / profile.meanViewsPerSession()));
        Map<Product, Integer> cart = new LinkedHashMap<>();
        Product product = catalog.anyProduct(random);
        for (int view = 0; view < views; view++) {
            if (view > 0) {
                time += random.nextLong(MIN_DWELL_MILLIS, MAX_DWELL_MILLIS);
                product =
                        random.nextDouble() < SAME_SHELF_CHANCE
                                ? catalog.similarTo(product, random)
                                : catalog.anyProduct(random);
            }
            events.view(time, product);
            if (random.nextDouble() < profile.cartRate() * intent * appeal(product)) {
                time += random.nextLong(MIN_CART_MILLIS, MAX_CART_MILLIS);
                int quantity = quantity(product, random);
                events.addToCart(time, product, quantity);
                cart.merge(product, quantity, Integer::sum);
            }
        }
        if (!cart.isEmpty()) {
            time += random.nextLong(MIN_CHECKOUT_MILLIS, MAX_CHECKOUT_MILLIS);
            long second = Math.floorDiv(time, 1000);
            boolean checksOut =
                    random.nextDouble()
                            < profile.checkoutRate() * intent * incidents.conversionFactor(second);
            if (checksOut && !incidents.checkoutDown(second, user.city())) {
                events.order(time, cart);
            }
        }
        return events.planned;
    }

    private static double appeal(Product product) {
        return Math.pow(USUAL_PRICE_KOPECKS / product.priceKopecks(), PRICE_ELASTICITY);
    }

    private static int quantity(Product product, SplittableRandom random) {
        int most = product.category().maxQuantity();
        return most > 1 && random.nextDouble() < SEVERAL_UNITS_CHANCE
                ? random.nextInt(2, most + 1)
                : 1;
    }

    /** Numbers a session's events and gives each its ids and fault seed. */
    private final class Recorder {
        private final long epochSecond;
        private final int arrival;
        private final Visit visit;
        private final List<PlannedEvent> planned = new ArrayList<>();

        Recorder(long epochSecond, int arrival, Visit visit) {
            this.epochSecond = epochSecond;
            this.arrival = arrival;
            this.visit = visit;
        }

        void view(long epochMilli, Product product) {
            add(epochMilli, EventJson.view(nextEventId(), epochMilli, visit, product));
        }

        void addToCart(long epochMilli, Product product, int quantity) {
            add(
                    epochMilli,
                    EventJson.addToCart(nextEventId(), epochMilli, visit, product, quantity));
        }

        void order(long epochMilli, Map<Product, Integer> cart) {
            String orderId =
                    String.format("ORD-%016X", Seeds.of("order-id", seed, epochSecond, arrival));
            List<OrderLine> lines =
                    cart.entrySet().stream()
                            .map(line -> new OrderLine(line.getKey(), line.getValue()))
                            .toList();
            add(epochMilli, EventJson.order(nextEventId(), epochMilli, visit, orderId, lines));
        }

        private String nextEventId() {
            return Seeds.uuid("event-id", seed, epochSecond, arrival, planned.size()).toString();
        }

        private void add(long epochMilli, ObjectNode body) {
            long faultSeed = Seeds.of("faults", seed, epochSecond, arrival, planned.size());
            planned.add(new PlannedEvent(epochMilli, visit.user().id(), body, faultSeed));
        }
    }
}
