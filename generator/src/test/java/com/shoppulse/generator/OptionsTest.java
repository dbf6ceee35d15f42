package com.shoppulse.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static final List<String> KNOWN = List.of("seed", "topic");

    @Test
    void readsNameValuePairs() {
        Options options =
                Options.parse(new String[] {"--seed", "-5", "--topic", "t"}, KNOWN, Map.of());

        assertThat(options.get("seed")).contains("-5");
        assertThat(options.get("topic")).contains("t");
    }

    @Test
    void leavesOutWhatIsNotGiven() {
        assertThat(Options.parse(new String[0], KNOWN, Map.of()).get("seed")).isEmpty();
    }

    @Test
    void rejectsWhatIsNotAKnownPair() {
        assertRejected("unknown option --sead; the options are --seed, --topic", "--sead", "1");
        assertRejected("--seed needs a value", "--seed");
        assertRejected("expected an option such as --seed, got \"seed\"", "seed", "1");
        assertRejected("--seed is given more than once", "--seed", "1", "--seed", "2");
    }

    @Test
    void readsARenamedOptionUnderItsNewName() {
        Options options =
                Options.parse(
                        new String[] {"--random-seed", "3"}, KNOWN, Map.of("random-seed", "seed"));

        assertThat(options.get("seed")).contains("3");
        assertThat(options.get("random-seed")).isEmpty();
    }

    private static void assertRejected(String message, String... args) {
        assertThatThrownBy(() -> Options.parse(args, KNOWN, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
