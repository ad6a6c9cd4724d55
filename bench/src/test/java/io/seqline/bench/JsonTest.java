package io.seqline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesResultLinesWithRoundedFigures() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("scenario", "chat \"quoted\"");
        line.put("sent", 12L);
        line.put("p99", 1.23456);
        line.put("rate", Double.NaN);
        line.put("valid", true);
        line.put("steps", List.of(Map.of("n", 1)));

        assertThat(Json.write(line)).isEqualTo(
                "{\"scenario\":\"chat \\\"quoted\\\"\",\"sent\":12,\"p99\":1.235,\"rate\":null,\"valid\":true,\"steps\":[{\"n\":1}]}");
    }

    @Test
    void readsTopLevelStringFields() {
        String endpoints = "{\n  \"gatewayWs\" : \"ws://127.0.0.1:8080/ws\",\n  \"adminKey\" : \"a\\\"b\"\n}";

        assertThat(Json.field(endpoints, "gatewayWs")).isEqualTo("ws://127.0.0.1:8080/ws");
        assertThat(Json.field(endpoints, "adminKey")).isEqualTo("a\"b");
        assertThat(Json.field(endpoints, "missing")).isNull();
    }
}
