package com.shoppulse.generator.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UserPopulationTest {

    private final UserPopulation users = new UserPopulation(20_000, 42);

    @Test
    void aUserIsTheSameEveryTime() {
        assertThat(users.user(123)).isEqualTo(new UserPopulation(20_000, 42).user(123));
        assertThat(users.user(123).id()).isEqualTo("u000123");
    }

    @Test
    void theSeedShufflesWhereUsersLive() {
        UserPopulation other = new UserPopulation(20_000, 43);

        long moved =
                IntStream.range(0, 1_000).filter(n -> !users.user(n).equals(other.user(n))).count();

        assertThat(moved).isGreaterThan(500);
    }

    @Test
    void spreadsOverRussianCitiesAndDevices() {
        List<User> all = IntStream.range(0, users.size()).mapToObj(users::user).toList();

        assertThat(all).extracting(User::city).containsOnlyElementsOf(UserPopulation.cityNames());
        assertThat(all).extracting(User::city).contains("Moscow", "Saint Petersburg", "Kazan");
        assertThat(share(all, u -> u.city().equals("Moscow"))).isCloseTo(0.28, within(0.02));
        assertThat(share(all, u -> u.device() == Device.MOBILE)).isCloseTo(0.62, within(0.02));
    }

    @Test
    void needsUsers() {
        assertThatThrownBy(() -> new UserPopulation(0, 42))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double share(List<User> users, Predicate<User> which) {
        return users.stream().filter(which).count() / (double) users.size();
    }
}
