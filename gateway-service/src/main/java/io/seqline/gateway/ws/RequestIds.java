package io.seqline.gateway.ws;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.seqline.proto.v1.ClientFrame;
import java.io.IOException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads the {@code requestId} of a frame that failed to decode as a whole, so that the error answering it
 * still names the request. Best effort: whatever cannot be read yields {@code ""}.
 */
final class RequestIds {

    private static final JsonFactory JSON = new JsonFactory();
    /** Field 1, length-delimited: (1 << 3) | 2. */
    private static final int REQUEST_ID_TAG = (ClientFrame.REQUEST_ID_FIELD_NUMBER << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private RequestIds() {
    }

    /** The top-level {@code "requestId"} string of a JSON object, read up to the point where the text breaks. */
    static String fromJson(String text) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return "";
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("requestId")) {
                    return value == JsonToken.VALUE_STRING ? parser.getString() : "";
                }
                parser.skipChildren();
            }
            return "";
        } catch (JacksonException e) {
            return "";
        }
    }

    /** Field 1 ({@code request_id}) of a binary ClientFrame, read up to the point where the bytes break. */
    static String fromProto(byte[] bytes) {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        String requestId = "";
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == REQUEST_ID_TAG) {
                    requestId = in.readStringRequireUtf8(); // proto3: the last occurrence wins
                } else if (!in.skipField(tag)) {
                    break;
                }
            }
        } catch (IOException e) {
            // keep what was read before the break
        }
        return requestId;
    }
}
