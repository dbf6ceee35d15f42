package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shoppulse.alerts.AlertRule;
import com.shoppulse.alerts.AlertRules;
import com.shoppulse.alerts.EvaluateRule;
import com.shoppulse.alerts.Evaluation;
import com.shoppulse.generator.GeneratorConfig;
import com.shoppulse.generator.simulation.ShopRecord;
import com.shoppulse.generator.simulation.ShopSimulator;
import com.shoppulse.kpi.Dimension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped hourly rules and the city rule over generated weeks of the demo shop (the generator's
 * defaults: its night-time dip and its daily incident, traffic down 80 % from 14:00 to 16:00 UTC).
 * The demo starts the shop a year before the day it runs, so each day's newcomer sees another
 * history: the weeks here are several seeds (42 is the demo's), each from eight consecutive start
 * days. The KPIs are counted here from the generated events; the rules are judged by the alerting
 * job's own {@link EvaluateRule}, and a rule fires at the {@code for}-th breach in a row, as its
 * CEP pattern does.
 */
class AlertRulesOverAWeekTest {
    private static final Instant FIRST_START = Instant.parse("2025-11-30T00:00:00Z");
    private static final int START_DAYS = 8;
    private static final int DAYS = 7;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, AlertRule> shippedRules;

    private final Map<Long, Set<String>> usersByHour = new TreeMap<>();
    private final Map<Long, Long> ordersByHour = new TreeMap<>();
    private final Map<String, Map<Long, Long>> ordersByCityAndDay = new TreeMap<>();

    @BeforeAll
    static void readTheShippedRules() throws Exception {
        try (InputStream in =
                AlertRules.class.getClassLoader().getResourceAsStream("alert-rules.yaml")) {
            shippedRules = new TreeMap<>();
            for (AlertRule rule :
                    AlertRules.parse(
                            new String(in.readAllBytes(), StandardCharsets.UTF_8),
                            "alert-rules.yaml")) {
                shippedRules.put(rule.id, rule);
            }
        }
    }

    static List<Arguments> weeks() {
        List<Arguments> weeks = new ArrayList<>();
        for (long seed : new long[] {42, 7, 1, 2}) {
            for (int day = 0; day < START_DAYS; day++) {
                weeks.add(Arguments.of(seed, FIRST_START.plus(Duration.ofDays(day))));
            }
        }
        return weeks;
    }

    @ParameterizedTest(name = "seed {0}, from {1}")
    @MethodSource("weeks")
    void theRulesStayQuietAtNightAndInCitiesWhereNothingHappensAndCatchIncidents(
            long seed, Instant start) throws Exception {
        generateTheWeek(seed, start);

        List<Evaluation> traffic =
                judge(shippedRules.get("traffic-drop-hourly"), h -> usersByHour.get(h).size());
        assertThat(firing(traffic)).noneMatch(e -> hourOfDay(e) < 8);
        for (int day = 1; day < DAYS; day++) {
            assertThat(breachAt(traffic, day, 14)).as("day %d, 14:00", day).isTrue();
            assertThat(breachAt(traffic, day, 16)).as("day %d, 16:00", day).isFalse();
        }
        assertThat(traffic.subList(0, 24)).as("the first day only learns").noneMatch(e -> e.breach);

        List<Evaluation> orders =
                judge(shippedRules.get("orders-anomaly-hourly"), ordersByHour::get);
        assertThat(firing(orders)).noneMatch(e -> hourOfDay(e) < 8);

        AlertRule cityOrders = shippedRules.get("city-orders-collapse");
        for (var city : ordersByCityAndDay.entrySet()) {
            assertThat(firing(judge(cityOrders, city.getKey(), city.getValue())))
                    .as("%s, where nothing happened", city.getKey())
                    .isEmpty();
        }
        for (String city : List.of("Moscow", "Saint Petersburg")) {
            Map<Long, Long> withoutOrders = new TreeMap<>(ordersByCityAndDay.get(city));
            List<Long> days = List.copyOf(withoutOrders.keySet());
            withoutOrders.put(days.get(4), 0L);
            withoutOrders.put(days.get(5), 0L);
            assertThat(firing(judge(cityOrders, city, withoutOrders)))
                    .as("%s without an order on days 4 and 5", city)
                    .extracting(e -> e.windowStartMillis)
                    .containsExactly(days.get(5) * 86_400_000);
        }
    }

    @Test
    void theOrdersAnomalyFiresByChanceAtMostOnceAMonthAndCatchesMostEveningOutages()
            throws Exception {
        AlertRule rule = shippedRules.get("orders-anomaly-hourly");
        int byChance = 0;
        int outages = 0;
        int caught = 0;
        for (Arguments week : weeks()) {
            generateTheWeek((Long) week.get()[0], (Instant) week.get()[1]);
            byChance += firing(judge(rule, ordersByHour::get)).size();
            List<Long> hours = List.copyOf(ordersByHour.keySet());
            for (int hourOfDay : new int[] {19, 20}) {
                long first = hours.get(5 * 24 + hourOfDay);
                Map<Long, Long> withoutOrders = new TreeMap<>(ordersByHour);
                withoutOrders.put(first, 0L);
                withoutOrders.put(first + 1, 0L);
                outages++;
                if (firing(judge(rule, Dimension.OVERALL_VALUE, withoutOrders)).stream()
                        .anyMatch(e -> e.windowStartMillis == (first + 1) * 3_600_000)) {
                    caught++;
                }
            }
        }
        assertThat(byChance)
                .as("firings where nothing happened, in 32 weeks")
                .isLessThanOrEqualTo(8);
        assertThat(caught)
                .as("two-hour outages of orders caught, of %d", outages)
                .isGreaterThanOrEqualTo(outages / 2);
    }

    private void generateTheWeek(long seed, Instant start) throws Exception {
        usersByHour.clear();
        ordersByHour.clear();
        ordersByCityAndDay.clear();
        ShopSimulator shop =
                new ShopSimulator(
                        GeneratorConfig.parse(
                                        new String[] {
                                            "--seed",
                                            Long.toString(seed),
                                            "--start",
                                            start.toString()
                                        },
                                        Clock.systemUTC())
                                .simulation());
        for (long second = 0; second < DAYS * 86_400L; second++) {
            for (ShopRecord record : shop.recordsAt(second)) {
                JsonNode event = JSON.readTree(record.json());
                long hour =
                        OffsetDateTime.parse(event.get("event_time").asText()).toEpochSecond()
                                / 3600;
                usersByHour.computeIfAbsent(hour, h -> new HashSet<>()).add(record.userId());
                boolean order = event.get("event_type").asText().equals("order");
                ordersByHour.merge(hour, order ? 1L : 0L, Long::sum);
                ordersByCityAndDay
                        .computeIfAbsent(event.get("city").asText(), c -> new TreeMap<>())
                        .merge(hour / 24, order ? 1L : 0L, Long::sum);
            }
        }
        assertThat(usersByHour).hasSize(DAYS * 24);
    }

    private List<Evaluation> judge(AlertRule rule, Function<Long, Number> kpi) throws Exception {
        assertThat(rule.windowSeconds).isEqualTo(3600);
        Map<Long, Number> byHour = new TreeMap<>();
        usersByHour.keySet().forEach(hour -> byHour.put(hour, kpi.apply(hour)));
        List<Evaluation> judged = judge(rule, Dimension.OVERALL_VALUE, byHour);
        assertThat(judged).hasSize(DAYS * 24);
        return judged;
    }

    /** Judges {@code rule} over the values of one scope, by window in order of its windows. */
    private static List<Evaluation> judge(
            AlertRule rule, String scopeValue, Map<Long, ? extends Number> byWindow)
            throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new EvaluateRule(Map.of(rule.id, rule))),
                        Evaluation::key,
                        Types.STRING);
        harness.open();
        long windowMillis = rule.windowSeconds * 1000L;
        for (var window : byWindow.entrySet()) {
            Evaluation e = new Evaluation();
            e.ruleId = rule.id;
            e.scopeValue = scopeValue;
            e.forWindows = rule.forWindows;
            e.windowSeconds = rule.windowSeconds;
            e.windowStartMillis = window.getKey() * windowMillis;
            e.windowEndMillis = e.windowStartMillis + windowMillis;
            e.value = window.getValue().doubleValue();
            harness.processElement(e, e.windowEndMillis);
        }
        List<Evaluation> judged = new ArrayList<>(harness.extractOutputValues());
        harness.close();
        return judged;
    }

    /** The windows at which the rule fires: the {@code for}-th breach in a row. */
    private static List<Evaluation> firing(List<Evaluation> judged) {
        List<Evaluation> fired = new ArrayList<>();
        int run = 0;
        for (Evaluation e : judged) {
            run = e.breach ? run + 1 : 0;
            if (run == e.forWindows) {
                fired.add(e);
            }
        }
        return fired;
    }

    private static boolean breachAt(List<Evaluation> judged, int day, int hourOfDay) {
        return judged.get(day * 24 + hourOfDay).breach;
    }

    private static long hourOfDay(Evaluation e) {
        return e.windowStartMillis / 3_600_000 % 24;
    }
}
