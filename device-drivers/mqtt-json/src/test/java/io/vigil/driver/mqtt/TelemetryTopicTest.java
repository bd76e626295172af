package io.vigil.driver.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TelemetryTopicTest {
    @Test
    void parsesTelemetryAndHj212Topics() {
        assertThat(TelemetryTopic.parse("devices/ws-001/telemetry"))
                .contains(new TelemetryTopic("ws-001", TelemetryTopic.Kind.TELEMETRY));
        assertThat(TelemetryTopic.parse("devices/dust.7/hj212"))
                .contains(new TelemetryTopic("dust.7", TelemetryTopic.Kind.HJ212));
    }

    @Test
    void rejectsTopicsOutsideTheScheme() {
        assertThat(TelemetryTopic.parse("devices/ws-001/telemetry/extra")).isEmpty();
        assertThat(TelemetryTopic.parse("devices//telemetry")).isEmpty();
        assertThat(TelemetryTopic.parse("devices/+/telemetry")).isEmpty();
        assertThat(TelemetryTopic.parse("sensors/ws-001/telemetry")).isEmpty();
        assertThat(TelemetryTopic.parse("devices/ws-001")).isEmpty();
    }
}
