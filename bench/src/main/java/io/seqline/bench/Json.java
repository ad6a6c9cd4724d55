package io.seqline.bench;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * The bench's JSON, on Jackson: result lines (maps, lists, numbers, strings, booleans; doubles rounded to
 * three decimals, non-finite ones written as null) and the reading of endpoints.json and /dev/token replies.
 */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("bench-figures").addSerializer(Double.class, new RoundedDouble()))
            .build();

    private Json() {
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** The string value of a top-level field of a JSON object, or null when it is absent. */
    static String field(String json, String key) {
        JsonNode value = MAPPER.readTree(json).get(key);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static final class RoundedDouble extends StdSerializer<Double> {

        RoundedDouble() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator out, SerializationContext context) {
            if (Double.isFinite(value)) {
                out.writeNumber(Math.round(value * 1000) / 1000.0);
            } else {
                out.writeNull();
            }
        }
    }
}
