package com.shoppulse.generator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.generator.simulation.ShopRecord;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class ShopRecordSerializerTest {

    @Test
    void keysTheEventByItsUser() {
        String json = "{\"city\":\"Saint Petersburg\",\"note\":\"Привет\"}";

        ProducerRecord<byte[], byte[]> record =
                new ShopRecordSerializer("shop-events")
                        .serialize(new ShopRecord("u000042", json), null, 1L);

        assertThat(record.topic()).isEqualTo("shop-events");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("u000042");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(json);
        assertThat(record.partition()).as("partitioned by key").isNull();
        assertThat(record.timestamp()).as("stamped by the producer").isNull();
    }
}
