package com.shoppulse.generator.simulation;

import com.shoppulse.generator.shop.Product;

/** Some units of one product in an order. */
record OrderLine(Product product, int quantity) {

    long totalKopecks() {
        return product.priceKopecks() * quantity;
    }
}
