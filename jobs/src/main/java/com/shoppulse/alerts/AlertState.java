package com.shoppulse.alerts;

/** Where an alert is in its lifecycle: it fires once, and resolves once when the KPI is back. */
public enum AlertState {
    FIRING,
    RESOLVED
}
