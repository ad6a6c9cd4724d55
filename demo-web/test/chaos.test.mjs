import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kindOf } from '../../clients/js/src/index.js';
import { ChaosFilter } from '../src/lib/chaos.js';
import { FakeScheduler, msg } from '../../clients/js/test/fake-scheduler.mjs';

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
});
