// What the page knows about each conversation: the messages shown (in seq order, as the receiver hands
// them over), recalls, members, read cursors, unread counts and who is typing. No I/O here.

import { isGroup, num, peerOf } from '../../../clients/js/src/index.js';

export class ConversationStore {
  constructor(me) {
    this.me = me;
    this.byId = new Map();
  }

  get(id) {
    return this.byId.get(id);
  }

  /** The conversation, created empty when new. */
  ensure(id) {
    let conversation = this.byId.get(id);
    if (!conversation) {
      conversation = {
        id,
        type: isGroup(id) ? 'GROUP' : 'DIRECT',
        name: isGroup(id) ? '' : peerOf(id, this.me) ?? id,
        maxSeq: 0,
        readSeq: 0,
        lastMessage: null,
        lastActivity: 0,
        messages: [], // shown entries (text, data, membership), seq ascending
        bySeq: new Map(),
        readBy: new Map(), // other user -> read seq
        members: new Set(),
        typing: new Map(), // user -> until (ms)
      };
      this.byId.set(id, conversation);
    }
    return conversation;
  }

  /** Conversations, most recent activity first. */
  list() {
    return [...this.byId.values()].sort((a, b) => b.lastActivity - a.lastActivity || a.id.localeCompare(b.id));
  }

  /** One item of a `conversations` frame. */
  applySummary(item) {
    const conversation = this.ensure(item.conversationId);
    if (item.type === 'GROUP' || item.type === 'DIRECT') {
      conversation.type = item.type;
    }
    if (item.name) {
      conversation.name = item.name;
    }
    conversation.maxSeq = Math.max(conversation.maxSeq, num(item.maxSeq));
    conversation.readSeq = Math.max(conversation.readSeq, num(item.readSeq));
    if (item.lastMessage && num(item.lastMessage.seq) >= num(conversation.lastMessage?.seq)) {
      conversation.lastMessage = item.lastMessage;
      conversation.lastActivity = Math.max(conversation.lastActivity, num(item.lastMessage.serverTimeMs));
    }
    return conversation;
  }

  /**
   * Messages handed over by the client, in seq order, each once; a late one (a seq the client had moved
   * past) goes into its place.
   */
  applyDelivered(id, messages) {
    const conversation = this.ensure(id);
    for (const message of messages) {
      const seq = num(message.seq);
      conversation.maxSeq = Math.max(conversation.maxSeq, seq);
      conversation.lastActivity = Math.max(conversation.lastActivity, num(message.serverTimeMs));
      if (message.senderId === this.me) {
        conversation.readSeq = Math.max(conversation.readSeq, seq); // own messages count as read
      }
      conversation.typing.delete(message.senderId);
      const content = message.content ?? {};
      if (content.recall) {
        this.markRecalled(conversation, num(content.recall.targetSeq));
        conversation.bySeq.set(seq, message);
        continue;
      }
      if (content.membership) {
        this.applyMembership(conversation, message);
      }
      conversation.bySeq.set(seq, message);
      const after = conversation.messages.findIndex((m) => num(m.seq) > seq);
      if (after < 0) {
        conversation.messages.push(message);
        conversation.lastMessage = message;
      } else {
        conversation.messages.splice(after, 0, message);
      }
    }
    return conversation;
  }

  /** Our own or another member's read cursor. */
  applyReadReceipt({ conversationId, userId, seq }) {
    const conversation = this.ensure(conversationId);
    seq = num(seq);
    if (userId === this.me) {
      conversation.readSeq = Math.max(conversation.readSeq, seq);
    } else {
      conversation.readBy.set(userId, Math.max(conversation.readBy.get(userId) ?? 0, seq));
      conversation.typing.delete(userId);
    }
    return conversation;
  }

  applyTyping({ conversationId, userId }, until) {
    if (userId === this.me) {
      return null;
    }
    const conversation = this.ensure(conversationId);
    conversation.typing.set(userId, until);
    return conversation;
  }

  /** Unread messages: max seq minus read seq. */
  unread(conversation) {
    return Math.max(0, conversation.maxSeq - conversation.readSeq);
  }

  /** Users typing now (their signal is younger than its time to live). */
  typingUsers(conversation, now) {
    const users = [];
    for (const [user, until] of conversation.typing) {
      if (until > now) {
        users.push(user);
      } else {
        conversation.typing.delete(user);
      }
    }
    return users.sort();
  }

  /** True when someone else has read up to this seq. */
  isReadByOthers(conversation, seq) {
    for (const readSeq of conversation.readBy.values()) {
      if (readSeq >= seq) {
        return true;
      }
    }
    return false;
  }

  /** A one-line summary of the last message, for the conversation list. */
  preview(conversation) {
    const last = conversation.lastMessage;
    if (!last) {
      return '';
    }
    const who = last.senderId === this.me ? 'You: ' : isGroup(conversation.id) && last.senderId ? `${last.senderId}: ` : '';
    return who + describe(last);
  }

  markRecalled(conversation, targetSeq) {
    const target = conversation.bySeq.get(targetSeq);
    if (target && !target.recalled) {
      target.recalled = true;
      target.content = {};
    }
  }

  applyMembership(conversation, message) {
    const { action, userIds = [], name } = message.content.membership;
    if (name) {
      conversation.name = name;
    }
    if (action === 'CREATE' || action === 'ADD') {
      if (action === 'CREATE' && message.senderId) {
        conversation.members.add(message.senderId);
      }
      userIds.forEach((u) => conversation.members.add(u));
    } else if (action === 'REMOVE' || action === 'LEAVE') {
      userIds.forEach((u) => conversation.members.delete(u));
    }
  }
}

/** Human text of a message's content. */
export function describe(message) {
  if (message.recalled) {
    return 'Message recalled';
  }
  const content = message.content ?? {};
  if (content.text !== undefined) {
    return content.text;
  }
  if (content.data) {
    return `[${content.data.mimeType || 'data'}]`;
  }
  if (content.recall) {
    return 'Message recalled';
  }
  if (content.membership) {
    const { action, userIds = [], name } = content.membership;
    const who = message.senderId || 'someone';
    switch (action) {
      case 'CREATE': return `${who} created the group${name ? ` “${name}”` : ''}${userIds.length ? ` with ${userIds.join(', ')}` : ''}`;
      case 'ADD': return `${who} added ${userIds.join(', ')}`;
      case 'REMOVE': return `${who} removed ${userIds.join(', ')}`;
      case 'LEAVE': return `${userIds.join(', ') || who} left`;
      default: return 'membership changed';
    }
  }
  return '';
}
