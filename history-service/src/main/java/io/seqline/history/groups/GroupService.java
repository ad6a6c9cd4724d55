package io.seqline.history.groups;

import io.seqline.common.error.DomainException;
import io.seqline.common.ids.ConversationIds;
import io.seqline.common.text.ControlCharacters;
import io.seqline.history.store.Conversations;
import io.seqline.history.store.Members;
import io.seqline.proto.v1.ConversationType;
import io.seqline.proto.v1.Member;
import io.seqline.proto.v1.Membership;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group creation and membership changes. Who may do what is decided here, against PostgreSQL; each
 * accepted change commits with its membership event in the {@link MembershipOutbox}, which publishes it to
 * the log, where it takes effect at its own seq. An empty actor means the admin API (any change allowed).
 */
@Service
public class GroupService {

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Conversations conversations;
    private final Members members;
    private final LogEvents events;
    private final MembershipOutbox outbox;
    private final TransactionTemplate tx;
    private final GroupProperties properties;
    private final Clock clock;

    GroupService(Conversations conversations, Members members, LogEvents events, MembershipOutbox outbox,
                 TransactionTemplate tx, GroupProperties properties, Clock clock) {
        this.conversations = conversations;
        this.members = members;
        this.events = events;
        this.outbox = outbox;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    public String create(String ownerId, String name, List<String> memberIds) {
        requireUser("ownerId", ownerId);
        if (name.length() > 100) {
            throw DomainException.invalid("name: " + name.length() + " characters (expected: <= 100)");
        }
        String control = ControlCharacters.inText("name", name);
        if (control != null) {
            throw DomainException.invalid(control);
        }
        Set<String> others = validUsers(memberIds);
        others.remove(ownerId);
        requireSize(others.size() + 1);
        String conversationId = ConversationIds.group(newGroupId());
        List<String> all = new ArrayList<>();
        all.add(ownerId);
        all.addAll(others);
        tx.executeWithoutResult(status -> {
            outbox.lock(conversationId);
            conversations.createGroup(conversationId, name, clock.millis());
            members.addAll(conversationId, List.of(ownerId), Member.Role.OWNER);
            members.addAll(conversationId, others, Member.Role.MEMBER);
            outbox.add(events.membership(conversationId, ownerId, Membership.Action.CREATE, all, name));
        });
        outbox.flush(conversationId);
        return conversationId;
    }

    public void add(String conversationId, String actorId, List<String> userIds) {
        requireGroup(conversationId);
        requireManager(conversationId, actorId);
        Set<String> users = validUsers(userIds);
        tx.executeWithoutResult(status -> {
            outbox.lock(conversationId);
            requireSize(members.list(conversationId, List.of()).size() + users.size());
            List<String> added = members.addAll(conversationId, users, Member.Role.MEMBER);
            if (!added.isEmpty()) {
                outbox.add(events.membership(conversationId, actorId, Membership.Action.ADD, added, ""));
            }
        });
        outbox.flush(conversationId);
    }

    public void remove(String conversationId, String actorId, List<String> userIds) {
        requireGroup(conversationId);
        Member.Role actorRole = requireManager(conversationId, actorId);
        Set<String> users = validUsers(userIds);
        for (Member target : members.list(conversationId, users)) {
            boolean protectedRole = target.getRole() == Member.Role.OWNER
                    || (target.getRole() == Member.Role.ADMIN && actorRole != Member.Role.OWNER);
            if (protectedRole && !actorId.isEmpty()) {
                throw DomainException.forbidden("cannot remove " + target.getUserId() + " (" + target.getRole() + ")");
            }
        }
        tx.executeWithoutResult(status -> {
            outbox.lock(conversationId);
            List<String> removed = members.removeAll(conversationId, users);
            if (!removed.isEmpty()) {
                outbox.add(events.membership(conversationId, actorId, Membership.Action.REMOVE, removed, ""));
            }
        });
        outbox.flush(conversationId);
    }

    public void leave(String conversationId, String userId) {
        requireUser("userId", userId);
        requireGroup(conversationId);
        Member.Role role = members.role(conversationId, userId)
                .orElseThrow(() -> DomainException.forbidden("not a member of " + conversationId));
        tx.executeWithoutResult(status -> {
            outbox.lock(conversationId);
            if (members.removeAll(conversationId, List.of(userId)).isEmpty()) {
                return; // left meanwhile
            }
            if (role == Member.Role.OWNER) {
                members.promoteSuccessor(conversationId);
            }
            outbox.add(events.membership(conversationId, userId, Membership.Action.LEAVE, List.of(userId), ""));
        });
        outbox.flush(conversationId);
    }

    public List<Member> list(String conversationId, List<String> onlyUsers) {
        validUsers(onlyUsers);
        requireGroup(conversationId);
        return members.list(conversationId, onlyUsers);
    }

    /** True when the user may read and write the conversation. */
    public boolean isMember(String conversationId, String userId) {
        if (ConversationIds.isDirect(conversationId)) {
            return ConversationIds.isParticipant(conversationId, userId);
        }
        return members.role(conversationId, userId).isPresent();
    }

    private void requireGroup(String conversationId) {
        String problem = ConversationIds.problem(conversationId);
        if (problem != null) {
            throw DomainException.invalid(problem);
        }
        if (!ConversationIds.isGroup(conversationId)) {
            throw DomainException.invalid("conversationId: " + conversationId + " is not a group");
        }
        if (conversations.find(conversationId).filter(c -> c.type() == ConversationType.GROUP).isEmpty()) {
            throw DomainException.notFound("no group " + conversationId);
        }
    }

    private Member.Role requireManager(String conversationId, String actorId) {
        if (actorId.isEmpty()) {
            return Member.Role.OWNER; // admin API
        }
        requireUser("actorId", actorId);
        Member.Role role = members.role(conversationId, actorId)
                .orElseThrow(() -> DomainException.forbidden("not a member of " + conversationId));
        if (role != Member.Role.OWNER && role != Member.Role.ADMIN) {
            throw DomainException.forbidden("only the owner or an admin may change the members of " + conversationId);
        }
        return role;
    }

    private void requireSize(int size) {
        if (size > properties.maxMembers()) {
            throw DomainException.invalid("members: " + size + " (expected: <= " + properties.maxMembers() + ")");
        }
    }

    private static Set<String> validUsers(List<String> userIds) {
        Set<String> users = new LinkedHashSet<>();
        for (String user : userIds) {
            requireUser("userIds", user);
            users.add(user);
        }
        return users;
    }

    private static void requireUser(String field, String userId) {
        String problem = ConversationIds.userIdProblem(field, userId);
        if (problem != null) {
            throw DomainException.invalid(problem);
        }
    }

    private static String newGroupId() {
        StringBuilder id = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
