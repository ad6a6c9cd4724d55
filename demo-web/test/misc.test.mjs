import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff } from '../src/lib/backoff.js';
import { ChaosFilter, kindOf } from '../src/lib/chaos.js';
import { directConversationId, isValidUserId, num, peerOf } from '../src/lib/ids.js';
import { FakeScheduler, msg } from './fake-scheduler.mjs';

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

describe('ChaosFilter', () => {
  it('passes everything untouched when off', () => {
    const out = [];
    const chaos = new ChaosFilter((f) => out.push(f), { scheduler: new FakeScheduler() });
    chaos.push({ message: msg(1) });
    assert.equal(out.length, 1);
  });

  it('drops, delays and reorders deliveries but passes answers to requests', () => {
    const randoms = [0.9, 0.9, /* m1: keep, delay 900*10 */ 0.9, 0.1, /* m2: keep, delay 100 */ 0.05 /* m3: drop */];
    const scheduler = new FakeScheduler({ random: () => randoms.shift() });
    const out = [];
    const chaos = new ChaosFilter((f) => out.push(kindOf(f) === 'message' ? Number(f.message.seq) : kindOf(f)),
      { scheduler, dropRate: 0.2, maxDelayMs: 1000 });
    chaos.setEnabled(true);
    chaos.push({ message: msg(1) });
    chaos.push({ message: msg(2) });
    chaos.push({ message: msg(3) });
    chaos.push({ requestId: 'y1', syncResult: { messages: [] } });
    assert.deepEqual(out, ['syncResult']);
    scheduler.advance(1000);
    assert.deepEqual(out, ['syncResult', 2, 1]);
    assert.equal(chaos.stats.dropped, 1);
    assert.equal(chaos.stats.overtaken, 1);
  });

  it('names the kind of a frame', () => {
    assert.equal(kindOf({ requestId: 'x', pong: {} }), 'pong');
    assert.equal(kindOf({}), '');
  });
});
