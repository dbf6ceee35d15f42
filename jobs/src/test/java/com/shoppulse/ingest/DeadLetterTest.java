package com.shoppulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shoppulse.events.RejectReason;
import com.shoppulse.kafka.KafkaSinks;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
    private static DeadLetter letter(byte[] value, String detail, int max) {
        return DeadLetter.of(
                new RawRecord(value, "events", 1, 42, 0), RejectReason.TOO_LARGE, detail, 0, max);
    }

    @Test
    void keepsASmallPayloadWholeWithItsSizeAndDigest() {
        DeadLetter letter = letter("{oops".getBytes(StandardCharsets.UTF_8), "not JSON", 1024);

        assertThat(letter.payload).isEqualTo("{oops");
        assertThat(letter.payloadBytes).isEqualTo(5);
        assertThat(letter.payloadTruncated).isFalse();
        // sha256("{oops"), as computed by sha256sum
        assertThat(letter.payloadSha256)
                .isEqualTo("935aaf3a54c0648c74df48a8025f20086019843f5b9fbffe5540b9cba0edcc97")
                .hasSize(64);
    }

    @Test
    void cutsAHugePayloadOnACharacterBoundaryAndKeepsItsSize() {
        byte[] value = "ж".repeat(3_000_000).getBytes(StandardCharsets.UTF_8);

        DeadLetter letter = letter(value, "x".repeat(100_000), 1001);

        assertThat(letter.payload).isEqualTo("ж".repeat(500));
        assertThat(letter.payloadBytes).isEqualTo(6_000_000);
        assertThat(letter.payloadTruncated).isTrue();
        assertThat(letter.detail).hasSize(DeadLetter.MAX_DETAIL_CHARS + 1);
    }

    @Test
    void aTombstoneHasNoPayload() {
        DeadLetter letter = letter(null, "not JSON", 1024);

        assertThat(letter.payload).isNull();
        assertThat(letter.payloadBytes).isZero();
        assertThat(letter.payloadSha256).isNull();
    }

    @Test
    void theLargestLetterStillFitsOneKafkaRequest() throws Exception {
        byte[] controlCharacters = new byte[5 * 1024 * 1024];
        Arrays.fill(controlCharacters, (byte) 1);
        DeadLetter letter =
                letter(controlCharacters, "y".repeat(10_000), DeadLetter.MAX_PAYLOAD_BYTES);

        byte[] sent = new DeadLetterSerializer("dlq").serialize(letter, null, null).value();

        assertThat(sent.length).isLessThan(KafkaSinks.MAX_REQUEST_BYTES - 1024);
        JsonNode json = new ObjectMapper().readTree(sent);
        assertThat(json.get("payload_bytes").asInt()).isEqualTo(5 * 1024 * 1024);
        assertThat(json.get("payload_truncated").asBoolean()).isTrue();
        assertThat(json.get("payload_sha256").asText()).hasSize(64);
    }
}
