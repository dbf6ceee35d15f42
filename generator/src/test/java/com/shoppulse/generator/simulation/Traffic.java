package com.shoppulse.generator.simulation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shoppulse.generator.shop.ShopProfile;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Plays the simulated shop for tests and reads back the JSON it sends. */
public final class Traffic {

    /** A Monday, so that tests run on an ordinary weekday whatever day they run. */
    public static final Instant MONDAY = Instant.parse("2026-11-23T00:00:00Z");

    public static final int DAY = 86_400;

    // Prices and amounts read as written, with their kopecks, not as doubles.
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Traffic() {}

    /** The settings the generator runs with when given no options, from a fixed Monday. */
    public static SimulationSettings defaults() {
        return with(42, IncidentSchedule.parse(IncidentSchedule.DEFAULT), Faults.NONE);
    }

    /** The default shop from a fixed Monday, with this seed, incidents and faults. */
    public static SimulationSettings with(long seed, IncidentSchedule incidents, Faults faults) {
        return new SimulationSettings(seed, MONDAY, ShopProfile.DEFAULT, incidents, faults);
    }

    /** The records of the first simulated day. */
    public static List<ShopRecord> day(SimulationSettings settings) {
        return records(settings, 0, DAY);
    }

    /** The records of the simulated seconds {@code from} up to {@code to}, in order. */
    public static List<ShopRecord> records(SimulationSettings settings, long from, long to) {
        ShopSimulator simulator = new ShopSimulator(settings);
        List<ShopRecord> records = new ArrayList<>();
        for (long second = from; second < to; second++) {
            records.addAll(simulator.recordsAt(second));
        }
        return records;
    }

    public static JsonNode parse(ShopRecord record) {
        try {
            return JSON.readTree(record.json());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<JsonNode> events(List<ShopRecord> records) {
        return records.stream().map(Traffic::parse).toList();
    }
}
