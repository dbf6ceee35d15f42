package com.shoppulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shoppulse.kpi.Dimension;
import com.shoppulse.kpi.Kpi;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertRulesTest {
    private static final String VALID =
            "rules:\n"
                    + "  - id: dau-low\n"
                    + "    kpi: active_users\n"
                    + "    window: 1d\n"
                    + "    condition: below\n"
                    + "    threshold: 1250\n"
                    + "  - id: city-revenue\n"
                    + "    kpi: revenue\n"
                    + "    window: 1h\n"
                    + "    scope: city\n"
                    + "    condition: drop_pct\n"
                    + "    threshold: 60\n"
                    + "    for: 2\n"
                    + "    severity: critical\n"
                    + "    repeat: 6h\n";

    @Test
    void readsRulesWithTheirDefaults() {
        List<AlertRule> rules = AlertRules.parse(VALID, "rules.yaml");

        assertThat(rules).extracting(r -> r.id).containsExactly("dau-low", "city-revenue");
        AlertRule dau = rules.get(0);
        assertThat(dau.kpi).isEqualTo(Kpi.ACTIVE_USERS);
        assertThat(dau.windowSeconds).isEqualTo(86_400);
        assertThat(dau.scope).isEqualTo(Dimension.OVERALL);
        assertThat(dau.forWindows).isEqualTo(1);
        assertThat(dau.severity).isEqualTo("warning");
        assertThat(dau.repeatMillis).isZero();
        AlertRule city = rules.get(1);
        assertThat(city.condition).isEqualTo(Condition.DROP_PCT);
        assertThat(city.forWindows).isEqualTo(2);
        assertThat(city.repeatMillis).isEqualTo(6 * 3_600_000L);
    }

    @Test
    void readsASeasonAndAMinimumBaseline() {
        AlertRule city =
                AlertRules.parse(
                                VALID.replace(
                                        "repeat: 6h",
                                        "repeat: 6h\n    season: 7d\n    min_baseline: 2.5"),
                                "rules.yaml")
                        .get(1);

        assertThat(city.seasonMillis).isEqualTo(7 * 86_400_000L);
        assertThat(city.minBaseline).isEqualTo(2.5);
        assertThat(AlertRules.parse(VALID, "rules.yaml").get(1).seasonMillis).isZero();
    }

    @Test
    void theWholeShopIsOneScopeWhetherCalledOverallOrAll() {
        assertThat(
                        AlertRules.parse(VALID.replace("scope: city", "scope: all"), "r.yaml")
                                .get(1)
                                .scope)
                .isEqualTo(Dimension.OVERALL);
        assertThat(Dimension.OVERALL.scopeName()).isEqualTo("overall");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "season of a fixed threshold|threshold: 1250|season: 1d|field 'season' applies to drop_pct, rise_pct and zscore only",
                "season not whole windows|repeat: 6h|season: 90m|field 'season' must be a whole number of windows (3600 s)",
                "negative minimum|repeat: 6h|min_baseline: -1|field 'min_baseline' must be 0 or more",
                "minimum of a fixed threshold|threshold: 1250|min_baseline: 5|field 'min_baseline' must be 0 or more, and applies to drop_pct",
            })
    void aBadSeasonFailsNamingTheRuleAndTheField(
            String name, String after, String field, String message) {
        String yaml = VALID.replace(after, after + "\n    " + field);

        assertThatThrownBy(() -> AlertRules.parse(yaml, "rules.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void theShippedDefaultRulesAreValid() throws Exception {
        AlertsJobConfig config = AlertsJobConfig.fromArgs();

        assertThat(config.rules)
                .extracting(r -> r.id)
                .contains(
                        "dau-low",
                        "conversion-low",
                        "orders-low",
                        "revenue-low",
                        "city-orders-collapse");
    }

    @Test
    void watchesJobRestartsOnlyWhenToldWhereFlinkIs() throws Exception {
        assertThat(AlertsJobConfig.fromArgs().flinkRestUrl).isNull();
        AlertsJobConfig config =
                AlertsJobConfig.fromArgs(
                        "--flink-rest-url", "http://127.0.0.1:8081",
                        "--restart-alert-threshold", "5");
        assertThat(config.flinkRestUrl).isEqualTo("http://127.0.0.1:8081");
        assertThat(config.restartAlertThreshold).isEqualTo(5);
        assertThatThrownBy(() -> AlertsJobConfig.fromArgs("--flink-rest-url", "127.0.0.1:8081"))
                .hasMessageContaining("--flink-rest-url must be the HTTP address");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "unknown kpi|kpi: active_users|kpi: dau|rule 'dau-low' (rules[0]): field 'kpi' 'dau' is not one of",
                "bad window|window: 1d|window: daily|rule 'dau-low' (rules[0]): field 'window' 'daily' is not a duration",
                "bad condition|condition: below|condition: under|field 'condition' 'under' is not one of",
                "text threshold|threshold: 1250|threshold: many|field 'threshold' must be a number",
                "typo in a field|threshold: 1250|treshold: 1250|field 'treshold' is not a rule field",
                "bad severity|severity: critical|severity: urgent|rule 'city-revenue' (rules[1]): field 'severity'",
                "zero for|for: 2|for: 0|field 'for' must be a whole number of at least 1",
                "huge drop|threshold: 60|threshold: 160|field 'threshold' must be a percentage",
                "bad scope|scope: city|scope: planet|field 'scope' 'planet' is not one of",
                "duplicate id|id: city-revenue|id: dau-low|rule 'dau-low' (rules[1]): id is used twice",
                "missing id|- id: dau-low|- name: dau-low|rules[0]: field 'id' is required",
                "control character in an id|id: dau-low|id: \"dau\\tlow\"|field 'id' must not hold control characters",
            })
    void aBadRuleFailsNamingTheRuleAndTheField(
            String name, String from, String to, String message) {
        assertThatThrownBy(() -> AlertRules.parse(VALID.replace(from, to), "rules.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rules.yaml: ")
                .hasMessageContaining(message);
    }

    @Test
    void anEmptyFileIsReported() {
        assertThatThrownBy(() -> AlertRules.parse("rules: []", "r.yaml"))
                .hasMessage("r.yaml must have a non-empty list 'rules'");
        assertThatThrownBy(() -> AlertRules.parse("rules: [oops", "r.yaml"))
                .hasMessageStartingWith("r.yaml is not valid YAML");
    }
}
