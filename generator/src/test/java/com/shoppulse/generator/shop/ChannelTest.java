package com.shoppulse.generator.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChannelTest {

    @Test
    void theMixIsWhole() {
        assertThat(Arrays.stream(Channel.values()).mapToDouble(Channel::share).sum())
                .isCloseTo(1, within(1e-9));
    }

    @Test
    void anAverageSessionHasAverageIntent() {
        // The profile's cart and checkout rates are those of an average shopper.
        assertThat(
                        Arrays.stream(Channel.values())
                                .mapToDouble(c -> c.share() * c.purchaseIntent())
                                .sum())
                .isCloseTo(1, within(0.02));
    }

    @Test
    void newsletterReadersBuyMoreThanSocialMediaVisitors() {
        assertThat(Channel.EMAIL.purchaseIntent()).isGreaterThan(Channel.SOCIAL.purchaseIntent());
        assertThat(Channel.SOCIAL.id()).isEqualTo("social");
    }
}
