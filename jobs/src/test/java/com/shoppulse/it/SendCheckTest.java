package com.shoppulse.it;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SendCheckTest {
    private final MockProducer<String, String> producer =
            new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());

    @Test
    void passesWhenTheBrokerTookEveryRecord() {
        SendCheck check = sendThree();
        producer.completeNext();
        producer.completeNext();
        producer.completeNext();

        assertThatCode(check::verify).doesNotThrowAnyException();
    }

    @Test
    void namesTheFirstRecordTheBrokerRefused() {
        SendCheck check = sendThree();
        producer.completeNext();
        producer.errorNext(new OutOfOrderSequenceException("out of order"));
        producer.errorNext(new OutOfOrderSequenceException("out of order"));

        assertThatThrownBy(check::verify)
                .hasMessage("events: 2 of 3 records were not written")
                .cause()
                .hasMessage("events: record 1 was not written")
                .hasCauseInstanceOf(OutOfOrderSequenceException.class);
    }

    private SendCheck sendThree() {
        SendCheck check = new SendCheck("events");
        for (int i = 0; i < 3; i++) {
            producer.send(new ProducerRecord<>("events", "k" + i, "v" + i), check.next());
        }
        return check;
    }
}
