package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Whatever delivery a request is received with can be recorded when the package goes out. */
class DeliveryMethodsTest {

    @Test
    void every_delivery_offered_at_intake_can_be_recorded_as_the_delivery() {
        assertThat(FulfillmentService.DELIVERY_METHODS).containsAll(DisclosureService.DELIVERIES);
    }
}
