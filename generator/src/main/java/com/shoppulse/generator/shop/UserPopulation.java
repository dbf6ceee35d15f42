package com.shoppulse.generator.shop;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The shop's customers: a fixed number of users spread over Russian cities roughly as the online
 * audience is. A user is a function of the seed and their number, so the population needs no memory
 * however large it is.
 */
public final class UserPopulation {

    /** A city and the share of the shop's users who live there. */
    public record City(String name, double share) {}

    static final List<City> CITIES =
            List.of(
                    new City("Moscow", 0.28),
                    new City("Saint Petersburg", 0.13),
                    new City("Novosibirsk", 0.05),
                    new City("Yekaterinburg", 0.05),
                    new City("Kazan", 0.045),
                    new City("Krasnodar", 0.045),
                    new City("Nizhny Novgorod", 0.04),
                    new City("Rostov-on-Don", 0.04),
                    new City("Chelyabinsk", 0.035),
                    new City("Samara", 0.035),
                    new City("Ufa", 0.035),
                    new City("Krasnoyarsk", 0.035),
                    new City("Omsk", 0.03),
                    new City("Voronezh", 0.03),
                    new City("Perm", 0.03),
                    new City("Volgograd", 0.03),
                    new City("Tyumen", 0.025),
                    new City("Kaliningrad", 0.02));

    private static final WeightedChoice<City> CITY_CHOICE =
            new WeightedChoice<>(CITIES, City::share);
    private static final WeightedChoice<Device> DEVICE_CHOICE =
            new WeightedChoice<>(Arrays.asList(Device.values()), Device::share);

    private final int size;
    private final long seed;

    public UserPopulation(int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("a shop needs at least one user, got " + size);
        }
        this.size = size;
        this.seed = seed;
    }

    public static List<String> cityNames() {
        return CITIES.stream().map(City::name).toList();
    }

    public int size() {
        return size;
    }

    public User user(int number) {
        SplittableRandom random = Seeds.random("user", seed, number);
        City city = CITY_CHOICE.pick(random);
        return new User(String.format("u%06d", number), city.name(), DEVICE_CHOICE.pick(random));
    }

    /** Any user, each as likely as the others. */
    public User anyUser(SplittableRandom random) {
        return user(random.nextInt(size));
    }
}
