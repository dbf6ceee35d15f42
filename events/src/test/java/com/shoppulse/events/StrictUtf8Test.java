package com.shoppulse.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StrictUtf8Test {
    @Test
    void knownForms() {
        assertThat(
                        StrictUtf8.check(
                                "{\"city\":\"Нижний Новгород 🛒\"}"
                                        .getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(StrictUtf8.Verdict.VALID);
        assertThat(StrictUtf8.check(new byte[] {'{', 0, '}'}))
                .isEqualTo(StrictUtf8.Verdict.VALID_WITH_NUL);
        for (byte[] malformed :
                new byte[][] {
                    {(byte) 0xC0, (byte) 0x80}, // overlong NUL
                    {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate, CESU-8 style
                    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
                    {(byte) 0xE2, (byte) 0x82}, // cut short
                    {(byte) 0x80}, // a continuation alone
                    {(byte) 0xFF}
                }) {
            assertThat(StrictUtf8.check(malformed)).isEqualTo(StrictUtf8.Verdict.MALFORMED);
        }
    }

    /** Random bytes, most of them near UTF-8: the same verdict as the JDK's strict decoder. */
    @Test
    void agreesWithTheJdksDecoder() {
        Random random = new Random(11);
        int malformed = 0;
        for (int n = 0; n < 200_000; n++) {
            byte[] bytes = new byte[1 + random.nextInt(12)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] =
                        (byte)
                                switch (random.nextInt(4)) {
                                    case 0 -> 0x80 + random.nextInt(0x40);
                                    case 1 -> 0xC0 + random.nextInt(0x40);
                                    case 2 -> random.nextInt(0x80);
                                    default -> random.nextInt(0x100);
                                };
            }
            boolean jdkValid = jdkAccepts(bytes);
            StrictUtf8.Verdict verdict = StrictUtf8.check(bytes);
            assertThat(verdict != StrictUtf8.Verdict.MALFORMED)
                    .as("%s", java.util.HexFormat.of().formatHex(bytes))
                    .isEqualTo(jdkValid);
            malformed += jdkValid ? 0 : 1;
        }
        assertThat(malformed).isBetween(10_000, 190_000);
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
