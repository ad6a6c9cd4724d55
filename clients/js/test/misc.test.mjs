import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff } from '../src/backoff.js';
import { kindOf } from '../src/frames.js';
import { directConversationId, isValidUserId, num, peerOf } from '../src/ids.js';

describe('ids', () => {
  it('builds direct conversation ids with the two user ids sorted', () => {
    assert.equal(directConversationId('bob', 'alice'), 'p:alice:bob');
    assert.equal(directConversationId('alice', 'bob'), 'p:alice:bob');
    assert.equal(peerOf('p:alice:bob', 'alice'), 'bob');
    assert.equal(peerOf('g:1', 'alice'), null);
  });

  it('validates user ids', () => {
    assert.ok(isValidUserId('a.b@c-d_9'));
    assert.ok(!isValidUserId(''));
    assert.ok(!isValidUserId('a b'));
    assert.ok(!isValidUserId('x'.repeat(65)));
    assert.throws(() => directConversationId('a:b', 'c'));
  });

  it('reads uint64 strings and numbers', () => {
    assert.equal(num('42'), 42);
    assert.equal(num(7), 7);
    assert.equal(num(undefined), 0);
    assert.equal(num(''), 0);
  });
});

describe('Backoff', () => {
  it('doubles up to the cap with jitter in the upper half, and resets', () => {
    let r = 0;
    const backoff = new Backoff({ baseMs: 100, maxMs: 1000, random: () => r });
    assert.deepEqual([backoff.next(), backoff.next(), backoff.next()], [50, 100, 200]);
    r = 0.999999;
    assert.equal(backoff.next(), 800);
    assert.equal(backoff.next(), 1000);
    assert.equal(backoff.next(), 1000);
    backoff.reset();
    r = 0.5;
    assert.equal(backoff.next(), 75);
  });
});

describe('kindOf', () => {
  it('names the kind of a frame', () => {
    assert.equal(kindOf({ requestId: 'x', pong: {} }), 'pong');
    assert.equal(kindOf({}), '');
  });
});
