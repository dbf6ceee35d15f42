package com.shoppulse.generator;

import com.shoppulse.generator.shop.ShopProfile;
import com.shoppulse.generator.simulation.Faults;
import com.shoppulse.generator.simulation.IncidentSchedule;
import com.shoppulse.generator.simulation.SimulationSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How to run the generator, read from its command line as {@code --name value} pairs. Every option
 * may be left out:
 *
 * <dl>
 *   <dt>{@code --bootstrap-servers} (default {@code localhost:9092})
 *   <dd>The Kafka brokers, {@code host:port[,host:port...]}.
 *   <dt>{@code --events-topic} (default {@code shop-events})
 *   <dd>The topic the events go to, keyed by user id: the metrics job's {@code --events-topic}.
 *       {@code --topic}, its name before, is still read, with a warning.
 *   <dt>{@code --seed} (default {@code 42})
 *   <dd>Picks one of the shop's possible histories: the same seed and options give the same records
 *       in the same order, whatever the job's parallelism.
 *   <dt>{@code --speed-up} (default {@code 1440})
 *   <dd>Simulated seconds per real second, a positive number; 1440 plays a simulated day in a real
 *       minute, 1 plays in real time.
 *   <dt>{@code --start} (default: midnight UTC a year before the day the job starts)
 *   <dd>The simulated instant the shop opens, in ISO-8601 such as {@code 2026-11-23T00:00:00Z}. The
 *       default moves with the calendar: give a fixed {@code --start} together with {@code --seed}
 *       for output that is the same on every run. Sped-up time must start in the past: the metrics
 *       job rejects events more than its {@code --max-time-ahead} (1 h) after they were written to
 *       Kafka as {@code future_time}, so a broken clock cannot make other events late. At the
 *       default speed-up a year back lasts about six hours of real time.
 *   <dt>{@code --rate} (default: the default shop's average, about 125 events/s at 1440x)
 *   <dd>Average events per real second over a simulated day. The shop grows or shrinks (users and
 *       sessions) to send that many, so simulated time still runs at the speed-up; the actual rate
 *       follows the hour of day, from a seventh of the average in the small hours to almost twice
 *       it in the evening.
 *   <dt>{@code --max-events} (default: no limit)
 *   <dd>Stop after sending this many records (duplicates and malformed ones included). The job
 *       finds where that is by playing the simulation once before it starts, about a second per
 *       quarter million records.
 *   <dt>{@code --incidents} (default {@value IncidentSchedule#DEFAULT})
 *   <dd>What goes wrong every simulated day, as {@code KIND@HH:MM-HH:MM[:ARGUMENT],...} in UTC, for
 *       example {@code
 *       traffic_drop@02:00-04:00:0.3,conversion_drop@06:00-08:00:0.2,checkout_outage@10:00-12:00:Moscow};
 *       {@code none} for a calm shop. The default gives the demo's alerts one incident a day; see
 *       {@link IncidentSchedule} for the kinds.
 *   <dt>{@code --duplicate-share}, {@code --late-share}, {@code --malformed-share} (default 0)
 *   <dd>Fractions from 0 to 1 of the events to send twice, with an event time hours in the past, or
 *       broken; see {@link Faults}.
 * </dl>
 *
 * <p>An invalid option fails the job at once with a message naming the option and what it allows.
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

    private static final String BOOTSTRAP_SERVERS = "bootstrap-servers";
    private static final String EVENTS_TOPIC = "events-topic";
    private static final Map<String, String> RENAMED = Map.of("topic", EVENTS_TOPIC);
    private static final String SEED = "seed";
    private static final String SPEED_UP = "speed-up";
    private static final String START = "start";

    /** How far back the default {@code --start} lies, so that sped-up time stays in the past. */
    static final Duration DEFAULT_HISTORY = Duration.ofDays(365);

    private static final String RATE = "rate";
    private static final String MAX_EVENTS = "max-events";
    private static final String INCIDENTS = "incidents";
    private static final String DUPLICATE_SHARE = "duplicate-share";
    private static final String LATE_SHARE = "late-share";
    private static final String MALFORMED_SHARE = "malformed-share";

    private static final List<String> OPTIONS =
            List.of(
                    BOOTSTRAP_SERVERS,
                    EVENTS_TOPIC,
                    SEED,
                    SPEED_UP,
                    START,
                    RATE,
                    MAX_EVENTS,
                    INCIDENTS,
                    DUPLICATE_SHARE,
                    LATE_SHARE,
                    MALFORMED_SHARE);

    private static final Pattern BROKERS =
            Pattern.compile("[^,:\\s]+:\\d{1,5}(,[^,:\\s]+:\\d{1,5})*");
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /**
     * Reads the options described above.
     *
     * @param clock tells the day the job starts, the default {@code --start}
     * @throws IllegalArgumentException naming the first invalid option and what it allows
     */
    public static GeneratorConfig parse(String[] args, Clock clock) {
        Options options = Options.parse(args, OPTIONS, RENAMED);
        double speedUp =
                read(
                        options,
                        SPEED_UP,
                        1440.0,
                        positive(Double::parseDouble),
                        "a positive number of simulated seconds per real second");
        double defaultRate = ShopProfile.DEFAULT.eventsPerSecond(speedUp);
        return new GeneratorConfig(
                read(
                        options,
                        BOOTSTRAP_SERVERS,
                        "localhost:9092",
                        matching(BROKERS),
                        "host:port[,host:port...]"),
                read(
                        options,
                        EVENTS_TOPIC,
                        "shop-events",
                        matching(TOPIC_NAME),
                        "a Kafka topic name: up to 249 letters, digits, '.', '_' and '-'"),
                read(options, SEED, 42L, Long::parseLong, "a whole number"),
                speedUp,
                read(
                        options,
                        START,
                        clock.instant().truncatedTo(ChronoUnit.DAYS).minus(DEFAULT_HISTORY),
                        Instant::parse,
                        "an ISO-8601 instant such as 2026-11-23T00:00:00Z"),
                read(
                        options,
                        RATE,
                        defaultRate,
                        positive(Double::parseDouble),
                        "a positive number of events per second"),
                readIfGiven(
                                options,
                                MAX_EVENTS,
                                positive(Long::parseLong),
                                "a positive whole number")
                        .map(OptionalLong::of)
                        .orElse(OptionalLong.empty()),
                incidents(options),
                new Faults(
                        share(options, DUPLICATE_SHARE),
                        share(options, LATE_SHARE),
                        share(options, MALFORMED_SHARE)));
    }

    /** What the simulated shop does with these options. */
    public SimulationSettings simulation() {
        double scale = rate / ShopProfile.DEFAULT.eventsPerSecond(speedUp);
        return new SimulationSettings(
                seed, start, ShopProfile.DEFAULT.scaledBy(scale), incidents, faults);
    }

    private static IncidentSchedule incidents(Options options) {
        try {
            return IncidentSchedule.parse(options.get(INCIDENTS).orElse(IncidentSchedule.DEFAULT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--" + INCIDENTS + ": " + e.getMessage() + "; write " + IncidentSchedule.SYNTAX,
                    e);
        }
    }

    private static double share(Options options, String name) {
        return read(
                options,
                name,
                0.0,
                value -> {
                    double share = Double.parseDouble(value);
                    if (!(share >= 0 && share <= 1)) {
                        throw new IllegalArgumentException();
                    }
                    return share;
                },
                "a fraction from 0 to 1");
    }

    private static <T> T read(
            Options options, String name, T fallback, Function<String, T> reader, String allowed) {
        return readIfGiven(options, name, reader, allowed).orElse(fallback);
    }

    private static <T> Optional<T> readIfGiven(
            Options options, String name, Function<String, T> reader, String allowed) {
        return options.get(name)
                .map(
                        value -> {
                            try {
                                return reader.apply(value);
                            } catch (RuntimeException e) {
                                throw new IllegalArgumentException(
                                        String.format(
                                                "--%s must be %s, got \"%s\"",
                                                name, allowed, value),
                                        e);
                            }
                        });
    }

    private static <T extends Number> Function<String, T> positive(Function<String, T> reader) {
        return value -> {
            T number = reader.apply(value);
            if (!(number.doubleValue() > 0) || Double.isInfinite(number.doubleValue())) {
                throw new IllegalArgumentException();
            }
            return number;
        };
    }

    private static Function<String, String> matching(Pattern pattern) {
        return value -> {
            if (!pattern.matcher(value).matches()) {
                throw new IllegalArgumentException();
            }
            return value;
        };
    }
}
