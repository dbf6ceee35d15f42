package com.shoppulse.generator.shop;

/**
 * What a shopper browses on.
 *
 * @see Channel#purchaseIntent() for what purchase intent means
 */
public enum Device {
    MOBILE("mobile", 0.62, 0.80),
    DESKTOP("desktop", 0.30, 1.45),
    TABLET("tablet", 0.08, 1.05);

    private final String id;
    private final double share;
    private final double purchaseIntent;

    Device(String id, double share, double purchaseIntent) {
        this.id = id;
        this.share = share;
        this.purchaseIntent = purchaseIntent;
    }

    /** The id the events carry. */
    public String id() {
        return id;
    }

    /** The share of shoppers who mainly use this device. */
    public double share() {
        return share;
    }

    /** Desktop shoppers buy more readily than mobile ones, as in real shops. */
    public double purchaseIntent() {
        return purchaseIntent;
    }
}
