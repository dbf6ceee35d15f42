package com.shoppulse.generator.shop;

/** How a session came to the shop. */
public enum Channel {
    ORGANIC("organic", 0.36, 1.00),
    ADS("ads", 0.24, 0.85),
    EMAIL("email", 0.07, 1.60),
    SOCIAL("social", 0.13, 0.55),
    DIRECT("direct", 0.20, 1.30);

    private final String id;
    private final double share;
    private final double purchaseIntent;

    Channel(String id, double share, double purchaseIntent) {
        this.id = id;
        this.share = share;
        this.purchaseIntent = purchaseIntent;
    }

    /** The id the events carry. */
    public String id() {
        return id;
    }

    /** The share of sessions that come this way. */
    public double share() {
        return share;
    }

    /**
     * How much likelier than average such a session is to add to the cart and to check out: a
     * newsletter reader came to buy, a social-media visitor mostly came to look.
     */
    public double purchaseIntent() {
        return purchaseIntent;
    }
}
