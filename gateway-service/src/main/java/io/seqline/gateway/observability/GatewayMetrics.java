package io.seqline.gateway.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.seqline.gateway.session.ConnectionRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.CompositeProducerListener;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.kafka.support.ProducerListener;

/**
 * The gateway's own meters, kept out of the hot-path classes: open sockets ({@code seqline.gateway.connections},
 * read from {@link ConnectionRegistry} at scrape time) and every record it publishes
 * ({@code seqline.gateway.published}: client sends and API messages to {@code im.inbound}, signals to
 * {@code im.signals}), counted by a producer listener on the auto-configured {@code KafkaTemplate}.
 */
@Configuration(proxyBeanMethods = false)
class GatewayMetrics {

    @Bean
    MeterBinder gatewayConnectionsGauge(ConnectionRegistry connections) {
        return registry -> Gauge.builder("seqline.gateway.connections", connections, ConnectionRegistry::size)
                .description("Open client WebSocket connections on this gateway")
                .register(registry);
    }

    /** Replaces Boot's default producer listener: logs failures as before, and counts by topic and outcome. */
    @Bean
    ProducerListener<Object, Object> kafkaProducerListener(MeterRegistry meters) {
        CompositeProducerListener<Object, Object> listener = new CompositeProducerListener<>();
        listener.addDelegate(new LoggingProducerListener<>());
        listener.addDelegate(new PublishedRecords(meters));
        return listener;
    }
}
