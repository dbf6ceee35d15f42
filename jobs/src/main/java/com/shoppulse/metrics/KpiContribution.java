package com.shoppulse.metrics;

/**
 * What one event adds to the KPIs of one (dimension, value): the unit the window aggregation works
 * on. An order for phones and cases adds one contribution to each of the two categories.
 */
public class KpiContribution {
    private static final char KEY_SEPARATOR = '\u001f';

    public Dimension dimension;
    public String value;
    public int userIndex;
    public int views;
    public int addToCarts;
    public int orders;
    public long itemsSold;
    public long revenueMinor;

    public KpiContribution() {}

    KpiContribution(Dimension dimension, String value, int userIndex) {
        this.dimension = dimension;
        this.value = value;
        this.userIndex = userIndex;
    }

    /** The key windows are computed per; the separator cannot occur in a parsed value. */
    public String key() {
        return dimension.name() + KEY_SEPARATOR + value;
    }

    static Dimension dimensionOfKey(String key) {
        return Dimension.valueOf(key.substring(0, key.indexOf(KEY_SEPARATOR)));
    }

    static String valueOfKey(String key) {
        return key.substring(key.indexOf(KEY_SEPARATOR) + 1);
    }

    @Override
    public String toString() {
        return dimension
                + "="
                + value
                + " user#"
                + userIndex
                + " v"
                + views
                + " c"
                + addToCarts
                + " o"
                + orders
                + " i"
                + itemsSold
                + " r"
                + revenueMinor;
    }
}
