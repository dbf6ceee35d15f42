package com.shoppulse.generator.shop;

import java.util.List;

/**
 * A shelf of the shop.
 *
 * @param name the id the events carry, such as {@code smartphones}
 * @param popularity the share of product views that land on this shelf, relative to the others
 * @param minPriceRub cheapest item on the shelf, in roubles
 * @param maxPriceRub dearest item on the shelf, in roubles
 * @param maxQuantity most units of one item a shopper puts into the cart at once
 * @param brands brands on the shelf
 */
public record Category(
        String name,
        double popularity,
        long minPriceRub,
        long maxPriceRub,
        int maxQuantity,
        List<String> brands) {}
