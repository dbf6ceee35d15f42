package com.shoppulse.it;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;

/**
 * Counts a producer's sends and keeps the first that failed. A producer's {@code flush()} and
 * {@code close()} return also when the broker refused records, so a lost record would otherwise
 * show up later as a count off the ground truth (or as a benchmark measuring less than it says).
 */
final class SendCheck {
    private final String topic;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<IllegalStateException> first = new AtomicReference<>();

    SendCheck(String topic) {
        this.topic = topic;
    }

    /** The callback for the next send. */
    Callback next() {
        long record = sent.getAndIncrement();
        return (metadata, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                first.compareAndSet(
                        null,
                        new IllegalStateException(
                                topic + ": record " + record + " was not written", error));
            }
        };
    }

    /**
     * Fails when a send failed; call it once the producer is flushed or closed, when every callback
     * has run.
     */
    void verify() {
        IllegalStateException error = first.get();
        if (error != null) {
            throw new IllegalStateException(
                    topic + ": " + failed.get() + " of " + sent.get() + " records were not written",
                    error);
        }
    }
}
