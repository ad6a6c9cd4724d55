package io.seqline.common.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Bean;

/**
 * Continues a message's trace across a batch listener: the work done for one record (and the records it
 * produces through an observed {@code KafkaTemplate}) runs in a span whose parent is the record's W3C
 * {@code traceparent} header. So one message can be followed gateway → sequencer → routing / history.
 * Without a tracer (tracing off) the work just runs.
 */
public final class RecordTracing {

    private static final Propagator.Getter<Headers> HEADERS = (headers, key) -> {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    };

    private final Tracer tracer;
    private final Propagator propagator;

    public RecordTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Runs {@code work} in a span named {@code name} that continues the trace of {@code record}. */
    public void inSpanOf(ConsumerRecord<?, ?> record, String name, Runnable work) {
        if (tracer == null || propagator == null) {
            work.run();
            return;
        }
        Span span = propagator.extract(record.headers(), HEADERS).name(name).kind(Span.Kind.CONSUMER).start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            work.run();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** The bean, present in every service that imports it; tracing off when no tracer is configured. */
    @Configuration(proxyBeanMethods = false)
    public static class Wiring {

        @Bean
        RecordTracing recordTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
            return new RecordTracing(tracer.getIfAvailable(), propagator.getIfAvailable());
        }
    }
}
