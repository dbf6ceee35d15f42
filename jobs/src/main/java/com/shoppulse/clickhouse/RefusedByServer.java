package com.shoppulse.clickhouse;

import java.io.IOException;

/** ClickHouse answered a request with an error: its code and message. */
final class RefusedByServer extends IOException {
    private static final long serialVersionUID = 1L;

    final int code;

    RefusedByServer(int code, String message) {
        super(message);
        this.code = code;
    }
}
