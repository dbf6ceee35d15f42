package com.shoppulse.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptionTest {
    @Test
    void eachKindReadsItsValues() {
        assertThat(Option.bool("b").read("FALSE")).isFalse();
        assertThat(Option.durations("w").read("1d,5m,5m"))
                .containsExactly(Duration.ofMinutes(5), Duration.ofDays(1));
        assertThat(Option.zone("z").read("Europe/Moscow")).isEqualTo(ZoneId.of("Europe/Moscow"));
        assertThat(Option.oneOf("o", "earliest", "latest").read("latest")).isEqualTo("latest");
        assertThat(Option.duration("d").read("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Option.positiveDuration("p").read("1ms")).isEqualTo(Duration.ofMillis(1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bool|yes|option --b must be true or false, not 'yes'",
                "durations|1m,7x|'7x' is not a duration",
                "zone|Mars/Olympus|must be a time zone",
                "oneOf|beginning|must be earliest or latest, not 'beginning'",
                "positiveInt|2147483648|must be a whole number above 0",
                "positiveDuration|0s|option --p must be a duration above 0, e.g. 500ms, 1s, 5s",
                "positiveDuration|5|must be a duration above 0",
            })
    void eachKindNamesWhatItAccepts(String kind, String value, String message) {
        Option<?> option =
                switch (kind) {
                    case "bool" -> Option.bool("b");
                    case "durations" -> Option.durations("w");
                    case "zone" -> Option.zone("z");
                    case "oneOf" -> Option.oneOf("o", "earliest", "latest");
                    case "positiveDuration" -> Option.positiveDuration("p");
                    default -> Option.positiveInt("n");
                };
        assertThatThrownBy(() -> option.read(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aCheckSaysWhatItRequires() {
        Option<String> currency =
                Option.text("reporting-currency").check(c -> c.matches("[A-Z]{3}"), "an ISO code");

        assertThat(currency.read("RUB")).isEqualTo("RUB");
        assertThatThrownBy(() -> currency.read("rub"))
                .hasMessage("option --reporting-currency must be an ISO code, not 'rub'");
    }

    @Test
    void aReaderCanExplainItsRefusal() {
        Option<Integer> even =
                Option.of(
                        "even",
                        "an even number",
                        value -> {
                            int n = Integer.parseInt(value);
                            if (n % 2 != 0) {
                                throw new IllegalArgumentException(n + " is odd");
                            }
                            return n;
                        });

        assertThatThrownBy(() -> even.read("3"))
                .hasMessage("option --even must be an even number, not '3': 3 is odd");
        assertThatThrownBy(() -> even.read("x"))
                .hasMessage("option --even must be an even number, not 'x'");
    }

    @Test
    void durationsAreAWholeNumberAndAUnit() {
        assertThat(Durations.parse("2h")).contains(Duration.ofHours(2));
        assertThat(Durations.parse(" 1d ")).contains(Duration.ofDays(1));
        assertThat(Durations.parse("1.5h")).isEmpty();
        assertThat(Durations.parse(null)).isEmpty();
    }
}
