package com.shoppulse.events;

/**
 * Checks bytes for well-formed UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, no
 * code point above U+10FFFF, nothing cut short. What the JDK's decoder reports as malformed, this
 * rejects too, without decoding a single character.
 */
final class StrictUtf8 {
    /** The verdicts of {@link #check}. */
    enum Verdict {
        VALID,
        /** Valid, but holds a NUL byte, which can make a JSON reader take the bytes for UTF-16. */
        VALID_WITH_NUL,
        MALFORMED
    }

    private StrictUtf8() {}

    static Verdict check(byte[] bytes) {
        boolean nul = false;
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                nul |= b == 0;
                i++;
                continue;
            }
            int continuations;
            int secondLow = 0x80;
            int secondHigh = 0xBF;
            if (b < 0xC2) {
                return Verdict.MALFORMED;
            } else if (b < 0xE0) {
                continuations = 1;
            } else if (b < 0xF0) {
                continuations = 2;
                if (b == 0xE0) {
                    secondLow = 0xA0;
                } else if (b == 0xED) {
                    secondHigh = 0x9F;
                }
            } else if (b < 0xF5) {
                continuations = 3;
                if (b == 0xF0) {
                    secondLow = 0x90;
                } else if (b == 0xF4) {
                    secondHigh = 0x8F;
                }
            } else {
                return Verdict.MALFORMED;
            }
            if (i + continuations >= n) {
                return Verdict.MALFORMED;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < secondLow || second > secondHigh) {
                return Verdict.MALFORMED;
            }
            for (int k = 2; k <= continuations; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return Verdict.MALFORMED;
                }
            }
            i += continuations + 1;
        }
        return nul ? Verdict.VALID_WITH_NUL : Verdict.VALID;
    }
}
