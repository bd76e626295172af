package io.vigil.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vigil.driver.RejectReason;
import org.junit.jupiter.api.Test;

class MqttReasonCodeTest {
    @Test
    void everyRefusalHasAnMqtt5ReasonCode() {
        assertThat(MqttAdapter.reasonCode(IngestOutcome.accepted(1))).isEqualTo(MqttPubAckReasonCode.SUCCESS);
        assertThat(MqttAdapter.reasonCode(IngestOutcome.rejected(RejectReason.MALFORMED, "x"))).isEqualTo(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(MqttAdapter.reasonCode(IngestOutcome.rejected(RejectReason.NOT_A_NUMBER, "x"))).isEqualTo(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(MqttAdapter.reasonCode(IngestOutcome.rejected(RejectReason.NOT_AUTHORIZED, "x"))).isEqualTo(MqttPubAckReasonCode.NOT_AUTHORIZED);
        assertThat(MqttAdapter.reasonCode(IngestOutcome.rejected(RejectReason.STORE_FAILED, "x"))).isEqualTo(MqttPubAckReasonCode.QUOTA_EXCEEDED);
        for (RejectReason r : RejectReason.values()) {
            assertThat(MqttAdapter.reasonCode(IngestOutcome.rejected(r, "x"))).isNotEqualTo(MqttPubAckReasonCode.SUCCESS);
        }
    }
}
