import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConversationStore, describe as describeMessage } from '../src/lib/conversations.js';
import { msg } from '../../clients/js/test/fake-scheduler.mjs';

describe('ConversationStore', () => {
  it('counts unread as max seq minus read seq; own messages count as read', () => {
    const store = new ConversationStore('b');
    const c = store.applySummary({ conversationId: 'p:a:b', type: 'DIRECT', maxSeq: '5', readSeq: '2', lastMessage: msg(5) });
    assert.equal(store.unread(c), 3);
    assert.equal(c.name, 'a');
    store.applyDelivered('p:a:b', [msg(6, { sender: 'a' })]);
    assert.equal(store.unread(c), 4);
    store.applyDelivered('p:a:b', [msg(7, { sender: 'b' })]);
    assert.equal(store.unread(c), 0);
    assert.equal(store.preview(c), 'You: text 7');
  });

  it('marks the target of a recall event recalled and does not show the event itself', () => {
    const store = new ConversationStore('a');
    store.applyDelivered('p:a:b', [msg(1), msg(2)]);
    const c = store.applyDelivered('p:a:b', [{ ...msg(3), content: { recall: { targetSeq: '1' } } }]);
    assert.deepEqual(c.messages.map((m) => [Number(m.seq), Boolean(m.recalled)]), [[1, true], [2, false]]);
    assert.deepEqual(c.messages[0].content, {});
    assert.equal(describeMessage(c.messages[0]), 'Message recalled');
  });

  it('applies membership events to members and the group name', () => {
    const store = new ConversationStore('a');
    const c = store.applyDelivered('g:42', [
      { ...msg(1, { c: 'g:42' }), content: { membership: { action: 'CREATE', userIds: ['b'], name: 'Team' } } },
      { ...msg(2, { c: 'g:42' }), content: { membership: { action: 'ADD', userIds: ['c'] } } },
    ]);
    assert.equal(c.type, 'GROUP');
    assert.equal(c.name, 'Team');
    assert.deepEqual([...c.members].sort(), ['a', 'b', 'c']);
    assert.equal(describeMessage(c.messages[1]), 'a added c');
  });

  it('keeps read cursors of others for read ticks, and typing users until their signal expires', () => {
    const store = new ConversationStore('a');
    const c = store.ensure('p:a:b');
    store.applyReadReceipt({ conversationId: 'p:a:b', userId: 'b', seq: '4' });
    assert.ok(store.isReadByOthers(c, 4));
    assert.ok(!store.isReadByOthers(c, 5));
    store.applyTyping({ conversationId: 'p:a:b', userId: 'b' }, 1000);
    assert.equal(store.applyTyping({ conversationId: 'p:a:b', userId: 'a' }, 1000), null);
    assert.deepEqual(store.typingUsers(c, 999), ['b']);
    assert.deepEqual(store.typingUsers(c, 1000), []);
  });

  it('lists the most recently active conversation first', () => {
    const store = new ConversationStore('a');
    store.applyDelivered('p:a:b', [msg(1)]);
    store.applyDelivered('p:a:c', [{ ...msg(1, { c: 'p:a:c' }), serverTimeMs: '99999' }]);
    assert.deepEqual(store.list().map((c) => c.id), ['p:a:c', 'p:a:b']);
  });
});
