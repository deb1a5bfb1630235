// kill -9 of one node of three under a load of messages between users of
// every node: calls needing the dead node fail fast with UNAVAILABLE (and
// retry_after), the others keep working, a client of the dead node carries
// on through another (one whose user's node died is told to retry later),
// and after the restart every acknowledged message is in both histories
// exactly once, with every pts log gap-free.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from './cluster_harness.mjs';
import { device, sleep } from './harness.mjs';

const PER_NODE = 2;
let seq = 0;

async function usersOn(c, prefix) {
  const users = [];
  const count = new Map();
  for (let i = 0; users.length < 3 * PER_NODE && i < 200; ++i) {
    const u = await c.node(1 + (i % 3)).signUp(`${prefix}${i}`);
    const home = c.homeOf(u.user.id);
    if ((count.get(home) ?? 0) >= PER_NODE) continue;
    count.set(home, (count.get(home) ?? 0) + 1);
    users.push({ ...u, home });
  }
  assert.equal(users.length, 3 * PER_NODE);
  return users;
}

async function history(node, me, peer) {
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

test('kill -9 of a node under cross-node load: fast UNAVAILABLE, nothing acknowledged lost or doubled',
  { timeout: 300000 }, async () => {
    const c = await new Cluster(3, {
      env: {
        ACTORGRAM_LIMITS_MESSAGES_PER_SECOND: '100000',
        ACTORGRAM_LIMITS_MESSAGES_BURST: '100000',
      },
    }).start();
    let stop = false;
    try {
      const users = await usersOn(c, 'crashc_');
      const alive = new Set([1, 2, 3]);
      const acked = new Map();
      const unknown = new Map();
      const outage = { unavailable: 0, slowestFailureMs: 0, during: false, okDuring: 0 };
      const sender = async (u) => {
        while (!stop) {
          const peers = users.filter((p) => p !== u);
          const peer = peers[Math.floor(Math.random() * peers.length)];
          const via = [...alive][Math.floor(Math.random() * alive.size)];
          const randomId = `${u.user.id}${String(++seq).padStart(9, '0')}`;
          const params = { peer: { type: 'user', id: peer.user.id },
            message: `from ${u.user.id} #${randomId}`, random_id: randomId };
          const t0 = Date.now();
          try {
            const r = await c.node(via).call('messages.sendMessage', params, u.token);
            if (r.body.ok) {
              acked.set(randomId, { from: u, to: peer, text: params.message });
              if (outage.during) outage.okDuring++;
            } else {
              unknown.set(randomId, { from: u, params });
              if (outage.during && r.body.error === 'UNAVAILABLE') {
                outage.unavailable++;
                assert.equal(r.status, 503);
                assert.ok(r.body.parameters?.retry_after > 0 || r.body.retry_after > 0,
                  JSON.stringify(r.body));
                outage.slowestFailureMs = Math.max(outage.slowestFailureMs, Date.now() - t0);
              }
            }
          } catch {
            unknown.set(randomId, { from: u, params }); // its node died mid-request
          }
        }
      };
      // A device of a user of node 1, connected through node 3.
      const watcher = users.find((u) => u.home === 1);
      const dev = await device(c.node(3), watcher.token);
      const before = await c.node(1).ok('updates.getState', {}, watcher.token);
      // A device of a user of node 3, connected through node 1.
      const stranded = await device(c.node(1), users.find((u) => u.home === 3).token);

      const runners = users.flatMap((u) => [sender(u), sender(u)]);
      await sleep(1500);
      alive.delete(3);
      await c.node(3).kill9();
      outage.during = true;
      await sleep(2500);
      outage.during = false;
      // The device of the dead node reconnects elsewhere and catches up.
      await dev.closedP;
      // The other loses its user's node: told to come back later (1013).
      const closed = await stranded.closedP;
      assert.equal(closed.code, 1013, JSON.stringify(closed));
      const again = await device(c.node(2), watcher.token);
      const diff = await again.ok('updates.getDifference', { pts: before.pts, limit: 1000 });
      assert.ok(diff.state.pts >= before.pts);
      again.close();
      await c.node(3).start();
      alive.add(3);
      await sleep(1000);
      stop = true;
      await Promise.all(runners);
      await c.converged();

      assert.ok(outage.unavailable > 0, 'calls needing the dead node were refused');
      assert.ok(outage.okDuring > 0, 'calls not needing it kept working');
      assert.ok(outage.slowestFailureMs < 1500,
        `UNAVAILABLE came after ${outage.slowestFailureMs} ms`);

      // Resend what was not acknowledged: the same random_id never makes a second message.
      for (const [rid, { from, params }] of unknown) {
        let r;
        for (let i = 0; i < 50; ++i) {
          r = await c.node(1 + (i % 3)).call('messages.sendMessage', params, from.token);
          if (r.body.ok) break;
          await sleep(200);
        }
        assert.ok(r.body.ok, JSON.stringify(r.body));
        acked.set(rid, { from, to: users.find((x) => x.user.id === params.peer.id),
          text: params.message });
      }
      assert.ok(acked.size > 100, `only ${acked.size} acknowledged`);

      // Every acknowledged message once in the sender's and the recipient's history.
      let mismatch = '';
      for (let attempt = 0; attempt < 60; ++attempt) {
        mismatch = '';
        const texts = new Map();
        for (const me of users) {
          const seen = new Map();
          for (const peer of users)
            if (peer !== me)
              for (const m of await history(c.node(1 + (attempt % 3)), me, peer))
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

      // pts gap-free for every user, read through a node that is not theirs.
      for (const me of users) {
        const via = c.node((me.home % 3) + 1);
        const state = await via.ok('updates.getState', {}, me.token);
        let pts = 0;
        for (;;) {
          const d = await via.ok('updates.getDifference', { pts, limit: 1000 }, me.token);
          if (d._ === 'differenceEmpty') break;
          assert.equal(d.state.pts - pts, d.new_messages.length,
            `hole in the pts log of user ${me.user.id} after pts ${pts}`);
          pts = d.state.pts;
        }
        assert.equal(pts, state.pts);
      }
      console.log(`# cluster crash: ${acked.size} acknowledged, ${outage.unavailable} UNAVAILABLE `
        + `during the outage (slowest ${outage.slowestFailureMs} ms), ${outage.okDuring} sent meanwhile`);
    } finally {
      stop = true; // the senders end with the test, however it ends
      await c.stop();
    }
  });
