package com.shoppulse.generator;

import com.shoppulse.generator.shop.ShopProfile;
import com.shoppulse.generator.simulation.Faults;
import com.shoppulse.generator.simulation.IncidentSchedule;
import com.shoppulse.generator.simulation.SimulationSettings;
import com.shoppulse.options.CommonOptions;
import com.shoppulse.options.Option;
import com.shoppulse.options.OptionTable;
import com.shoppulse.options.OptionValues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How to run the generator, read from its command line as {@code --name value} pairs. {@link
 * #OPTIONS} declares each option with its default and purpose; {@code --help} prints them, and the
 * README's table of them is checked against them. Every option may be left out. An invalid option
 * fails the job at once with a message naming the option and what it allows.
 */
public record GeneratorConfig(
        String bootstrapServers,
        String eventsTopic,
        long seed,
        double speedUp,
        Instant start,
        double rate,
        OptionalLong maxEvents,
        IncidentSchedule incidents,
        Faults faults) {

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private static final Logger LOG = LoggerFactory.getLogger(GeneratorConfig.class);

    /** How far back the default {@code --start} lies, so that sped-up time stays in the past. */
    static final Duration DEFAULT_HISTORY = Duration.ofDays(365);

    private static final Option<String> EVENTS_TOPIC =
            Option.text("events-topic")
                    .check(
                            topic -> TOPIC_NAME.matcher(topic).matches(),
                            "a Kafka topic name: up to 249 letters, digits, '.', '_' and '-'")
                    .withDefault("shop-events")
                    .withOldName("topic")
                    .withDescription(
                            "the topic the events go to, keyed by user id: the metrics job's"
                                    + " `--events-topic` (`--topic`, its old name, still works,"
                                    + " with a warning)");
    private static final Option<Long> SEED =
            Option.of("seed", "a whole number", Long::parseLong)
                    .withDefault("42")
                    .withDescription(
                            "picks one of the shop's possible histories: the same seed and options"
                                    + " give the same records in the same order, whatever the"
                                    + " job's parallelism");
    private static final Option<Double> SPEED_UP =
            positive("speed-up", "simulated seconds per real second")
                    .withDefault("1440")
                    .withDescription(
                            "simulated seconds per real second: 1440 plays a simulated day in a"
                                    + " real minute, 1 plays in real time");
    private static final Option<Instant> START =
            Option.of("start", "an ISO-8601 instant such as 2026-11-23T00:00:00Z", Instant::parse)
                    .withShownDefault("midnight UTC a year before the job starts")
                    .withDescription(
                            "the simulated instant the shop opens. Give a fixed one with `--seed`"
                                    + " for the same records on every run. It must lie in the"
                                    + " past: the metrics job rejects events more than its"
                                    + " `--max-time-ahead` after they were written to Kafka as"
                                    + " `future_time`; at the default speed-up a year back lasts"
                                    + " about six hours. A job resumed from a savepoint or"
                                    + " checkpoint keeps the start it began with, whatever is"
                                    + " given then, so a restart on a later day does not skip the"
                                    + " days between");
    private static final Option<Double> RATE =
            positive("rate", "events per second")
                    .withShownDefault("the default shop's, about 125 at 1440x")
                    .withDescription(
                            "average events per real second over a simulated day: the shop grows"
                                    + " or shrinks to send that many, from a seventh of it in the"
                                    + " small hours to almost twice it in the evening");
    private static final Option<Long> MAX_EVENTS =
            Option.of("max-events", "a positive whole number", Long::parseLong)
                    .check(count -> count > 0, null)
                    .withShownDefault("no limit")
                    .withDescription(
                            "stop after sending this many records, duplicates and malformed ones"
                                    + " included (found by playing the simulation once before the"
                                    + " start, about a second per quarter million records)");
    private static final Option<IncidentSchedule> INCIDENTS =
            Option.of("incidents", IncidentSchedule.SYNTAX, IncidentSchedule::parse)
                    .withDefault(IncidentSchedule.DEFAULT)
                    .withDescription(
                            "what goes wrong every simulated day, in UTC, e.g."
                                    + " `conversion_drop@06:00-08:00:0.2,checkout_outage@10:00-12:00:Moscow`;"
                                    + " `none` for a calm shop");
    private static final Option<Double> DUPLICATE_SHARE =
            share("duplicate-share", "fraction of events sent twice");
    private static final Option<Double> LATE_SHARE =
            share("late-share", "fraction of events sent with an event time hours in the past");
    private static final Option<Double> MALFORMED_SHARE =
            share("malformed-share", "fraction of records sent broken");

    public static final OptionTable OPTIONS =
            OptionTable.of(
                    "the generator",
                    List.of(
                            CommonOptions.BOOTSTRAP_SERVERS,
                            EVENTS_TOPIC,
                            SEED,
                            SPEED_UP,
                            START,
                            RATE,
                            MAX_EVENTS,
                            INCIDENTS,
                            DUPLICATE_SHARE,
                            LATE_SHARE,
                            MALFORMED_SHARE));

    /**
     * Reads the options of {@link #OPTIONS}.
     *
     * @param clock tells the day the job starts, the default {@code --start}
     * @throws IllegalArgumentException naming the first invalid option and what it allows
     */
    public static GeneratorConfig parse(String[] args, Clock clock) {
        OptionValues options = OPTIONS.parse(args);
        options.warnings().forEach(LOG::warn);
        double speedUp = options.get(SPEED_UP);
        Instant start = options.get(START);
        Double rate = options.get(RATE);
        Long maxEvents = options.get(MAX_EVENTS);
        return new GeneratorConfig(
                options.get(CommonOptions.BOOTSTRAP_SERVERS),
                options.get(EVENTS_TOPIC),
                options.get(SEED),
                speedUp,
                start != null
                        ? start
                        : clock.instant().truncatedTo(ChronoUnit.DAYS).minus(DEFAULT_HISTORY),
                rate != null ? rate : ShopProfile.DEFAULT.eventsPerSecond(speedUp),
                maxEvents != null ? OptionalLong.of(maxEvents) : OptionalLong.empty(),
                options.get(INCIDENTS),
                new Faults(
                        options.get(DUPLICATE_SHARE),
                        options.get(LATE_SHARE),
                        options.get(MALFORMED_SHARE)));
    }

    /** What the simulated shop does with these options. */
    public SimulationSettings simulation() {
        double scale = rate / ShopProfile.DEFAULT.eventsPerSecond(speedUp);
        return new SimulationSettings(
                seed, start, ShopProfile.DEFAULT.scaledBy(scale), incidents, faults);
    }

    private static Option<Double> positive(String name, String unit) {
        return Option.of(name, "a positive number of " + unit, Double::parseDouble)
                .check(value -> value > 0 && !value.isInfinite(), null);
    }

    private static Option<Double> share(String name, String description) {
        return Option.of(name, "a fraction from 0 to 1", Double::parseDouble)
                .check(share -> share >= 0 && share <= 1, null)
                .withDefault("0")
                .withDescription(description);
    }
}
