// Overload: past limits.calls_in_flight on the whole node a call is refused
// at once with FLOOD_WAIT "the node is busy" — never queued into TIMEOUT —
// every refused message is absent and every acknowledged one present, and
// the node serves normally once the burst is over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Node, device } from './harness.mjs';

test('a burst over the node-wide cap is refused at once, nothing acknowledged is lost', { timeout: 60000 }, async () => {
  const node = await new Node({
    env: {
      ACTORGRAM_LIMITS_CALLS_IN_FLIGHT: '16',
      ACTORGRAM_LIMITS_MESSAGES_PER_SECOND: '100000',
      ACTORGRAM_LIMITS_MESSAGES_BURST: '100000',
    },
  }).start();
  try {
    const alice = await node.signUp('alice_burst');
    const bob = await node.signUp('bob_burst');
    const sockets = await Promise.all(Array.from({ length: 8 }, () => device(node, alice.token)));
    const peer = { type: 'user', id: bob.user.id };
    const t0 = Date.now();
    const sent = sockets.flatMap((d, i) => Array.from({ length: 40 }, (_, j) => {
      const text = `burst ${i}.${j}`;
      return d.request('messages.sendMessage', { peer, message: text, random_id: String(1000 * i + j + 1) })
        .then((r) => ({ text, r }));
    }));
    const answers = await Promise.all(sent);
    const names = {};
    for (const { r } of answers) {
      const name = r.error ? r.error.message : 'ok';
      names[name] = (names[name] ?? 0) + 1;
      if (r.error) {
        assert.equal(r.error.message, 'FLOOD_WAIT', JSON.stringify(r.error));
        assert.match(r.error.data.description ?? JSON.stringify(r.error), /busy|in flight/);
        assert.ok(r.error.data.retry_after >= 1);
      }
    }
    assert.ok(names.FLOOD_WAIT > 0, `320 calls at once over a cap of 16 were all admitted: ${JSON.stringify(names)}`);
    assert.ok(names.ok > 0, JSON.stringify(names));
    assert.ok(Date.now() - t0 < 5000, `the burst took ${Date.now() - t0} ms`);

    // Exactly the acknowledged messages are in bob's history, once each.
    const b = await device(node, bob.token);
    const texts = [];
    for (let offset_id = 0; ;) {
      const h = await b.ok('messages.getHistory', { peer: { type: 'user', id: alice.user.id }, offset_id, limit: 100 });
      if (h.messages.length === 0) break;
      texts.push(...h.messages.map((m) => m.text));
      offset_id = h.messages[h.messages.length - 1].id;
    }
    texts.sort();
    const acked = answers.filter(({ r }) => !r.error).map(({ text }) => text).sort();
    assert.deepEqual(texts, acked);

    // The count of calls in flight went back to zero, and the node serves.
    const metrics = await (await fetch(`${node.http}/metrics`)).text();
    assert.match(metrics, /^actorgram_ws_calls_in_flight 0$/m);
    const after = await sockets[0].request('messages.sendMessage', { peer, message: 'after the burst', random_id: '999999' });
    assert.ok(!after.error, JSON.stringify(after));
    for (const d of [...sockets, b]) await d.close();
  } finally {
    await node.stop().catch(() => {});
    node.cleanup();
  }
});
