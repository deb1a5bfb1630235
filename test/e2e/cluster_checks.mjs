// What the cluster tests check after a disturbance (a node killed, shards
// handed off) under a load of 1:1 messages: every acknowledged message once
// in both histories, every pts log gap-free, and a resend of what was not
// acknowledged never making a second copy.
import assert from 'node:assert/strict';
import { sleep } from './harness.mjs';

let seq = 0;

/// Node settings for a load test: no per-user message rate limit.
export const loadEnv = {
  ACTORGRAM_LIMITS_MESSAGES_PER_SECOND: '100000',
  ACTORGRAM_LIMITS_MESSAGES_BURST: '100000',
};

export async function history(node, me, peer) {
  const out = [];
  let offset = 0;
  for (;;) {
    const page = await node.ok('messages.getHistory',
      { peer: { type: 'user', id: peer.user.id }, offset_id: offset, limit: 100 }, me.token);
    out.push(...page.messages);
    if (page.messages.length < 100) return out;
    offset = page.messages[page.messages.length - 1].id;
  }
}

/// A load of 1:1 messages from every user to random others, through the
/// nodes `via()` picks: `acked` and `unknown` (failed or cut off) by
/// random_id; `onResult(response, ms)` sees each answer.
export function messageLoad(c, users, via, onResult = () => {}) {
  const load = { acked: new Map(), unknown: new Map(), stop: false, runners: [] };
  const sender = async (u) => {
    while (!load.stop) {
      const peers = users.filter((p) => p !== u);
      const peer = peers[Math.floor(Math.random() * peers.length)];
      const randomId = `${u.user.id}${String(++seq).padStart(9, '0')}`;
      const params = { peer: { type: 'user', id: peer.user.id },
        message: `from ${u.user.id} #${randomId}`, random_id: randomId };
      const t0 = Date.now();
      try {
        const r = await c.node(via()).call('messages.sendMessage', params, u.token);
        if (r.body.ok) load.acked.set(randomId, { from: u, to: peer, text: params.message });
        else load.unknown.set(randomId, { from: u, params });
        onResult(r, Date.now() - t0);
      } catch {
        load.unknown.set(randomId, { from: u, params }); // its node died mid-request
      }
    }
  };
  load.runners = users.flatMap((u) => [sender(u), sender(u)]);
  load.end = async () => {
    load.stop = true;
    await Promise.all(load.runners);
  };
  return load;
}

/// Resends what was not acknowledged (the same random_id never makes a
/// second message) until each is.
export async function resendUnknown(c, users, load) {
  for (const [rid, { from, params }] of load.unknown) {
    let r;
    for (let i = 0; i < 50; ++i) {
      r = await c.node(1 + (i % c.n)).call('messages.sendMessage', params, from.token);
      if (r.body.ok) break;
      await sleep(200);
    }
    assert.ok(r.body.ok, JSON.stringify(r.body));
    load.acked.set(rid, { from, to: users.find((x) => x.user.id === params.peer.id),
      text: params.message });
  }
}

/// Every acknowledged message once in the sender's and the recipient's
/// history (deliveries may still be on their way: retried for a while).
export async function assertExactlyOnce(c, users, acked) {
  let mismatch = '';
  for (let attempt = 0; attempt < 60; ++attempt) {
    mismatch = '';
    const texts = new Map();
    for (const me of users) {
      const seen = new Map();
      for (const peer of users)
        if (peer !== me)
          for (const m of await history(c.node(1 + (attempt % c.n)), me, peer))
            seen.set(m.text, (seen.get(m.text) ?? 0) + 1);
      texts.set(me.user.id, seen);
    }
    for (const [rid, m] of acked) {
      const s = texts.get(m.from.user.id).get(m.text) ?? 0;
      const r = texts.get(m.to.user.id).get(m.text) ?? 0;
      if (s !== 1 || r !== 1) { mismatch = `${rid}: sender ${s}, recipient ${r}`; break; }
    }
    for (const [uid, seen] of texts)
      for (const [t, n] of seen) if (n !== 1) mismatch ||= `user ${uid} has "${t}" ${n} times`;
    if (!mismatch) break;
    await sleep(250);
  }
  assert.equal(mismatch, '', 'every acknowledged message exactly once on both sides');
}

/// pts gap-free for every user, read through `via(user)`.
export async function assertPtsGapFree(users, via) {
  for (const me of users) {
    const node = via(me);
    const state = await node.ok('updates.getState', {}, me.token);
    let pts = 0;
    for (;;) {
      const d = await node.ok('updates.getDifference', { pts, limit: 1000 }, me.token);
      if (d._ === 'differenceEmpty') break;
      assert.equal(d.state.pts - pts, d.new_messages.length,
        `hole in the pts log of user ${me.user.id} after pts ${pts}`);
      pts = d.state.pts;
    }
    assert.equal(pts, state.pts);
  }
}
