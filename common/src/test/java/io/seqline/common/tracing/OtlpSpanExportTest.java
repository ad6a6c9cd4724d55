package io.seqline.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Span export is off unless an endpoint is configured, and follows the configured transport. The services'
 * tracing dependencies (common's pom) are what is under test: every service gets them from here.
 */
class OtlpSpanExportTest {

    private final ApplicationContextRunner services = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
                    MicrometerTracingAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
                    OtlpTracingAutoConfiguration.class, RecordTracing.Wiring.class));

    @Test
    void withoutAnEndpointNoSpanLeavesTheService() {
        services.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SpanExporter.class);
            assertThat(context).hasSingleBean(RecordTracing.class);
        });
    }

    @Test
    void anEndpointTurnsOnOtlpOverHttp() {
        services.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:4318/v1/traces")
                .run(context -> assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class)
                        .doesNotHaveBean(OtlpGrpcSpanExporter.class));
    }

    @Test
    void theGrpcTransportIsAvailableToo() {
        services.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:4317",
                        "management.opentelemetry.tracing.export.otlp.transport=grpc")
                .run(context -> assertThat(context).hasSingleBean(OtlpGrpcSpanExporter.class));
    }
}
