package io.seqline.common.ids;

import io.seqline.common.text.ControlCharacters;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Conversation and user ids (docs/architecture.md, "Conversation ids").
 *
 * <ul>
 *   <li>direct chat: {@code p:{a}:{b}} with the two user ids sorted, {@code a < b};</li>
 *   <li>group: {@code g:{groupId}}.</li>
 * </ul>
 * User ids and group ids match {@code [A-Za-z0-9_.@-]{1,64}}, so neither contains ':'.
 */
public final class ConversationIds {

    /** What a user, device or group id looks like, as told in error messages. */
    public static final String ID_SYNTAX = "[A-Za-z0-9_.@-]{1,64}";
    /** The largest clientSeq (and seq): 2^53 - 1, exact in a JavaScript number and in Redis' Lua. */
    public static final long MAX_CLIENT_SEQ = (1L << 53) - 1;

    private static final Pattern ID = Pattern.compile(ID_SYNTAX);

    private ConversationIds() {
    }

    /** True when {@code id} is a valid user, device or group id. */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The direct conversation between two distinct users. */
    public static String direct(String userA, String userB) {
        requireValidId("userId", userA);
        requireValidId("userId", userB);
        if (userA.equals(userB)) {
            throw new IllegalArgumentException("direct conversation needs two distinct users: " + userA);
        }
        return userA.compareTo(userB) < 0 ? "p:" + userA + ":" + userB : "p:" + userB + ":" + userA;
    }

    public static String group(String groupId) {
        requireValidId("groupId", groupId);
        return "g:" + groupId;
    }

    public static boolean isDirect(String conversationId) {
        return conversationId.startsWith("p:");
    }

    public static boolean isGroup(String conversationId) {
        return conversationId.startsWith("g:");
    }

    /** The two users of a direct conversation. */
    public static List<String> participants(String directId) {
        String[] parts = directId.split(":", -1);
        return List.of(parts[1], parts[2]);
    }

    /**
     * Checks the shape of a conversation id.
     *
     * @return null when valid, else a message naming what is wrong
     */
    public static String problem(String conversationId) {
        if (conversationId == null || conversationId.isEmpty()) {
            return "conversationId: empty";
        }
        String control = ControlCharacters.inId("conversationId", conversationId);
        if (control != null) {
            return control;
        }
        String[] parts = conversationId.split(":", -1);
        if (parts[0].equals("p") && parts.length == 3) {
            if (!isValidId(parts[1]) || !isValidId(parts[2])) {
                return "conversationId: " + abbreviate(conversationId) + " (user ids must match " + ID_SYNTAX + ")";
            }
            if (parts[1].compareTo(parts[2]) >= 0) {
                return "conversationId: " + conversationId + " (expected: p:{a}:{b} with a < b)";
            }
            return null;
        }
        if (parts[0].equals("g") && parts.length == 2 && isValidId(parts[1])) {
            return null;
        }
        return "conversationId: " + abbreviate(conversationId) + " (expected: p:{a}:{b} or g:{groupId})";
    }

    /**
     * Checks a user id.
     *
     * @return null when valid, else a message naming {@code field} and what is wrong
     */
    public static String userIdProblem(String field, String userId) {
        String control = ControlCharacters.inId(field, userId);
        if (control != null) {
            return control;
        }
        return isValidId(userId) ? null : field + ": invalid user id (expected: " + ID_SYNTAX + ")";
    }

    /** True when {@code userId} may read and write {@code directId}. Groups are checked against their members. */
    public static boolean isParticipant(String directId, String userId) {
        return participants(directId).contains(userId);
    }

    private static void requireValidId(String what, String id) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException(what + ": " + abbreviate(String.valueOf(id))
                    + " (expected: " + ID_SYNTAX + ")");
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
