// Benchmark: updates.getDifference for a client 10,000 updates behind.
//
//   node scripts/bench_difference.mjs [--updates 10000] [--limit 1000]
//
// Starts a fresh node (build/actorgram, production settings except cheap
// password hashing), gives one user a backlog of updates of every stored
// kind (messages from several users and a chat, edits, deletes, read
// receipts, pins), then replays it from pts 0 in slices of --limit and
// reports each slice's latency (HTTP round trip on loopback).
import { Node } from '../test/e2e/harness.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const total = arg('updates', 10000);
const limit = arg('limit', 1000);

async function pool(n, count, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    for (let i; (i = next++) < count;) await fn(i);
  }));
}

const node = await new Node({ env: {
  ACTORGRAM_LIMITS_MESSAGES_PER_SECOND: '100000', ACTORGRAM_LIMITS_MESSAGES_BURST: '100000',
} }).start();
try {
  const reader = await node.signUp('reader_b');
  const senders = await Promise.all(['s1_bench', 's2_bench', 's3_bench'].map((u) => node.signUp(u)));
  const chat = await node.ok('messages.createChat', { title: 'bench', user_ids: senders.map((s) => s.user.id) }, reader.token);
  const chatPeer = { type: 'chat', id: chat.chat.id };
  const toReader = { type: 'user', id: reader.user.id };

  const t0 = Date.now();
  const edits = Math.floor(total * 0.05);
  const deletes = Math.floor(total * 0.02);
  const messages = total - edits - deletes - 20;
  const sent = [];
  await pool(16, messages, async (i) => {
    const s = senders[i % 3];
    const peer = i % 4 === 0 ? chatPeer : toReader;
    const r = await node.ok('messages.sendMessage', { peer, message: `backlog ${i}` }, s.token);
    if (peer === toReader) sent.push({ s, id: r.message.id });
  });
  await pool(8, edits, async (i) => {
    const { s, id } = sent[i];
    await node.ok('messages.editMessage', { peer: toReader, id, message: `edited ${i}` }, s.token);
  });
  await pool(8, deletes, async (i) => {
    const { s, id } = sent[edits + i];
    await node.ok('messages.deleteMessages', { ids: [id], revoke: true }, s.token);
  });
  for (let i = 0; i < 10; i++) {
    await node.ok('messages.readHistory', { peer: { type: 'user', id: senders[i % 3].user.id } }, reader.token);
    await node.ok('messages.toggleDialogPin', { peer: chatPeer, pinned: i % 2 === 0 }, reader.token);
  }
  // Wait until the reader's log stops growing (copies commit after acks).
  let state = await node.ok('updates.getState', {}, reader.token);
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await node.ok('updates.getState', {}, reader.token);
    if (now.pts === state.pts) break;
    state = now;
  }
  console.log(`backlog: pts ${state.pts} (${messages} sends, ${edits} edits, ${deletes} deletes, reads, pins) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  for (let round = 0; round < 3; round++) {
    let pts = 0;
    const times = [];
    let kinds = {};
    let got = 0;
    for (;;) {
      const start = process.hrtime.bigint();
      const d = await node.ok('updates.getDifference', { pts, limit }, reader.token);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      kinds[d._] = (kinds[d._] ?? 0) + 1;
      got += d.new_messages.length + d.other_updates.length;
      pts = d.state.pts;
      if (d._ !== 'differenceSlice') break;
    }
    const max = Math.max(...times);
    const avg = times.reduce((a, b) => a + b, 0) / times.length;
    console.log(`round ${round + 1}: ${times.length} calls (${JSON.stringify(kinds)}), ${got} messages+updates, per slice avg ${avg.toFixed(1)} ms, max ${max.toFixed(1)} ms, total ${times.reduce((a, b) => a + b, 0).toFixed(0)} ms`);
    if (round === 2)
      console.log(`RESULT updates=${state.pts} limit=${limit} slices=${times.length} avg_ms=${avg.toFixed(1)} max_ms=${max.toFixed(1)}`);
  }
} finally {
  await node.stop();
  node.cleanup();
}
