package com.shoppulse.generator.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeviceTest {

    @Test
    void theMixIsWhole() {
        assertThat(Arrays.stream(Device.values()).mapToDouble(Device::share).sum())
                .isCloseTo(1, within(1e-9));
    }

    @Test
    void anAverageShopperHasAverageIntent() {
        // The profile's cart and checkout rates are those of an average shopper.
        assertThat(
                        Arrays.stream(Device.values())
                                .mapToDouble(d -> d.share() * d.purchaseIntent())
                                .sum())
                .isCloseTo(1, within(0.02));
    }

    @Test
    void desktopShoppersBuyMoreReadilyThanMobileOnes() {
        assertThat(Device.DESKTOP.purchaseIntent()).isGreaterThan(Device.MOBILE.purchaseIntent());
        assertThat(Device.MOBILE.id()).isEqualTo("mobile");
    }
}
