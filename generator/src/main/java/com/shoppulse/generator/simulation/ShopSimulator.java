package com.shoppulse.generator.simulation;

import com.shoppulse.generator.shop.Seasonality;
import com.shoppulse.generator.shop.Seeds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated shop's traffic, second by simulated second: {@link #recordsAt(long)} gives the
 * records whose events happen in that second, in the order they happen.
 *
 * <p>The records of a second are a function of the settings and the second alone, so a run can
 * resume at any second (as after a restore) and still send exactly what an uninterrupted run would.
 * Sessions span many seconds, so the simulator keeps the events that sessions already started have
 * planned for later seconds; asked for seconds in order it plays each session once, asked out of
 * order it replays the sessions that could still be running. One instance serves one caller at a
 * time.
 */
public final class ShopSimulator {

    private static final double SECONDS_PER_DAY = 86_400;

    private final SimulationSettings settings;
    private final SessionSimulator sessions;
    private final FaultInjector faults;
    private final long openingSecond;
    private final Map<Long, List<PlannedEvent>> plannedBySecond = new HashMap<>();
    private long nextSecond = -1;

    public ShopSimulator(SimulationSettings settings) {
        this.settings = settings;
        this.sessions =
                new SessionSimulator(settings.seed(), settings.profile(), settings.incidents());
        this.faults = new FaultInjector(settings.faults());
        this.openingSecond = settings.start().getEpochSecond();
    }

    /**
     * The records whose events happen in the given second.
     *
     * @param second seconds of simulated time since the start
     */
    public List<ShopRecord> recordsAt(long second) {
        if (second < 0) {
            throw new IllegalArgumentException("the shop opens at second 0, not " + second);
        }
        if (second == nextSecond) {
            plan(second, second);
        } else {
            plannedBySecond.clear();
            plan(Math.max(0, second - sessions.longestSessionSeconds()), second);
        }
        nextSecond = second + 1;

        List<PlannedEvent> due = plannedBySecond.remove(second);
        if (due == null) {
            return List.of();
        }
        due.sort(Comparator.comparingLong(PlannedEvent::epochMilli));
        List<ShopRecord> records = new ArrayList<>(due.size());
        for (PlannedEvent event : due) {
            faults.send(event, records);
        }
        return records;
    }

    /**
     * Plays the sessions starting in seconds {@code from..to}, keeping events from {@code to} on.
     */
    private void plan(long from, long to) {
        for (long second = from; second <= to; second++) {
            long epochSecond = openingSecond + second;
            int arrivals = arrivals(epochSecond);
            for (int arrival = 0; arrival < arrivals; arrival++) {
                for (PlannedEvent event : sessions.play(epochSecond, arrival)) {
                    long due = Math.floorDiv(event.epochMilli(), 1000) - openingSecond;
                    if (due >= to) {
                        plannedBySecond.computeIfAbsent(due, s -> new ArrayList<>()).add(event);
                    }
                }
            }
        }
    }

    // Sessions arrive independently of each other, so their count in a second is Poisson
    // around the day's rate shaped by the hour and the weekday.
    private int arrivals(long epochSecond) {
        double mean =
                settings.profile().sessionsPerDay() * Seasonality.at(epochSecond) / SECONDS_PER_DAY;
        return Draws.poisson(Seeds.random("arrivals", settings.seed(), epochSecond), mean);
    }
}
