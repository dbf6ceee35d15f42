package com.shoppulse.submit;

import java.io.IOException;

/** Flink's REST API answered with an HTTP error; the message carries Flink's own errors. */
public final class FlinkRestException extends IOException {
    FlinkRestException(String message) {
        super(message);
    }
}
