package com.shoppulse.alerts;

/**
 * All alerts raised when one window closed, to go out as one message: analysts asked for one
 * message listing every anomaly, not a burst of ten.
 */
public class AlertDigest {
    public long windowSeconds;
    public long windowStartMillis;
    public long windowEndMillis;
    public Alert[] alerts;

    public AlertDigest() {}
}
