package io.seqline.gateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seqline.proto.v1.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Sends the gateway refuses itself, before they reach Kafka, as
 * {@code seqline.gateway.rejections{reason}} (TOO_LARGE, INVALID, NOT_MEMBER, RATE_LIMITED, RECALL_DENIED).
 */
@Component
public class EdgeRejections {

    private final Map<RejectReason, Counter> counters = new EnumMap<>(RejectReason.class);

    public EdgeRejections(MeterRegistry meters) {
        for (RejectReason reason : RejectReason.values()) {
            if (reason != RejectReason.UNRECOGNIZED && reason != RejectReason.REJECT_REASON_UNSPECIFIED) {
                counters.put(reason, Counter.builder("seqline.gateway.rejections")
                        .description("Sends refused at the gateway, by reason")
                        .tag("reason", reason.name()).register(meters));
            }
        }
    }

    public void count(RejectReason reason) {
        Counter counter = counters.get(reason);
        if (counter != null) {
            counter.increment();
        }
    }
}
