package com.shoppulse.generator.shop;

import java.math.BigDecimal;

/** An item for sale; its price is in kopecks so that sums stay exact. */
public record Product(String id, Category category, String brand, long priceKopecks) {

    public BigDecimal price() {
        return BigDecimal.valueOf(priceKopecks, 2);
    }
}
