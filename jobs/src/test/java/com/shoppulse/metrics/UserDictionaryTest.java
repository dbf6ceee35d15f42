package com.shoppulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.events.EventType;
import com.shoppulse.events.ShopEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class UserDictionaryTest {
    private static final int MAX_PARALLELISM = 128;

    @Test
    void aUserKeepsOneIndexAndUsersNeverShareOne() throws Exception {
        var harness = harness(1, 0);
        harness.open();

        Map<String, Integer> indexes = feed(harness, List.of("ann", "bob", "ann", "cat", "bob"));

        assertThat(indexes).containsOnlyKeys("ann", "bob", "cat");
        assertThat(indexes.values()).doesNotHaveDuplicates();
    }

    @Test
    void indexesStayUniqueAfterScalingFromTwoSubtasksToOne() throws Exception {
        var first = harness(2, 0);
        var second = harness(2, 1);
        first.open();
        second.open();
        List<String> users = List.of("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8");
        Map<String, Integer> before = new HashMap<>();
        for (String user : users) {
            int subtask =
                    org.apache.flink.runtime.state.KeyGroupRangeAssignment
                            .assignKeyToParallelOperator(user, MAX_PARALLELISM, 2);
            before.putAll(feed(subtask == 0 ? first : second, List.of(user)));
        }
        assertThat(before.values()).doesNotHaveDuplicates();
        OperatorSubtaskState merged =
                AbstractStreamOperatorTestHarness.repackageState(
                        first.snapshot(1, 0), second.snapshot(1, 0));

        var rescaled = harness(1, 0);
        rescaled.initializeState(
                AbstractStreamOperatorTestHarness.repartitionOperatorState(
                        merged, MAX_PARALLELISM, 2, 1, 0));
        rescaled.open();
        Map<String, Integer> after = feed(rescaled, List.of("u1", "u5", "newcomer", "another"));

        assertThat(after.get("u1")).isEqualTo(before.get("u1"));
        assertThat(after.get("u5")).isEqualTo(before.get("u5"));
        assertThat(before.values()).doesNotContain(after.get("newcomer"), after.get("another"));
        assertThat(after.get("newcomer")).isNotEqualTo(after.get("another"));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ShopEvent, IndexedEvent> harness(
            int parallelism, int subtask) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new UserDictionary()),
                e -> e.userId,
                Types.STRING,
                MAX_PARALLELISM,
                parallelism,
                subtask);
    }

    private static Map<String, Integer> feed(
            KeyedOneInputStreamOperatorTestHarness<String, ShopEvent, IndexedEvent> harness,
            List<String> users)
            throws Exception {
        harness.getOutput().clear();
        for (String user : users) {
            ShopEvent e = new ShopEvent();
            e.type = EventType.VIEW;
            e.userId = user;
            harness.processElement(e, 0);
        }
        Map<String, Integer> indexes = new HashMap<>();
        for (IndexedEvent out : harness.extractOutputValues()) {
            Integer previous = indexes.put(out.event.userId, out.userIndex);
            assertThat(previous == null || previous == out.userIndex).isTrue();
        }
        return indexes;
    }
}
