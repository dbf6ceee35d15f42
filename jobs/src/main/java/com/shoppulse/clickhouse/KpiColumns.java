package com.shoppulse.clickhouse;

import com.shoppulse.kpi.Kpi;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Fills the KPIs of {@link Kpi} into a repeatable migration ({@code sql/R__*.sql}), so that a KPI
 * added in Java gets its columns and its place in the views without a migration of its own:
 *
 * <ul>
 *   <li>{@code ${kpi_columns}}: every KPI's column name, in {@link Kpi}'s order;
 *   <li>{@code ${add_kpi_columns}}: an {@code ADD COLUMN IF NOT EXISTS} clause for each, of the
 *       type its {@link Kpi.Kind} asks for.
 * </ul>
 */
final class KpiColumns {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

    private KpiColumns() {}

    static String fill(String script) {
        Matcher placeholder = PLACEHOLDER.matcher(script);
        return placeholder.replaceAll(p -> Matcher.quoteReplacement(value(p.group(1))));
    }

    private static String value(String name) {
        switch (name) {
            case "kpi_columns":
                return Kpi.columns();
            case "add_kpi_columns":
                return Arrays.stream(Kpi.values())
                        .map(
                                k ->
                                        "ADD COLUMN IF NOT EXISTS "
                                                + k.column()
                                                + " "
                                                + k.kind().clickHouseType())
                        .collect(Collectors.joining(", "));
            default:
                throw new IllegalStateException(
                        "sql/ names ${" + name + "}, which KpiColumns does not know");
        }
    }
}
