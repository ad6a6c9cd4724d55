package io.seqline.common.text;

import java.util.List;

/**
 * The one check for control characters in what clients and callers send. Ids (conversation, message,
 * user, device and stream ids, idempotency keys, MIME types) may contain none: no C0, no DEL, no C1.
 * Free text (message text, group names) may contain tab, line feed and carriage return, and no other C0
 * control: above all no NUL, which PostgreSQL refuses in text, so a NUL that got past the edge would be
 * sequenced and delivered, and then could never be stored.
 *
 * <p>Each method returns null when the value is fine, else a message naming the field and the character,
 * e.g. {@code "clientMsgId: contains a control character (U+0000)"}.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** Checks an id: any control character is refused. */
    public static String inId(String field, String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return problem(field, c);
            }
        }
        return null;
    }

    /** Checks a list of ids, naming the field of the first bad one. */
    public static String inIds(String field, List<String> values) {
        for (String value : values) {
            String problem = inId(field, value);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** Checks free text: C0 controls other than tab, line feed and carriage return are refused. */
    public static String inText(String field, String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return problem(field, c);
            }
        }
        return null;
    }

    private static String problem(String field, char c) {
        return String.format("%s: contains a control character (U+%04X)", field, (int) c);
    }
}
