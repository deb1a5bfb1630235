// Property test: random operation sequences from several devices. Every
// device rebuilds its user's state from the pushes it saw plus
// updates.getDifference (after gaps and reconnects), and that view must
// equal the server's (getDialogs + getHistory): the same live messages with
// the same texts, read state, unread counts and pins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Node, device, sleep } from './harness.mjs';

let node;
before(async () => {
  node = await new Node({ env: { ACTORGRAM_LIMITS_MESSAGES_PER_SECOND: '1000', ACTORGRAM_LIMITS_MESSAGES_BURST: '1000' } }).start();
});
after(async () => { await node.stop(); node.cleanup(); });

/// Deterministic PRNG (mulberry32), seeded per run and printed on failure.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const peerKey = (p) => `${p.type}:${p.id}`;

/// One device's view, built only from pushes and getDifference.
class Replica {
  constructor(user) {
    this.user = user;
    this.pts = 0;
    this.messages = new Map(); // box id -> {text, peer, out, deleted}
    this.dialogs = new Map();  // peer key -> {read_inbox_max_id, pinned}
    this.buffer = [];
    this.seen = 0;
    this.gaps = 0;
    this.differences = 0;
  }

  async connect() {
    this.dev = await device(node, this.user.token);
    this.seen = 0;
  }

  async disconnect() {
    await this.dev.close();
    this.dev = null;
  }

  dialog(peer) {
    const k = peerKey(peer);
    if (!this.dialogs.has(k)) this.dialogs.set(k, { read_inbox_max_id: 0, pinned: false });
    return this.dialogs.get(k);
  }

  addMessage(m) {
    this.messages.set(m.id, { text: m.text ?? `<${m.action?._}>`, peer: peerKey(m.peer), out: m.out, deleted: false });
    this.dialog(m.peer);
  }

  apply(u) {
    switch (u._) {
      case 'updateNewMessage': this.addMessage(u.message); break;
      case 'updateEditMessage': {
        const m = this.messages.get(u.message.id);
        if (m) m.text = u.message.text;
        break;
      }
      case 'updateDeleteMessages':
        for (const id of u.messages) { const m = this.messages.get(id); if (m) m.deleted = true; }
        break;
      case 'updateReadHistoryInbox': this.dialog(u.peer).read_inbox_max_id = u.max_id; break;
      case 'updateDialogPinned': this.dialog(u.peer).pinned = u.pinned; break;
      default: break; // read outbox, status, typing, participants: not compared
    }
  }

  /// Applies new pushes in pts order; a gap is filled with getDifference.
  async sync() {
    if (this.dev) {
      const fresh = this.dev.pushes.slice(this.seen);
      this.seen = this.dev.pushes.length;
      for (const p of fresh)
        if (p.method === 'updates')
          for (const u of p.params.updates) if (u.pts) this.buffer.push(u);
    }
    this.buffer.sort((a, b) => a.pts - b.pts);
    while (this.buffer.length) {
      const u = this.buffer[0];
      if (u.pts <= this.pts) { this.buffer.shift(); continue; }
      if (u.pts - u.pts_count === this.pts) {
        this.apply(u);
        this.pts = u.pts;
        this.buffer.shift();
        continue;
      }
      this.gaps++;
      await this.difference();
    }
  }

  async difference() {
    for (;;) {
      this.differences++;
      const d = await node.ok('updates.getDifference', { pts: this.pts, limit: 50 }, this.user.token);
      assert.notEqual(d._, 'differenceTooLong');
      for (const m of d.new_messages) this.addMessage(m);
      for (const u of d.other_updates) this.apply(u);
      this.pts = d.state.pts;
      if (d._ !== 'differenceSlice') return;
    }
  }

  view() {
    const live = {};
    for (const [id, m] of this.messages) if (!m.deleted) live[id] = `${m.peer} ${m.text}`;
    const dialogs = {};
    for (const [k, d] of this.dialogs) {
      const unread = [...this.messages].filter(([id, m]) => m.peer === k && !m.out && !m.deleted && id > d.read_inbox_max_id).length;
      const hasLive = [...this.messages.values()].some((m) => m.peer === k && !m.deleted);
      if (hasLive) dialogs[k] = { read_inbox_max_id: d.read_inbox_max_id, pinned: d.pinned, unread_count: unread };
    }
    return { live, dialogs };
  }
}

/// What the server holds for `user`, through the read methods.
async function serverView(user) {
  const live = {};
  const dialogs = {};
  const r = await node.ok('messages.getDialogs', { limit: 100 }, user.token);
  for (const d of r.dialogs) {
    const k = peerKey(d.peer);
    dialogs[k] = { read_inbox_max_id: d.read_inbox_max_id, pinned: d.pinned, unread_count: d.unread_count };
    let offset = 0;
    for (;;) {
      const h = await node.ok('messages.getHistory', { peer: d.peer, limit: 100, offset_id: offset }, user.token);
      for (const m of h.messages) live[m.id] = `${k} ${m.text ?? `<${m.action?._}>`}`;
      if (h.messages.length < 100) break;
      offset = h.messages.at(-1).id;
    }
  }
  return { live, dialogs };
}

test('random operations from several devices: every device converges to the server state', async () => {
  const seed = Number(process.env.PROPERTY_SEED ?? Date.now() % 1000000);
  const rand = rng(seed);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const users = await Promise.all(['pa_prop', 'pb_prop', 'pc_prop'].map((u) => node.signUp(u)));
  const chat = (await node.ok('messages.createChat', { title: 'prop', user_ids: [users[1].user.id, users[2].user.id] }, users[0].token)).chat;
  const chatPeer = { type: 'chat', id: chat.id };
  const replicas = [];
  for (const u of users)
    for (let d = 0; d < 2; d++) {
      const r = new Replica(u);
      await r.connect();
      replicas.push(r);
    }
  const sent = users.map(() => []); // per user: {peer, id} of own messages
  const counts = {};
  const op = async (i) => {
    const ui = Math.floor(rand() * 3);
    const me = users[ui];
    const others = users.filter((_, j) => j !== ui);
    const peer = rand() < 0.35 ? chatPeer : { type: 'user', id: pick(others).user.id };
    const roll = rand();
    let kind;
    if (roll < 0.5 || sent[ui].length === 0) {
      kind = 'send';
      const r = await node.ok('messages.sendMessage', { peer, message: `op${i} by ${ui}` }, me.token);
      sent[ui].push({ peer, id: r.message.id });
    } else if (roll < 0.65) {
      kind = 'edit';
      const m = pick(sent[ui]);
      const r = await node.call('messages.editMessage', { peer: m.peer, id: m.id, message: `edit${i}` }, me.token);
      assert.ok(r.body.ok || ['MESSAGE_ID_INVALID'].includes(r.body.error), JSON.stringify(r.body));
    } else if (roll < 0.75) {
      kind = 'delete';
      const m = pick(sent[ui]);
      sent[ui] = sent[ui].filter((x) => x !== m);
      const r = await node.call('messages.deleteMessages', { ids: [m.id], revoke: rand() < 0.7 }, me.token);
      // Concurrent ops of one user may pick the same message.
      assert.ok(r.body.ok || r.body.error === 'MESSAGE_ID_INVALID', JSON.stringify(r.body));
    } else if (roll < 0.88) {
      kind = 'read';
      const target = rand() < 0.5 ? chatPeer : { type: 'user', id: pick(others).user.id };
      await node.ok('messages.readHistory', { peer: target }, me.token);
    } else if (roll < 0.95) {
      kind = 'pin';
      const target = rand() < 0.5 ? chatPeer : { type: 'user', id: pick(others).user.id };
      const r = await node.call('messages.toggleDialogPin', { peer: target, pinned: rand() < 0.6 }, me.token);
      // A dialog exists once it has a message.
      assert.ok(r.body.ok || r.body.error === 'PEER_ID_INVALID', JSON.stringify(r.body));
    } else {
      kind = 'reconnect';
      const r = pick(replicas);
      if (r.dev) {
        await r.disconnect();
        setTimeout(() => { r.connect().then(() => r.sync()); }, Math.floor(rand() * 200));
      }
    }
    counts[kind] = (counts[kind] ?? 0) + 1;
  };
  const steps = 240;
  for (let i = 0; i < steps; i += 3) {
    // Three operations at once, from (usually) different users.
    await Promise.all([op(i), op(i + 1), op(i + 2)]);
    if (i % 30 === 0) for (const r of replicas) if (r.dev) await r.sync();
  }
  await sleep(500);
  for (const r of replicas) {
    if (!r.dev) await r.connect();
  }
  await sleep(300);
  const expected = await Promise.all(users.map((u) => serverView(u)));
  for (const [i, r] of replicas.entries()) {
    const ui = Math.floor(i / 2);
    // Pushes first; then whatever a device missed comes from getDifference.
    await r.sync();
    await r.difference();
    await r.sync();
    const state = await node.ok('updates.getState', {}, users[ui].token);
    assert.equal(r.pts, state.pts, `seed ${seed}: device ${i} pts`);
    for (const [k, d] of Object.entries(r.view().dialogs)) {
      const e = expected[ui].dialogs[k];
      if (JSON.stringify(d) !== JSON.stringify(e && { read_inbox_max_id: e.read_inbox_max_id, pinned: e.pinned, unread_count: e.unread_count })) {
        console.log('DIFF', k, JSON.stringify(d), JSON.stringify(e));
        console.log(JSON.stringify([...r.messages].filter(([id, m]) => m.peer === k)));
      }
    }
    assert.deepEqual(r.view(), expected[ui], `seed ${seed}: device ${i} of user ${ui} differs from the server`);
  }
  const totals = replicas.reduce((a, r) => ({ gaps: a.gaps + r.gaps, diffs: a.diffs + r.differences }), { gaps: 0, diffs: 0 });
  console.log(`property: seed ${seed}, ops ${JSON.stringify(counts)}, gaps ${totals.gaps}, getDifference calls ${totals.diffs}`);
  assert.ok(counts.send > 50 && counts.edit > 5 && counts.delete > 5);
});
