// DOM rendering of the conversation list and of one conversation's messages. Elements are keyed (by
// conversation id, by seq) and updated in place, so a re-render never replaces what a user (or a test)
// is about to click.

import { describe } from './lib/conversations.js';
import { isGroup } from '../../clients/js/src/index.js';

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function setText(node, text) {
  if (node.textContent !== text) {
    node.textContent = text;
  }
}

function setAttr(node, name, value) {
  if (value === null || value === undefined) {
    node.removeAttribute(name);
  } else if (node.getAttribute(name) !== String(value)) {
    node.setAttribute(name, String(value));
  }
}

/** Makes `container`'s children exactly `nodes`, in order, moving only what is out of place. */
function reorder(container, nodes) {
  let cursor = container.firstChild;
  for (const node of nodes) {
    if (node !== cursor) {
      container.insertBefore(node, cursor);
    } else {
      cursor = cursor.nextSibling;
    }
  }
  while (cursor) {
    const next = cursor.nextSibling;
    cursor.remove();
    cursor = next;
  }
}

function time(ms) {
  const date = new Date(Number(ms));
  return Number.isFinite(date.getTime()) && Number(ms) > 0
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
}

// --- conversation list

const conversationNodes = new WeakMap(); // container -> Map(id -> li)

export function renderConversationList(container, conversations, store, activeId, onSelect) {
  let nodes = conversationNodes.get(container);
  if (!nodes || container.childElementCount === 0) {
    nodes = new Map();
    conversationNodes.set(container, nodes);
  }
  const wanted = [];
  for (const conversation of conversations) {
    let li = nodes.get(conversation.id);
    if (!li) {
      li = el('li');
      const button = el('button', 'conversation');
      button.type = 'button';
      button.dataset.testid = 'conversation';
      button.dataset.conversationId = conversation.id;
      button.addEventListener('click', () => onSelect(conversation.id));
      const avatar = el('span', 'avatar');
      const main = el('span', 'conversation-main');
      const top = el('span', 'conversation-top');
      top.append(el('span', 'conversation-name'), el('span', 'conversation-time'));
      main.append(top, el('span', 'conversation-preview'));
      button.append(avatar, main, el('span', 'badge'));
      li.append(button);
      nodes.set(conversation.id, li);
    }
    const button = li.firstChild;
    const unread = conversation.id === activeId ? 0 : store.unread(conversation);
    const name = conversation.name || conversation.id;
    setAttr(button, 'data-unread', store.unread(conversation));
    setAttr(button, 'aria-current', conversation.id === activeId ? 'true' : null);
    button.classList.toggle('group', isGroup(conversation.id));
    setText(button.querySelector('.avatar'), isGroup(conversation.id) ? '#' : name.slice(0, 1).toUpperCase());
    setText(button.querySelector('.conversation-name'), name);
    setText(button.querySelector('.conversation-time'), conversation.lastMessage ? time(conversation.lastMessage.serverTimeMs) : '');
    const typing = store.typingUsers(conversation, Date.now());
    setText(button.querySelector('.conversation-preview'), typing.length ? `${typing.join(', ')} typing…` : store.preview(conversation));
    const badge = button.querySelector('.badge');
    setText(badge, unread > 0 ? String(unread) : '');
    badge.hidden = unread === 0;
    wanted.push(li);
  }
  for (const id of nodes.keys()) {
    if (!conversations.some((c) => c.id === id)) {
      nodes.delete(id);
    }
  }
  reorder(container, wanted);
}

// --- messages of one conversation

const messageViews = new WeakMap(); // container -> {conversationId, nodes: Map(key -> li)}

export function renderMessages(container, conversation, outbox, store) {
  let view = messageViews.get(container);
  if (!view || view.conversationId !== conversation.id) {
    view = { conversationId: conversation.id, nodes: new Map() };
    messageViews.set(container, view);
    container.replaceChildren();
  }
  const group = isGroup(conversation.id);
  const wanted = [];
  let previousSender = null;
  for (const message of conversation.messages) {
    const key = `s${message.seq}`;
    let li = view.nodes.get(key);
    if (message.content?.membership) {
      if (!li) {
        li = el('li', 'system');
        li.dataset.testid = 'system-event';
        li.dataset.seq = message.seq;
        li.append(el('span', 'system-text'), el('span', 'seq'));
        view.nodes.set(key, li);
      }
      setText(li.querySelector('.system-text'), describe(message));
      setText(li.querySelector('.seq'), `#${message.seq}`);
      previousSender = null;
      wanted.push(li);
      continue;
    }
    const mine = message.senderId === store.me;
    if (!li) {
      li = createMessage(message, mine);
      view.nodes.set(key, li);
    }
    updateMessage(li, message, mine, conversation, store, group && !mine && previousSender !== message.senderId);
    previousSender = message.senderId;
    wanted.push(li);
  }
  for (const pending of outbox) {
    if (pending.content.recall) {
      continue; // a recall in flight shows nothing until its event arrives
    }
    const key = `o${pending.clientMsgId}`;
    let li = view.nodes.get(key);
    if (!li) {
      li = el('li', 'message mine pending');
      li.dataset.testid = 'pending-message';
      li.dataset.clientMsgId = pending.clientMsgId;
      const bubble = el('div', 'bubble');
      bubble.append(el('p', 'text', describe({ content: pending.content })), el('span', 'meta'));
      li.append(bubble);
      view.nodes.set(key, li);
    }
    li.classList.toggle('failed', pending.status === 'failed');
    const meta = li.querySelector('.meta');
    if (pending.status === 'failed') {
      if (!meta.querySelector('[data-dismiss]')) {
        meta.replaceChildren(el('span', 'error', `Not sent: ${pending.detail}`));
        const dismiss = el('button', 'link', 'Dismiss');
        dismiss.type = 'button';
        dismiss.dataset.dismiss = pending.clientMsgId;
        meta.append(' ', dismiss);
      }
    } else {
      setText(meta, 'sending…');
    }
    wanted.push(li);
  }
  const keep = new Set(wanted);
  for (const [key, li] of view.nodes) {
    if (!keep.has(li)) {
      view.nodes.delete(key);
    }
  }
  reorder(container, wanted);
}

function createMessage(message, mine) {
  const li = el('li', mine ? 'message mine' : 'message theirs');
  li.dataset.testid = 'message';
  li.dataset.seq = message.seq;
  li.dataset.sender = message.senderId;
  const sender = el('span', 'sender', message.senderId);
  const bubble = el('div', 'bubble');
  const meta = el('span', 'meta');
  const seq = el('span', 'seq', `#${message.seq}`);
  seq.title = `seq ${message.seq}`;
  meta.append(seq);
  if (message.via === 'buffer' || message.via === 'history' || message.via === 'late') {
    const labels = { history: 'from history', buffer: 'waited', late: 'late' };
    const via = el('span', 'via', labels[message.via]);
    via.title = {
      history: 'Its delivery was lost or late: filled from history',
      buffer: 'Arrived before an earlier seq: waited in the reorder buffer',
      late: 'History could not provide it in time; shown in its place when it arrived',
    }[message.via];
    li.dataset.via = message.via;
    meta.append(via);
  }
  meta.append(el('time', 'time', time(message.serverTimeMs)));
  if (mine) {
    meta.append(el('span', 'ticks'));
  }
  if (mine) {
    const recall = el('button', 'recall link', 'Recall');
    recall.type = 'button';
    recall.dataset.testid = 'recall';
    recall.title = 'Recall this message for everyone';
    meta.append(recall);
  }
  bubble.append(el('p', 'text'), meta);
  li.append(sender, bubble);
  return li;
}

function updateMessage(li, message, mine, conversation, store, showSender) {
  li.querySelector('.sender').hidden = !showSender;
  setText(li.querySelector('.text'), describe(message));
  if (message.recalled) {
    setAttr(li, 'data-recalled', 'true');
    li.classList.add('recalled');
    li.querySelector('[data-testid="recall"]')?.remove();
  }
  if (mine) {
    const read = store.isReadByOthers(conversation, Number(message.seq));
    const ticks = li.querySelector('.ticks');
    setText(ticks, read ? '✓✓' : '✓');
    ticks.classList.toggle('read', read);
    setAttr(ticks, 'title', read ? 'Read' : 'Delivered to the server');
    setAttr(ticks, 'data-testid', read ? 'read-tick' : 'sent-tick');
  }
}
