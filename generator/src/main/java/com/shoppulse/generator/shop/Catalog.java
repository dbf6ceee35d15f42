package com.shoppulse.generator.shop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The assortment of a mid-size Russian electronics shop: a few hundred products on eight shelves,
 * priced like a real store (89 990.00, 3 490.00, 349.90 RUB).
 *
 * <p>The assortment is the same for every run, whatever its seed, so that a product id names the
 * same product in every data set.
 */
public final class Catalog {

    static final List<Category> CATEGORIES =
            List.of(
                    new Category(
                            "smartphones",
                            0.30,
                            8_000,
                            150_000,
                            1,
                            List.of(
                                    "Apple", "Samsung", "Xiaomi", "Honor", "realme", "POCO",
                                    "Tecno")),
                    new Category(
                            "laptops",
                            0.10,
                            35_000,
                            250_000,
                            1,
                            List.of("Apple", "Lenovo", "ASUS", "HP", "Huawei", "MSI", "Acer")),
                    new Category(
                            "tablets",
                            0.07,
                            12_000,
                            130_000,
                            1,
                            List.of("Apple", "Samsung", "Xiaomi", "Huawei", "Lenovo")),
                    new Category(
                            "tv",
                            0.06,
                            18_000,
                            200_000,
                            1,
                            List.of("Samsung", "LG", "Sony", "Xiaomi", "Haier", "TCL", "Hisense")),
                    new Category(
                            "headphones",
                            0.14,
                            1_500,
                            40_000,
                            2,
                            List.of(
                                    "Apple",
                                    "Sony",
                                    "JBL",
                                    "Samsung",
                                    "Marshall",
                                    "Huawei",
                                    "Sennheiser")),
                    new Category(
                            "smartwatches",
                            0.06,
                            5_000,
                            80_000,
                            1,
                            List.of("Apple", "Samsung", "Huawei", "Xiaomi", "Amazfit", "Garmin")),
                    new Category(
                            "gaming",
                            0.06,
                            4_000,
                            70_000,
                            2,
                            List.of("Sony", "Microsoft", "Nintendo", "Logitech", "Razer")),
                    new Category(
                            "accessories",
                            0.22,
                            300,
                            6_000,
                            3,
                            List.of(
                                    "Anker", "Baseus", "Ugreen", "Samsung", "Apple", "Belkin",
                                    "Xiaomi")));

    private static final int PRODUCTS_PER_CATEGORY = 24;

    // A few best sellers take most of a shelf's views, as in any shop: the n-th item is viewed
    // about 1/n^0.9 as often as the first.
    private static final double BEST_SELLER_SKEW = 0.9;

    private static final Catalog STANDARD = new Catalog();

    private final WeightedChoice<Category> shelves =
            new WeightedChoice<>(CATEGORIES, Category::popularity);
    private final Map<Category, WeightedChoice<Product>> productsByShelf = new HashMap<>();
    private final List<Product> products = new ArrayList<>();

    private Catalog() {
        SplittableRandom random = Seeds.random("catalog");
        for (int c = 0; c < CATEGORIES.size(); c++) {
            Category category = CATEGORIES.get(c);
            List<Product> shelf = new ArrayList<>();
            for (int n = 1; n <= PRODUCTS_PER_CATEGORY; n++) {
                String id = String.format("SKU-%d%03d", c + 1, n);
                String brand = category.brands().get(random.nextInt(category.brands().size()));
                shelf.add(new Product(id, category, brand, retailPrice(category, random)));
            }
            productsByShelf.put(
                    category,
                    new WeightedChoice<>(
                            shelf, p -> Math.pow(shelf.indexOf(p) + 1, -BEST_SELLER_SKEW)));
            products.addAll(shelf);
        }
    }

    public static Catalog standard() {
        return STANDARD;
    }

    public List<Product> products() {
        return List.copyOf(products);
    }

    /** A product from any shelf, as when a shopper lands on the shop. */
    public Product anyProduct(SplittableRandom random) {
        return productsByShelf.get(shelves.pick(random)).pick(random);
    }

    /** A product from the same shelf, as when a shopper compares alternatives. */
    public Product similarTo(Product product, SplittableRandom random) {
        return productsByShelf.get(product.category()).pick(random);
    }

    // Log-uniform between the shelf's bounds (cheap items are as common as dear ones per
    // octave), then rounded like a shop tag: 89 990.00, 3 490.00, 349.90.
    private static long retailPrice(Category category, SplittableRandom random) {
        double low = Math.log(category.minPriceRub());
        double high = Math.log(category.maxPriceRub());
        double rub = Math.exp(low + random.nextDouble() * (high - low));
        long step = rub >= 10_000 ? 1_000 : rub >= 1_000 ? 100 : 10;
        long rounded = Math.max(step, (long) (rub / step) * step);
        long shortOfRound = rub >= 1_000 ? 1_000 : 10;
        return rounded * 100 - shortOfRound;
    }
}
