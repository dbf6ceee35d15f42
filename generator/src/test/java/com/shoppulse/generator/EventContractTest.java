package com.shoppulse.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shoppulse.events.EventParser;
import com.shoppulse.events.EventType;
import com.shoppulse.events.InvalidEventException;
import com.shoppulse.events.RejectReason;
import com.shoppulse.events.ShopEvent;
import com.shoppulse.generator.simulation.Faults;
import com.shoppulse.generator.simulation.ShopRecord;
import com.shoppulse.generator.simulation.Traffic;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generator's records against the shared parser of event contract v1. */
class EventContractTest {

    private final EventParser parser = new EventParser("RUB");

    @Test
    void everyRecordThatIsNotMalformedIsAValidEvent() throws InvalidEventException {
        List<ShopRecord> day = day(new Faults(0.05, 0.05, 0));

        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (ShopRecord record : day) {
            ShopEvent event = parser.parse(record.json());
            assertThat(event.userId).isEqualTo(record.userId());
            types.add(event.type);
        }
        assertThat(types).containsExactlyInAnyOrder(EventType.values());
    }

    @Test
    void everyMalformedRecordIsRejected() {
        Set<RejectReason> reasons = EnumSet.noneOf(RejectReason.class);
        for (ShopRecord record : day(new Faults(0, 0, 1))) {
            assertThatThrownBy(() -> parser.parse(record.json()))
                    .isInstanceOfSatisfying(
                            InvalidEventException.class, e -> reasons.add(e.reason()));
        }
        assertThat(reasons)
                .containsExactlyInAnyOrder(
                        RejectReason.INVALID_JSON,
                        RejectReason.MISSING_FIELD,
                        RejectReason.INVALID_VALUE,
                        RejectReason.AMOUNT_MISMATCH,
                        RejectReason.UNKNOWN_EVENT_TYPE,
                        RejectReason.INVALID_TIME);
    }

    private static List<ShopRecord> day(Faults faults) {
        return Traffic.day(Traffic.with(42, Traffic.defaults().incidents(), faults));
    }
}
