// Growing a cluster of three to four nodes and draining back to three, with
// a load of 1:1 messages running: `actorgram cluster add 4` hands a fair
// share of the shards (1,024 / 4) to the new node, `cluster drain 4` hands
// them all back; meanwhile calls needing a moving shard answer UNAVAILABLE
// with retry_after, and after it every acknowledged message is in both
// histories exactly once, every pts log is gap-free, and every account
// still signs in through any node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster, shardOf } from './cluster_harness.mjs';
import { eventually, sleep } from './harness.mjs';
import { assertExactlyOnce, assertPtsGapFree, loadEnv, messageLoad, resendUnknown }
  from './cluster_checks.mjs';

test('grow 3 -> 4 and drain back under load: nothing acknowledged lost or doubled',
  { timeout: 300000 }, async () => {
    const c = await new Cluster(3, { env: loadEnv }).start();
    let load;
    try {
      const users = [];
      for (let i = 0; i < 24; ++i)
        users.push(await c.node(1 + (i % 3)).signUp(`grow_${i}`));
      // Some history before the move.
      for (let i = 0; i < users.length; ++i)
        await c.node(1).ok('messages.sendMessage', { peer: { type: 'user',
          id: users[(i + 1) % users.length].user.id }, message: `before ${i}`,
        random_id: String(900000 + i) }, users[i].token);

      const answers = { unavailable: 0, other: new Map() };
      load = messageLoad(c, users, () => 1 + Math.floor(Math.random() * 3), (r) => {
        if (r.body.ok) return;
        if (r.body.error === 'UNAVAILABLE') {
          answers.unavailable++;
          assert.equal(r.status, 503);
          assert.ok(r.body.parameters?.retry_after > 0 || r.body.retry_after > 0,
            JSON.stringify(r.body));
        } else {
          answers.other.set(r.body.error, (answers.other.get(r.body.error) ?? 0) + 1);
        }
      });
      await sleep(1000);

      const four = await c.addNode();
      assert.equal(four, 4);
      const added = await c.move('add', 4, 2);
      assert.equal(added.shards, 256, JSON.stringify(added));
      // The map reaches the other members a moment after the move's report.
      for (let id = 1; id <= 4; ++id) {
        await eventually(async () => {
          const s = await c.status(id);
          assert.equal(s.members.find((m) => m.id === 4).shards, 256, `node ${id}'s view`);
        });
      }
      const owners = (await c.status(4)).owners;
      const moved = users.filter((u) => owners[shardOf(u.user.id)] === 4);
      assert.ok(moved.length > 0, 'some users now live on node 4');
      // A user moved to node 4 works through node 4 and through node 1.
      for (const node of [c.node(4), c.node(1)]) {
        const s = await node.ok('auth.signIn', { username: moved[0].user.username,
          password: 'correct horse' });
        assert.equal(s.user.id, moved[0].user.id);
      }
      await sleep(1500);
      const again = await c.move('add', 4, 3);
      assert.equal(again.shards, 0, 'adding twice moves nothing');

      const drained = await c.move('drain', 4, 1);
      assert.equal(drained.shards, 256, JSON.stringify(drained));
      assert.equal((await c.status(4)).members.find((m) => m.id === 4).shards, 0);
      await sleep(1500);
      await load.end();

      // Known gap (docs/cluster.md): a few calls under way at a switch are
      // lost between the nodes and end in the gateway's TIMEOUT; resent below.
      const timeouts = answers.other.get('TIMEOUT') ?? 0;
      answers.other.delete('TIMEOUT');
      assert.deepEqual([...answers.other], [], 'no error but UNAVAILABLE (or TIMEOUT) during the moves');
      await resendUnknown(c, users, load);
      assert.ok(load.acked.size > 100, `only ${load.acked.size} acknowledged`);
      await assertExactlyOnce(c, users, load.acked);
      await assertPtsGapFree(users, (u) => c.node(1 + (shardOf(u.user.id) % 4)));
      for (const u of users) {
        const s = await c.node(4).ok('auth.signIn', { username: u.user.username,
          password: 'correct horse' });
        assert.equal(s.user.id, u.user.id);
      }
      console.log(`# cluster grow: ${load.acked.size} acknowledged, ${answers.unavailable} UNAVAILABLE, ${timeouts} TIMEOUT; `
        + `add moved ${added.records} records of ${added.users} users in ${added.total_ms} ms `
        + `(frozen ${added.frozen_ms} ms), drain ${drained.records} in ${drained.total_ms} ms`);
    } finally {
      if (load) await load.end(); // the senders end with the test, however it ends
      await c.stop();
    }
  });
