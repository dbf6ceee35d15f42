package com.shoppulse.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionTableTest {
    private static final Option<String> TOPIC =
            Option.text("events-topic")
                    .withDefault("shop-events")
                    .withOldName("topic")
                    .withDescription("where the events arrive");
    private static final Option<String> LINKED =
            Option.text("dashboard").withDescription("see [the docs](docs/a.md#b), `code`");
    private static final Option<Integer> BATCH =
            Option.positiveInt("batch-size")
                    .withDefault("500")
                    .withDescription("rows per insert | at most");
    private static final Option<Duration> IDLENESS =
            Option.duration("idleness").withShownDefault("never idle");
    private static final OptionTable TABLE =
            OptionTable.of("the test job", List.of(TOPIC, BATCH), List.of(IDLENESS));

    @Test
    void givenValuesAreReadAndOthersTakeTheirDefaults() {
        OptionValues values = TABLE.parse("--batch-size", " 20 ", "--idleness", "30s");

        assertThat(values.get(TOPIC)).isEqualTo("shop-events");
        assertThat(values.get(BATCH)).isEqualTo(20);
        assertThat(values.get(IDLENESS)).isEqualTo(Duration.ofSeconds(30));
        assertThat(TABLE.parse().get(IDLENESS)).isNull();
    }

    @Test
    void anOldNameStillWorks() {
        OptionValues values = TABLE.parse("--topic", "orders");

        assertThat(values.get(TOPIC)).isEqualTo("orders");
        assertThat(values.warnings())
                .containsExactly(
                        "--topic is an old name: use --events-topic; the old one will go away");
        assertThat(TABLE.parse("--events-topic", "orders").warnings()).isEmpty();
        assertThatThrownBy(() -> TABLE.parse("--topic", "a", "--events-topic", "b"))
                .hasMessage("option --events-topic is given more than once");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> TABLE.parse("--batch", "1"))
                .hasMessageStartingWith(
                        "unknown option --batch; the options of the test job are --events-topic,"
                                + " --batch-size, --idleness");
        assertThatThrownBy(() -> TABLE.parse("batch-size", "1"))
                .hasMessageContaining("options look like --name value");
        assertThatThrownBy(() -> TABLE.parse("--batch-size"))
                .hasMessage("option --batch-size needs a value");
        assertThatThrownBy(() -> TABLE.parse("--batch-size", "--idleness", "1s"))
                .hasMessage("option --batch-size needs a value");
        assertThatThrownBy(() -> TABLE.parse("--batch-size", "0"))
                .hasMessage("option --batch-size must be a whole number above 0, not '0'");
        assertThatThrownBy(() -> TABLE.parse("--idleness", "1 minute"))
                .hasMessageStartingWith("option --idleness must be a duration")
                .hasMessageEndingWith("not '1 minute'");
        assertThatThrownBy(() -> TABLE.parse("--events-topic", " "))
                .hasMessage("option --events-topic must not be empty");
    }

    @Test
    void aProgramCannotDeclareAnOptionTwice() {
        assertThatThrownBy(() -> OptionTable.of("a job", List.of(TOPIC, TOPIC)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> OptionTable.of("a job", List.of(Option.bool("help"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOptionOfAnotherProgramIsAMistakeOfTheProgram() {
        assertThatThrownBy(() -> TABLE.parse().get(Option.text("other")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void helpListsEveryOptionWithItsDefaultAndWhatItTakes() {
        assertThat(TABLE.printHelpIfAsked("--idleness", "1s", "--help")).isTrue();
        assertThat(TABLE.printHelpIfAsked("--idleness", "1s")).isFalse();
        assertThat(TABLE.help())
                .startsWith("Options of the test job, each as --name value")
                .contains(
                        "  --events-topic  (default: shop-events)\n"
                                + "      where the events arrive\n"
                                + "      takes some text\n")
                .contains("  --idleness  (default: never idle)\n      takes a duration");
        assertThat(OptionTable.of("x", List.of(LINKED)).help())
                .contains("      see the docs, code\n");
    }

    @Test
    void aDocumentWithoutTheTableIsCaught(@TempDir Path dir) throws IOException {
        Path readme = Files.writeString(dir.resolve("README.md"), "# Job\n\n" + TABLE.markdown());
        TABLE.requireListedIn(readme);

        Files.writeString(readme, TABLE.markdown().replace("`500`", "`50`"));
        assertThatThrownBy(() -> TABLE.requireListedIn(readme))
                .hasMessageContaining("should list the options of the test job as:\n| option |");
    }

    @Test
    void theReadmeTableComesFromTheDeclarations() {
        assertThat(TABLE.markdown())
                .isEqualTo(
                        "| option | default | meaning |\n"
                                + "|---|---|---|\n"
                                + "| `--events-topic` | `shop-events` | where the events arrive |\n"
                                + "| `--batch-size` | `500` | rows per insert \\| at most |\n"
                                + "| `--idleness` | never idle |  |\n");
    }
}
