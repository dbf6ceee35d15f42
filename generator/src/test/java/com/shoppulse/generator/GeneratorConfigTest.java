package com.shoppulse.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.shoppulse.generator.shop.ShopProfile;
import com.shoppulse.generator.simulation.Faults;
import com.shoppulse.generator.simulation.IncidentSchedule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class GeneratorConfigTest {

    private static final Clock TUESDAY_AFTERNOON =
            Clock.fixed(Instant.parse("2026-11-24T15:42:07.5Z"), ZoneOffset.ofHours(3));

    @Test
    void theReadmeListsTheOptionsAsDeclared() throws IOException {
        GeneratorConfig.OPTIONS.requireListedIn(Path.of("..", "README.md"));
    }

    @Test
    void defaultsToTheDemoShop() {
        GeneratorConfig config = parse();

        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.eventsTopic()).isEqualTo("shop-events");
        assertThat(config.seed()).isEqualTo(42);
        assertThat(config.speedUp()).isEqualTo(1440);
        assertThat(config.start()).isEqualTo(Instant.parse("2025-11-24T00:00:00Z"));
        assertThat(config.rate()).isCloseTo(125, within(5.0));
        assertThat(config.maxEvents()).isEmpty();
        assertThat(config.incidents()).isEqualTo(IncidentSchedule.parse(IncidentSchedule.DEFAULT));
        assertThat(config.faults()).isEqualTo(Faults.NONE);
        assertThat(config.simulation().profile()).isEqualTo(ShopProfile.DEFAULT);
    }

    @Test
    void readsEveryOption() {
        GeneratorConfig config =
                parse(
                        "--bootstrap-servers", "kafka-1:9092,kafka-2:9092",
                        "--events-topic", "demo.events",
                        "--seed", "-7",
                        "--speed-up", "60",
                        "--start", "2026-12-31T18:00:00Z",
                        "--rate", "10.5",
                        "--max-events", "2000",
                        "--incidents", "checkout_outage@10:00-12:00:Kazan",
                        "--duplicate-share", "0.01",
                        "--late-share", "0.02",
                        "--malformed-share", "1");

        assertThat(config)
                .isEqualTo(
                        new GeneratorConfig(
                                "kafka-1:9092,kafka-2:9092",
                                "demo.events",
                                -7,
                                60,
                                Instant.parse("2026-12-31T18:00:00Z"),
                                10.5,
                                OptionalLong.of(2000),
                                IncidentSchedule.parse("checkout_outage@10:00-12:00:Kazan"),
                                new Faults(0.01, 0.02, 1)));
        assertThat(config.simulation().seed()).isEqualTo(-7);
        assertThat(config.simulation().incidents()).isEqualTo(config.incidents());
    }

    @Test
    void theDefaultRateFollowsTheSpeedUp() {
        assertThat(parse("--speed-up", "2880").rate()).isCloseTo(2 * parse().rate(), within(1e-9));
        assertThat(parse("--speed-up", "2880").simulation().profile())
                .isEqualTo(ShopProfile.DEFAULT);
    }

    @Test
    void anExplicitRateScalesTheShop() {
        GeneratorConfig config = parse("--rate", String.valueOf(parse().rate() * 4));

        ShopProfile profile = config.simulation().profile();
        assertThat(profile.sessionsPerDay())
                .isCloseTo(4 * ShopProfile.DEFAULT.sessionsPerDay(), within(1e-6));
        assertThat(profile.users()).isEqualTo(4 * ShopProfile.DEFAULT.users());
        assertThat(profile.eventsPerSecond(config.speedUp()))
                .isCloseTo(config.rate(), within(1e-9));
    }

    @Test
    void namesTheOptionAndWhatItAllows() {
        assertRejected(
                "option --bootstrap-servers must be host:port[,host:port...], not 'kafka'",
                "--bootstrap-servers",
                "kafka");
        assertRejected(
                "option --events-topic must be a Kafka topic name: up to 249 letters, digits, '.', '_' and '-', not 'shop events'",
                "--events-topic",
                "shop events");
        assertRejected("option --seed must be a whole number, not '0.5'", "--seed", "0.5");
        assertRejected(
                "option --speed-up must be a positive number of simulated seconds per real second, not '0'",
                "--speed-up",
                "0");
        assertRejected(
                "option --speed-up must be a positive number of simulated seconds per real second, not 'fast'",
                "--speed-up",
                "fast");
        assertRejected(
                "option --speed-up must be a positive number of simulated seconds per real second, not 'Infinity'",
                "--speed-up",
                "Infinity");
        assertRejected(
                "option --start must be an ISO-8601 instant such as 2026-11-23T00:00:00Z, not '2026-11-23'",
                "--start",
                "2026-11-23");
        assertRejected(
                "option --rate must be a positive number of events per second, not '-1'",
                "--rate",
                "-1");
        assertRejected(
                "option --max-events must be a positive whole number, not '0'",
                "--max-events",
                "0");
        assertRejected(
                "option --duplicate-share must be a fraction from 0 to 1, not '1.5'",
                "--duplicate-share",
                "1.5");
        assertRejected(
                "option --late-share must be a fraction from 0 to 1, not 'NaN'",
                "--late-share",
                "NaN");
        assertRejected(
                "option --malformed-share must be a fraction from 0 to 1, not '-0.1'",
                "--malformed-share",
                "-0.1");
        assertRejected(
                "unknown option --speedup; the options of the generator are --bootstrap-servers,"
                        + " --events-topic",
                "--speedup",
                "2");
    }

    @Test
    void stillReadsTheOldNameOfTheEventsTopic() {
        assertThat(parse("--topic", "old.events").eventsTopic()).isEqualTo("old.events");
        assertRejected(
                "option --events-topic is given more than once",
                "--topic",
                "old.events",
                "--events-topic",
                "new.events");
    }

    @Test
    void explainsABadIncidentSchedule() {
        assertThatThrownBy(() -> parse("--incidents", "traffic_drop@02:00-04:00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("option --incidents must be " + IncidentSchedule.SYNTAX)
                .hasMessageContaining(
                        "not 'traffic_drop@02:00-04:00': incident \"traffic_drop@02:00-04:00\": a"
                                + " drop needs a factor");
    }

    private static void assertRejected(String message, String... args) {
        assertThatThrownBy(() -> parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    private static GeneratorConfig parse(String... args) {
        return GeneratorConfig.parse(args, TUESDAY_AFTERNOON);
    }
}
