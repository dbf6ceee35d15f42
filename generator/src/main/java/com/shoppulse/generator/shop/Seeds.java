package com.shoppulse.generator.shop;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Derives independent random streams from a run's seed and the coordinates of what is being
 * generated, so that any user, session or event can be recreated from its coordinates alone,
 * whatever was generated before it.
 */
public final class Seeds {

    private Seeds() {}

    /**
     * A seed that depends on the purpose and on every part, in order. The purpose keeps streams
     * apart that share coordinates, such as a session's behaviour and its id.
     */
    public static long of(String purpose, long... parts) {
        long h = mix(purpose.hashCode() + 0x9E3779B97F4A7C15L);
        for (long part : parts) {
            h = mix(h ^ mix(part + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    public static SplittableRandom random(String purpose, long... parts) {
        return new SplittableRandom(of(purpose, parts));
    }

    /** A random-looking (version 4) UUID that is nevertheless a function of its inputs. */
    public static UUID uuid(String purpose, long... parts) {
        SplittableRandom random = random(purpose, parts);
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    // SplitMix64's finalizer: neighbouring inputs give unrelated outputs.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
