package com.shoppulse.events;

import java.util.Objects;

/** One line of an order. A Flink POJO: public fields and a no-argument constructor. */
public class OrderItem {
    public String productId;
    public String category;
    public String brand;

    /** Unit price in minor currency units (kopecks), so sums stay exact. */
    public long priceMinor;

    public int quantity;

    public OrderItem() {}

    public OrderItem(
            String productId, String category, String brand, long priceMinor, int quantity) {
        this.productId = productId;
        this.category = category;
        this.brand = brand;
        this.priceMinor = priceMinor;
        this.quantity = quantity;
    }

    public long lineTotalMinor() {
        return priceMinor * quantity;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OrderItem)) {
            return false;
        }
        OrderItem that = (OrderItem) o;
        return priceMinor == that.priceMinor
                && quantity == that.quantity
                && Objects.equals(productId, that.productId)
                && Objects.equals(category, that.category)
                && Objects.equals(brand, that.brand);
    }

    @Override
    public int hashCode() {
        return Objects.hash(productId, category, brand, priceMinor, quantity);
    }

    @Override
    public String toString() {
        return productId + "(" + category + "/" + brand + " " + priceMinor + "x" + quantity + ")";
    }
}
