package com.shoppulse.generator.simulation;

import com.shoppulse.generator.shop.UserPopulation;
import com.shoppulse.generator.simulation.Incident.CheckoutOutage;
import com.shoppulse.generator.simulation.Incident.ConversionDrop;
import com.shoppulse.generator.simulation.Incident.TrafficDrop;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The incidents that repeat every simulated day.
 *
 * <p>Written as a comma-separated list of {@code KIND@HH:MM-HH:MM[:ARGUMENT]}, with UTC times of
 * the simulated clock, the window running from the first time up to the second (at most {@code
 * 24:00}, so a window across midnight is written as two entries):
 *
 * <ul>
 *   <li>{@code traffic_drop@02:00-04:00:0.3}: only 30% of the usual sessions start;
 *   <li>{@code conversion_drop@06:00-08:00:0.2}: shoppers check out 20% as often as usual;
 *   <li>{@code checkout_outage@10:00-12:00:Moscow}: no order goes through from Moscow; without a
 *       city, from nowhere.
 * </ul>
 *
 * <p>The factor of a drop lies strictly between 0 and 1. {@code none} is the empty schedule.
 */
public record IncidentSchedule(List<Incident> incidents) implements Serializable {

    /**
     * One incident a simulated day, so that the demo's alerts have something to find: traffic falls
     * to 30% for two afternoon hours, a drop no real fluctuation comes close to.
     */
    public static final String DEFAULT = "traffic_drop@14:00-16:00:0.2";

    public static final IncidentSchedule NONE = new IncidentSchedule(List.of());

    public static final String SYNTAX =
            "KIND@HH:MM-HH:MM[:ARGUMENT],... with KIND traffic_drop or conversion_drop and a"
                    + " factor between 0 and 1 as ARGUMENT, or checkout_outage and an optional"
                    + " city; or none";

    private static final Pattern ENTRY =
            Pattern.compile("([a-z_]+)@(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})(?::(.+))?");

    public IncidentSchedule {
        incidents = List.copyOf(incidents);
    }

    /**
     * Reads a schedule written as described above.
     *
     * @throws IllegalArgumentException naming the faulty entry and what is wrong with it
     */
    public static IncidentSchedule parse(String spec) {
        if (spec.isBlank() || spec.trim().equals("none")) {
            return NONE;
        }
        List<Incident> incidents = new ArrayList<>();
        for (String entry : spec.split(",")) {
            incidents.add(parseEntry(entry.trim()));
        }
        return new IncidentSchedule(incidents);
    }

    /** The share of the usual sessions that start in this second. */
    public double trafficFactor(long epochSecond) {
        double factor = 1;
        for (Incident incident : incidents) {
            if (incident instanceof TrafficDrop drop && drop.window().contains(epochSecond)) {
                factor *= drop.factor();
            }
        }
        return factor;
    }

    /** How often, relative to usual, a shopper with a full cart checks out in this second. */
    public double conversionFactor(long epochSecond) {
        double factor = 1;
        for (Incident incident : incidents) {
            if (incident instanceof ConversionDrop drop && drop.window().contains(epochSecond)) {
                factor *= drop.factor();
            }
        }
        return factor;
    }

    /** Whether an order from this city fails in this second. */
    public boolean checkoutDown(long epochSecond, String city) {
        for (Incident incident : incidents) {
            if (incident instanceof CheckoutOutage outage
                    && outage.window().contains(epochSecond)
                    && outage.hits(city)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return incidents.isEmpty()
                ? "none"
                : incidents.stream().map(Incident::toString).collect(Collectors.joining(","));
    }

    private static Incident parseEntry(String entry) {
        Matcher m = ENTRY.matcher(entry);
        if (!m.matches()) {
            throw invalid(entry, "it does not read as KIND@HH:MM-HH:MM[:ARGUMENT]");
        }
        DailyWindow window = window(entry, m);
        String kind = m.group(1);
        String argument = m.group(6);
        return switch (kind) {
            case "traffic_drop" -> new TrafficDrop(window, factor(entry, argument));
            case "conversion_drop" -> new ConversionDrop(window, factor(entry, argument));
            case "checkout_outage" -> new CheckoutOutage(window, city(entry, argument));
            default ->
                    throw invalid(
                            entry,
                            "unknown kind "
                                    + kind
                                    + "; kinds are traffic_drop, conversion_drop and"
                                    + " checkout_outage");
        };
    }

    private static DailyWindow window(String entry, Matcher m) {
        int fromMinute = Integer.parseInt(m.group(3));
        int toMinute = Integer.parseInt(m.group(5));
        if (fromMinute > 59 || toMinute > 59) {
            throw invalid(entry, "minutes run from 00 to 59");
        }
        try {
            return new DailyWindow(
                    Integer.parseInt(m.group(2)) * 60 + fromMinute,
                    Integer.parseInt(m.group(4)) * 60 + toMinute);
        } catch (IllegalArgumentException e) {
            throw invalid(entry, e.getMessage());
        }
    }

    private static double factor(String entry, String argument) {
        if (argument != null) {
            try {
                double factor = Double.parseDouble(argument);
                if (factor > 0 && factor < 1) {
                    return factor;
                }
            } catch (NumberFormatException e) {
                // Not a number: the same advice as for a number out of range.
            }
        }
        throw invalid(
                entry,
                "a drop needs a factor between 0 and 1 (exclusive), the share of normal that"
                        + " remains, as in traffic_drop@02:00-04:00:0.3");
    }

    private static String city(String entry, String argument) {
        if (argument == null || UserPopulation.cityNames().contains(argument)) {
            return argument;
        }
        throw invalid(
                entry,
                "unknown city "
                        + argument
                        + "; cities are "
                        + String.join(", ", UserPopulation.cityNames()));
    }

    private static IllegalArgumentException invalid(String entry, String why) {
        return new IllegalArgumentException("incident \"" + entry + "\": " + why);
    }
}
