package com.shoppulse.events;

/** A payload that breaks the event contract; the message says which field and why. */
public final class InvalidEventException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public InvalidEventException(RejectReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
