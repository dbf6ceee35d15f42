package com.shoppulse.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class KpiRowJsonTest {
    @Test
    void aRowReadsBackAsWrittenUnderTheDocumentedNames() throws Exception {
        KpiRow row = new KpiRow();
        row.windowSeconds = 3600;
        row.windowStartMillis = 1_764_547_200_000L;
        row.windowEndMillis = 1_764_550_800_000L;
        row.dimension = "city";
        row.dimensionValue = "Нижний \"Новгород\"\\";
        row.set(Kpi.ACTIVE_USERS, 1)
                .set(Kpi.VIEWS, 2)
                .set(Kpi.ADD_TO_CARTS, 3)
                .set(Kpi.ORDERS, 4)
                .set(Kpi.BUYERS, 5)
                .set(Kpi.ITEMS_SOLD, 6)
                .set(Kpi.REVENUE, Long.MAX_VALUE);
        row.version = 8;

        byte[] json = KpiRowJson.write(row);

        assertThat(KpiRowJson.read(json)).usingRecursiveComparison().isEqualTo(row);
        JsonNode fields = new ObjectMapper().readTree(json);
        assertThat(fields.get("revenue_minor").asLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(fields.get("window_start").asLong()).isEqualTo(1_764_547_200_000L);
        assertThat(fields.get("dimension_value").asText()).isEqualTo(row.dimensionValue);
        assertThat(fields.size()).isEqualTo(13);
    }
}
