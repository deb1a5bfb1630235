// Durability under kill -9: a load of acknowledged sends, SIGKILL at random
// moments, restart; every acknowledged message is present exactly once in
// both users' histories, resends of unacknowledged ones stay idempotent, and
// every user's pts log is gap-free.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Node, sleep } from './harness.mjs';

const USERS = 6;
const CYCLES = 4;

let seq = 0;  // random_ids stay unique across cycles

async function loadUntilKilled(node, users, acked, unknown, runMs) {
  let stop = false;
  const sender = async (u) => {
    while (!stop) {
      const peer = users[(users.indexOf(u) + 1 + Math.floor(Math.random() * (USERS - 1))) % USERS];
      const randomId = `${u.user.id}${String(++seq).padStart(9, '0')}`;
      const text = `from ${u.user.id} #${randomId}`;
      const params = { peer: { type: 'user', id: peer.user.id }, message: text, random_id: randomId };
      try {
        const r = await node.call('messages.sendMessage', params, u.token);
        if (r.body.ok) acked.set(randomId, { from: u, to: peer, text, id: r.body.result.message.id });
        else unknown.set(randomId, { from: u, params });
      } catch {
        unknown.set(randomId, { from: u, params });  // the node died mid-request
      }
    }
  };
  const runners = users.flatMap((u) => [sender(u), sender(u)]);
  await sleep(runMs);
  await node.kill9();
  stop = true;
  await Promise.all(runners);
}

async function history(node, me, peer) {
  const out = [];
  let offset = 0;
  for (;;) {
    const page = await node.ok('messages.getHistory', { peer: { type: 'user', id: peer.user.id }, offset_id: offset, limit: 100 }, me.token);
    out.push(...page.messages);
    if (page.messages.length < 100) return out;
    offset = page.messages[page.messages.length - 1].id;
  }
}

test('no acknowledged message is lost or duplicated across kill -9', { timeout: 240000 }, async () => {
  const node = await new Node({
    env: { ACTORGRAM_LIMITS_MESSAGES_PER_SECOND: '100000', ACTORGRAM_LIMITS_MESSAGES_BURST: '100000' },
  }).start();
  try {
    const users = [];
    for (let i = 0; i < USERS; i++) users.push(await node.signUp(`crash_${i}`));
    const acked = new Map();
    const unknown = new Map();
    for (let c = 0; c < CYCLES; c++) {
      await loadUntilKilled(node, users, acked, unknown, 300 + Math.floor(Math.random() * 1200));
      await node.start();
      // Resend what was in flight: the same random_id must never make a second message.
      for (const [rid, { from, params }] of unknown) {
        const r = await node.call('messages.sendMessage', params, from.token);
        assert.ok(r.body.ok, JSON.stringify(r.body));
        acked.set(rid, { from, to: users.find((u) => u.user.id === params.peer.id), text: params.message, id: r.body.result.message.id });
        const again = await node.call('messages.sendMessage', params, from.token);
        assert.equal(again.body.result.message.id, r.body.result.message.id);
      }
      unknown.clear();
    }
    assert.ok(acked.size > 100, `only ${acked.size} messages were acknowledged`);

    // Pending deliveries replay on start; give them a moment.
    let mismatch = '';
    for (let attempt = 0; attempt < 50; attempt++) {
      mismatch = '';
      const texts = new Map();  // user id -> Map(text -> count)
      for (const me of users) {
        const seen = new Map();
        for (const peer of users) {
          if (peer === me) continue;
          for (const m of await history(node, me, peer)) seen.set(m.text, (seen.get(m.text) ?? 0) + 1);
        }
        texts.set(me.user.id, seen);
      }
      for (const [rid, m] of acked) {
        const inSender = texts.get(m.from.user.id).get(m.text) ?? 0;
        const inRecipient = texts.get(m.to.user.id).get(m.text) ?? 0;
        if (inSender !== 1 || inRecipient !== 1) {
          mismatch = `${rid}: sender has ${inSender}, recipient has ${inRecipient}`;
          break;
        }
      }
      for (const [uid, seen] of texts) {
        for (const [t, n] of seen) if (n !== 1) mismatch ||= `user ${uid} has "${t}" ${n} times`;
      }
      if (!mismatch) break;
      await sleep(200);
    }
    assert.equal(mismatch, '', 'every acknowledged message exactly once on both sides');

    // pts is gap-free: every update in the log is one message, in order.
    for (const me of users) {
      const state = await node.ok('updates.getState', {}, me.token);
      let pts = 0;
      let messages = 0;
      for (;;) {
        const d = await node.ok('updates.getDifference', { pts, limit: 1000 }, me.token);
        if (d._ === 'differenceEmpty') break;
        assert.equal(d.state.pts - pts, d.new_messages.length, `hole in the pts log of user ${me.user.id} after pts ${pts}`);
        messages += d.new_messages.length;
        pts = d.state.pts;
      }
      assert.equal(pts, state.pts);
      let total = 0;
      for (const peer of users) if (peer !== me) total += (await history(node, me, peer)).length;
      assert.equal(messages, total, `user ${me.user.id}: pts log and boxes agree`);
    }
    console.log(`# crash test: ${acked.size} acknowledged messages over ${CYCLES} kill -9 cycles`);
  } finally {
    await node.stop().catch(() => {});
    node.cleanup();
  }
});
