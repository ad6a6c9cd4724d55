// The demo chat page: login, conversation list, one open conversation, chaos switch. The protocol work
// (ordering, gap fill, send window, reconnect) is the @seqline/client package (clients/js, served at
// /clients/js/src/); lib/ holds the page's model and the chaos simulation; this file renders and wires the UI.

import { directConversationId, isGroup, isValidUserId, randomId } from '../../clients/js/src/index.js';
import { DemoChat } from './lib/chat.js';
import { renderConversationList, renderMessages } from './render.js';

const $ = (id) => document.getElementById(id);
const TYPING_EVERY_MS = 2000;

const ui = {
  client: null,
  me: null,
  active: null,
  lastTypingSent: 0,
  renderQueued: false,
  toastTimer: null,
};

// --- login

async function fetchToken(user) {
  const response = await fetch(`/dev/token?user=${encodeURIComponent(user)}`, { cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.token) {
    throw new Error(body.error ?? `token request failed (HTTP ${response.status})`);
  }
  return body.token;
}

/** One device id per browser tab, so two tabs of the same user are two devices. */
function deviceId() {
  let id = sessionStorage.getItem('seqline.device');
  if (!id) {
    id = `web-${randomId().slice(0, 8)}`;
    sessionStorage.setItem('seqline.device', id);
  }
  return id;
}

async function login(user) {
  $('login-error').textContent = '';
  if (!isValidUserId(user)) {
    $('login-error').textContent = 'Use 1–64 letters, digits or _ . @ -';
    return;
  }
  let first;
  try {
    first = await fetchToken(user); // fail here, on the form, rather than in a reconnect loop
  } catch (e) {
    $('login-error').textContent = e.message;
    return;
  }
  sessionStorage.setItem('seqline.user', user);
  ui.me = user;
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  let token = first;
  const client = new DemoChat({
    url: wsUrl, userId: user, deviceId: deviceId(),
    getToken: async () => {
      const t = token ?? await fetchToken(user);
      token = null; // a fresh one for every later connection
      return t;
    },
  });
  ui.client = client;
  client.on('change', scheduleRender);
  client.on('status', renderStatus);
  client.on('notice', toast);
  client.on('groupCreated', (id) => select(id));
  for (const id of knownConversations()) {
    client.openConversation(id);
  }
  client.setChaos(sessionStorage.getItem('seqline.chaos') === 'on');
  client.start();

  $('login-view').hidden = true;
  $('chat-view').hidden = false;
  $('me-name').textContent = user;
  $('me-avatar').textContent = user.slice(0, 1).toUpperCase();
  renderChaos();
  const fromHash = decodeURIComponent(location.hash.slice(1));
  if (fromHash) {
    select(fromHash);
  }
  scheduleRender();
}

function logout() {
  ui.client?.stop();
  ui.client = null;
  ui.active = null;
  sessionStorage.removeItem('seqline.user');
  history.replaceState(null, '', location.pathname);
  $('chat-view').hidden = true;
  $('login-view').hidden = false;
  $('messages').replaceChildren();
  $('conversation-list').replaceChildren();
  $('login-user').focus();
}

// conversations this browser knows of (the list comes from the server; this only helps a server that
// cannot list conversations yet)
function knownConversations() {
  try {
    return JSON.parse(localStorage.getItem(`seqline.conversations.${ui.me}`) ?? '[]');
  } catch {
    return [];
  }
}

function remember(conversationId) {
  const known = new Set(knownConversations());
  if (!known.has(conversationId)) {
    known.add(conversationId);
    localStorage.setItem(`seqline.conversations.${ui.me}`, JSON.stringify([...known].slice(-200)));
  }
}

// --- actions

function select(conversationId) {
  ui.active = conversationId;
  ui.client.openConversation(conversationId);
  remember(conversationId);
  if (decodeURIComponent(location.hash.slice(1)) !== conversationId) {
    history.replaceState(null, '', `#${encodeURIComponent(conversationId)}`);
  }
  $('chat-view').classList.add('show-pane');
  render(true);
  $('composer').focus({ preventScroll: true });
}

function startDirectChat(event) {
  event.preventDefault();
  const input = $('new-chat-user');
  const other = input.value.trim();
  if (!isValidUserId(other)) {
    toast('Use 1–64 letters, digits or _ . @ -');
    return;
  }
  input.value = '';
  select(directConversationId(ui.me, other));
}

function createGroup(event) {
  event.preventDefault();
  const name = $('new-group-name').value.trim() || 'Group';
  const members = $('new-group-members').value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
  const bad = members.find((m) => !isValidUserId(m));
  if (bad) {
    toast(`Not a user name: ${bad}`);
    return;
  }
  ui.client.createGroup(name, members);
  $('new-group-form').reset();
  $('new-group').open = false;
}

function addMember(event) {
  event.preventDefault();
  const input = $('add-member-user');
  const user = input.value.trim();
  if (!isValidUserId(user) || !ui.active) {
    toast('Use 1–64 letters, digits or _ . @ -');
    return;
  }
  ui.client.addMembers(ui.active, [user]);
  input.value = '';
}

function send(event) {
  event.preventDefault();
  const composer = $('composer');
  const text = composer.value.trim();
  if (!text || !ui.active) {
    return;
  }
  if (new TextEncoder().encode(text).length > 12000) {
    toast('That message is too long');
    return;
  }
  ui.client.sendText(ui.active, text);
  composer.value = '';
  autoGrow();
  stickToBottom = true;
}

function onComposerKey(event) {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    send(event);
  }
}

function onComposerInput() {
  autoGrow();
  const now = Date.now();
  if (ui.active && $('composer').value && now - ui.lastTypingSent > TYPING_EVERY_MS) {
    ui.lastTypingSent = now;
    ui.client.typing(ui.active);
  }
}

function autoGrow() {
  const composer = $('composer');
  composer.style.height = 'auto';
  composer.style.height = `${Math.min(composer.scrollHeight, 160)}px`;
}

function onMessagesClick(event) {
  const recall = event.target.closest('[data-testid="recall"]');
  if (recall) {
    if (recall.disabled) {
      return;
    }
    const seq = Number(recall.closest('[data-seq]').dataset.seq);
    ui.client.recall(ui.active, seq);
    recall.disabled = true; // one recall at a time; the button goes once the recall is in the log
    recall.textContent = 'Recalling…';
    setTimeout(() => {
      recall.disabled = false;
      recall.textContent = 'Recall';
    }, 5000);
    return;
  }
  const dismiss = event.target.closest('[data-dismiss]');
  if (dismiss) {
    ui.client.dismissFailed(dismiss.dataset.dismiss);
    scheduleRender();
  }
}

function toggleChaos() {
  const on = !ui.client.chaos.enabled;
  ui.client.setChaos(on);
  sessionStorage.setItem('seqline.chaos', on ? 'on' : 'off');
  renderChaos();
}

// --- rendering

let stickToBottom = true;

function scheduleRender() {
  if (!ui.renderQueued) {
    ui.renderQueued = true;
    requestAnimationFrame(() => {
      ui.renderQueued = false;
      render(false);
    });
  }
}

function render(switched) {
  const client = ui.client;
  if (!client) {
    return;
  }
  const store = client.store;
  const conversations = store.list();
  renderConversationList($('conversation-list'), conversations, store, ui.active, select);
  $('no-conversations').hidden = conversations.length > 0;

  const conversation = ui.active ? store.get(ui.active) : null;
  $('empty-pane').hidden = Boolean(conversation);
  $('pane-header').hidden = !conversation;
  $('composer-form').hidden = !conversation;
  if (!conversation) {
    $('messages').replaceChildren();
    $('typing').textContent = '';
    return;
  }
  $('conv-title').textContent = conversation.name || conversation.id;
  $('conv-sub').textContent = isGroup(conversation.id)
    ? `Group · ${conversation.members.size ? [...conversation.members].sort().join(', ') : conversation.id}`
    : `Direct chat · ${conversation.id}`;
  $('add-member-form').hidden = !isGroup(conversation.id);

  const list = $('messages');
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  renderMessages(list, conversation, client.outboxOf(conversation.id), store);
  if (switched || nearBottom || stickToBottom) {
    list.scrollTop = list.scrollHeight;
    stickToBottom = false;
  }
  const typing = store.typingUsers(conversation, Date.now());
  $('typing').textContent = typing.length === 0 ? ''
    : `${typing.join(', ')} ${typing.length === 1 ? 'is' : 'are'} typing…`;
  markReadIfSeen(conversation);
  renderChaosStats();
}

function markReadIfSeen(conversation) {
  const receiver = ui.client.receivers.get(conversation.id);
  if (document.visibilityState === 'visible' && receiver && receiver.shownThrough > conversation.readSeq) {
    ui.client.markRead(conversation.id, receiver.shownThrough);
  }
}

function renderStatus(status) {
  const labels = { connecting: 'connecting…', open: 'online', reconnecting: 'reconnecting…', closed: 'offline' };
  $('status').textContent = labels[status] ?? status;
  $('status').dataset.state = status;
}

function renderChaos() {
  const on = Boolean(ui.client?.chaos.enabled);
  $('chaos-toggle').setAttribute('aria-checked', String(on));
  $('chaos-toggle').classList.toggle('on', on);
  renderChaosStats();
}

function renderChaosStats() {
  if (!ui.client) {
    return;
  }
  const s = ui.client.stats();
  $('chaos-stats').textContent = ui.client.chaos.enabled || s.dropped
    ? `dropped ${s.dropped} · delayed ${s.delayed} · overtaken ${s.overtaken} · reordered in buffer ${s.buffered} · syncs ${s.syncs}`
    : '';
}

function toast(text) {
  const box = $('toast');
  box.textContent = text;
  box.classList.add('visible');
  clearTimeout(ui.toastTimer);
  ui.toastTimer = setTimeout(() => box.classList.remove('visible'), 3500);
}

// --- wiring

function init() {
  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    login($('login-user').value.trim());
  });
  $('logout').addEventListener('click', logout);
  $('new-chat-form').addEventListener('submit', startDirectChat);
  $('new-group-form').addEventListener('submit', createGroup);
  $('add-member-form').addEventListener('submit', addMember);
  $('composer-form').addEventListener('submit', send);
  $('composer').addEventListener('keydown', onComposerKey);
  $('composer').addEventListener('input', onComposerInput);
  $('messages').addEventListener('click', onMessagesClick);
  $('chaos-toggle').addEventListener('click', toggleChaos);
  $('drop-connection').addEventListener('click', () => ui.client?.dropConnection());
  $('back').addEventListener('click', () => {
    $('chat-view').classList.remove('show-pane');
    ui.active = null;
    history.replaceState(null, '', location.pathname);
    render(true);
  });
  document.addEventListener('visibilitychange', () => scheduleRender());
  setInterval(() => { // typing indicators expire; chaos counters move
    if (ui.client) {
      scheduleRender();
    }
  }, 1000);
  const saved = sessionStorage.getItem('seqline.user');
  if (saved) {
    $('login-user').value = saved;
    login(saved);
  } else {
    $('login-user').focus();
  }
}

init();
