// Durability under kill -9: a load of acknowledged sends, SIGKILL at random
// moments, restart; every acknowledged message is present exactly once in
// both users' histories, resends of unacknowledged ones stay idempotent, and
// every user's pts log is gap-free. Uploads too: acknowledged parts and
// sent media survive kills.
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

/// user id -> a Map filled by add(map, message) from each private history.
async function boxes(node, users, add) {
  const out = new Map();
  for (const me of users) {
    const seen = new Map();
    for (const peer of users)
      if (peer !== me) for (const m of await history(node, me, peer)) add(seen, m);
    out.set(me.user.id, seen);
  }
  return out;
}

// Every storage.sync setting: `none` skips fsync, which a power loss could
// cost, but not a killed process (the WAL is in the page cache).
for (const sync of ['batch', 'always', 'none']) test(`no acknowledged message is lost or duplicated across kill -9 (storage.sync: ${sync})`, { timeout: 240000 }, async () => {
  const node = await new Node({
    env: {
      ACTORGRAM_LIMITS_MESSAGES_PER_SECOND: '100000',
      ACTORGRAM_LIMITS_MESSAGES_BURST: '100000',
      ACTORGRAM_STORAGE_SYNC: sync,
    },
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
      const texts = await boxes(node, users, (seen, m) => seen.set(m.text, (seen.get(m.text) ?? 0) + 1));
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
    console.log(`# crash test (sync ${sync}): ${acked.size} acknowledged messages over ${CYCLES} kill -9 cycles`);
  } finally {
    await node.stop().catch(() => {});
    node.cleanup();
  }
});

test('edits and deletes in flight survive kill -9 on every copy', { timeout: 240000 }, async () => {
  // A stress test, far above the per-user rates a human needs.
  const node = await new Node({
    env: {
      ACTORGRAM_LIMITS_MESSAGES_PER_SECOND: '100000', ACTORGRAM_LIMITS_MESSAGES_BURST: '100000',
      ACTORGRAM_LIMITS_WRITES_PER_SECOND: '100000', ACTORGRAM_LIMITS_WRITES_BURST: '100000',
    },
  }).start();
  const N = 4;
  try {
    const users = [];
    for (let i = 0; i < N; i++) users.push(await node.signUp(`crashed_${i}`));
    // Each user owns 40 messages to the others; only its own worker touches them.
    const owned = users.map(() => []);
    await Promise.all(users.map(async (u, i) => {
      for (let k = 0; k < 40; k++) {
        const to = users[(i + 1 + (k % (N - 1))) % N];
        const r = await node.ok('messages.sendMessage', { peer: { type: 'user', id: to.user.id }, message: `orig ${i}.${k}` }, u.token);
        owned[i].push({ id: r.message.id, dmid: r.message.dialog_message_id, to, text: `orig ${i}.${k}`, deleted: false });
      }
    }));
    const inflight = users.map(() => null);  // the op a worker had open when the node died
    let edits = 0;
    let deletes = 0;
    const apply = (m, op) => { if (op.kind === 'edit') m.text = op.text; else m.deleted = true; };
    const run = async (i, stop) => {
      const me = users[i];
      let n = 0;
      while (!stop.now) {
        const live = owned[i].filter((m) => !m.deleted);
        if (!live.length) return;
        const m = live[Math.floor(Math.random() * live.length)];
        const op = Math.random() < 0.9 ? { kind: 'edit', text: `edit ${i}.${++n}.${Date.now()}` } : { kind: 'delete' };
        inflight[i] = { m, op };
        try {
          const r = op.kind === 'edit'
            ? await node.call('messages.editMessage', { peer: { type: 'user', id: m.to.user.id }, id: m.id, message: op.text }, me.token)
            : await node.call('messages.deleteMessages', { ids: [m.id], revoke: true }, me.token);
          if (!r.body.ok) throw new Error(JSON.stringify(r.body));
          apply(m, op);
          if (op.kind === 'edit') edits++; else deletes++;
          inflight[i] = null;
        } catch (e) {
          if (!stop.now) throw e;  // only the kill may interrupt a call
          return;
        }
      }
    };
    for (let cycle = 0; cycle < 3; cycle++) {
      const stop = { now: false };
      const workers = users.map((_, i) => run(i, stop));
      await sleep(200 + Math.floor(Math.random() * 600));
      stop.now = true;
      await node.kill9();
      await Promise.allSettled(workers);
      await node.start();
      // An interrupted op is repeated: either it had committed (NOT_MODIFIED /
      // ID_INVALID now) or it commits now; either way its outcome is known.
      for (const [i, f] of inflight.entries()) {
        if (!f) continue;
        const { m, op } = f;
        const r = op.kind === 'edit'
          ? await node.call('messages.editMessage', { peer: { type: 'user', id: m.to.user.id }, id: m.id, message: op.text }, users[i].token)
          : await node.call('messages.deleteMessages', { ids: [m.id], revoke: true }, users[i].token);
        const expected = op.kind === 'edit' ? 'MESSAGE_NOT_MODIFIED' : 'MESSAGE_ID_INVALID';
        assert.ok(r.body.ok || r.body.error === expected, JSON.stringify(r.body));
        apply(m, op);
        inflight[i] = null;
      }
    }
    assert.ok(edits > 20 && deletes > 5, `only ${edits} edits and ${deletes} deletes were acknowledged`);

    // Every copy (sender's and recipient's) shows the last edit, or is gone if deleted.
    let problem = '';
    for (let attempt = 0; attempt < 50; attempt++) {
      problem = '';
      const views = await boxes(node, users, (seen, m) => seen.set(m.dialog_message_id, m.text));
      for (const [i, list] of owned.entries()) {
        for (const m of list) {
          for (const holder of [users[i], m.to]) {
            const text = views.get(holder.user.id).get(m.dmid);
            const want = m.deleted ? undefined : m.text;
            if (text !== want) problem ||= `user ${holder.user.id} has ${JSON.stringify(text)} for ${m.dmid}, expected ${JSON.stringify(want)}`;
          }
        }
      }
      if (!problem) break;
      await sleep(200);
    }
    assert.equal(problem, '');
    console.log(`# crash test: ${edits} edits and ${deletes} deletes acknowledged over 3 kill -9 cycles`);
  } finally {
    await node.stop().catch(() => {});
    node.cleanup();
  }
});

test('acknowledged upload parts and sent media survive kill -9 under load', async () => {
  const { createHash, randomBytes } = await import('node:crypto');
  const node = await new Node().start();
  try {
    const ann = await node.signUp('ann_crash_up');
    const bob = await node.signUp('bob_crash_up');
    const PART = 512 * 1024;
    const TOTAL = 24; // 12 MiB: big-file mode, total declared
    const content = randomBytes(PART * TOTAL);
    const acked = new Set();
    let stop = false;
    let next = 0;
    const put = async (i) => {
      const r = await fetch(`${node.http}/upload/31337/${i}?total_parts=${TOTAL}`, {
        method: 'PUT', headers: { Authorization: `Bearer ${ann.token}` },
        body: content.subarray(i * PART, (i + 1) * PART),
      });
      if ((await r.json()).ok) acked.add(i);
    };
    const runners = Array.from({ length: 4 }, async () => {
      while (!stop && next < TOTAL) {
        const i = next++;
        try { await put(i); } catch { /* the node died mid-request */ }
      }
    });
    // Kill half-way, with parts in flight.
    while (acked.size < TOTAL / 2) await sleep(1);
    await node.kill9();
    stop = true;
    await Promise.all(runners);
    const atKill = acked.size;
    assert.ok(atKill < TOTAL, 'the kill came before the end');

    await node.start();
    const listed = await node.ok('upload.getUploadedParts', { file_id: 31337 }, ann.token);
    for (const i of acked) assert.ok(listed.parts.includes(i), `acknowledged part ${i} lost`);
    // Resume: send only what is missing, then the file as a document.
    for (let i = 0; i < TOTAL; ++i) if (!listed.parts.includes(i)) await put(i);
    const sent = await node.ok('messages.sendMedia', {
      peer: { type: 'user', id: bob.user.id }, media: 'document', file_id: 31337, file_total_parts: TOTAL,
      md5_checksum: createHash('md5').update(content).digest('hex'), file_name: 'big.bin',
    }, ann.token);
    assert.equal(sent.message.media.size, content.length);

    // Kill again right after the acknowledgement: the message and the file stay.
    await node.kill9();
    await node.start();
    const r = await fetch(`${node.http}/file/${sent.message.media.location}`, { headers: { Authorization: `Bearer ${bob.token}` } });
    assert.equal(r.status, 200);
    const got = Buffer.from(await r.arrayBuffer());
    assert.equal(createHash('sha256').update(got).digest('hex'), createHash('sha256').update(content).digest('hex'));
    console.log(`upload crash: ${atKill} of ${TOTAL} parts acknowledged before the kill, all kept`);
  } finally {
    await node.stop();
    node.cleanup();
  }
});
