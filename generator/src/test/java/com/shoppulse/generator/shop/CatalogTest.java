package com.shoppulse.generator.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CatalogTest {

    private final Catalog catalog = Catalog.standard();

    @Test
    void stocksEveryShelfWithUniqueProducts() {
        List<Product> products = catalog.products();

        assertThat(products).extracting(Product::category).containsAll(Catalog.CATEGORIES);
        assertThat(products).extracting(Product::id).doesNotHaveDuplicates();
        assertThat(products).allSatisfy(p -> assertThat(p.category().brands()).contains(p.brand()));
    }

    @Test
    void pricesLikeAShopTag() {
        assertThat(catalog.products())
                .allSatisfy(
                        p -> {
                            BigDecimal price = p.price();
                            assertThat(price.scale()).isEqualTo(2);
                            assertThat(price).isPositive();
                            assertThat(price.longValue())
                                    .isBetween(
                                            p.category().minPriceRub() / 2,
                                            p.category().maxPriceRub());
                            assertThat(price.toPlainString()).matches(".*(90\\.00|9\\.90)");
                        });
        assertThat(catalog.products())
                .as("cheap accessories come with kopecks")
                .anySatisfy(p -> assertThat(p.price().toPlainString()).endsWith(".90"));
    }

    @Test
    void theAssortmentIsTheSameForEveryRun() {
        assertThat(Catalog.standard().products()).isEqualTo(catalog.products());
        assertThat(catalog.products().get(0).id()).isEqualTo("SKU-1001");
    }

    @Test
    void comparesWithinTheShelf() {
        SplittableRandom random = new SplittableRandom(7);
        Product product = catalog.anyProduct(random);

        for (int i = 0; i < 100; i++) {
            assertThat(catalog.similarTo(product, random).category()).isEqualTo(product.category());
        }
    }

    @Test
    void bestSellersTakeMostViews() {
        SplittableRandom random = new SplittableRandom(7);
        Product first = catalog.products().get(0);
        Product last = catalog.products().get(23);
        int firstViews = 0;
        int lastViews = 0;
        for (int i = 0; i < 20_000; i++) {
            Product viewed = catalog.similarTo(first, random);
            firstViews += viewed.equals(first) ? 1 : 0;
            lastViews += viewed.equals(last) ? 1 : 0;
        }

        assertThat(firstViews).isGreaterThan(10 * lastViews);
    }
}
