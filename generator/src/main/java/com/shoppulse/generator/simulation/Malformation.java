package com.shoppulse.generator.simulation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** The ways a buggy client breaks an event, each one the contract forbids. */
enum Malformation {
    NOT_JSON {
        @Override
        String apply(ObjectNode event, SplittableRandom random) {
            String json = event.toString();
            return json.substring(0, random.nextInt(1, json.length() - 1));
        }
    },
    MISSING_FIELD {
        @Override
        String apply(ObjectNode event, SplittableRandom random) {
            List<String> required = List.of("event_id", "event_type", "event_time", "user_id");
            event.remove(required.get(random.nextInt(required.size())));
            return event.toString();
        }
    },
    NEGATIVE_PRICE {
        @Override
        String apply(ObjectNode event, SplittableRandom random) {
            ObjectNode priced = firstItemOrEvent(event);
            priced.put("price", priced.get("price").decimalValue().negate());
            return event.toString();
        }
    },
    ZERO_QUANTITY {
        @Override
        boolean fits(String type) {
            return !type.equals(EventJson.VIEW);
        }

        @Override
        String apply(ObjectNode event, SplittableRandom random) {
            firstItemOrEvent(event).put("quantity", 0);
            return event.toString();
        }
    },
    AMOUNT_MISMATCH {
        @Override
        boolean fits(String type) {
            return type.equals(EventJson.ORDER);
        }

        @Override
        String apply(ObjectNode event, SplittableRandom random) {
            event.put("amount", event.get("amount").decimalValue().add(BigDecimal.ONE));
            return event.toString();
        }
    },
    UNKNOWN_TYPE {
        @Override
        String apply(ObjectNode event, SplittableRandom random) {
            event.put("event_type", "wishlist_add");
            return event.toString();
        }
    },
    UNREADABLE_TIME {
        @Override
        String apply(ObjectNode event, SplittableRandom random) {
            // A local date-time without a zone: readable to a person, not an instant.
            String time = event.get("event_time").asText();
            event.put("event_time", time.substring(0, 19).replace('T', ' '));
            return event.toString();
        }
    };

    /** Whether this breakage can happen to an event of this type. */
    boolean fits(String type) {
        return true;
    }

    /** Breaks the event, which it may change, and returns the record to send. */
    abstract String apply(ObjectNode event, SplittableRandom random);

    /** The broken record for this event, by a breakage that fits it, each as likely. */
    static String breakEvent(PlannedEvent event, SplittableRandom random) {
        List<Malformation> fitting =
                Arrays.stream(values()).filter(m -> m.fits(event.type())).toList();
        Malformation chosen = fitting.get(random.nextInt(fitting.size()));
        return chosen.apply(event.body().deepCopy(), random);
    }

    private static ObjectNode firstItemOrEvent(ObjectNode event) {
        return event.has("items") ? (ObjectNode) event.get("items").get(0) : event;
    }
}
