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
import { assertExactlyOnce, assertPtsGapFree, loadEnv, messageLoad, resendUnknown }
  from './cluster_checks.mjs';

const PER_NODE = 2;

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

test('kill -9 of a node under cross-node load: fast UNAVAILABLE, nothing acknowledged lost or doubled',
  { timeout: 300000 }, async () => {
    const c = await new Cluster(3, { env: loadEnv }).start();
    let load;
    try {
      const users = await usersOn(c, 'crashc_');
      const alive = new Set([1, 2, 3]);
      const outage = { unavailable: 0, slowestFailureMs: 0, during: false, okDuring: 0 };
      const onResult = (r, ms) => {
        if (!outage.during) return;
        if (r.body.ok) { outage.okDuring++; return; }
        if (r.body.error !== 'UNAVAILABLE') return;
        outage.unavailable++;
        assert.equal(r.status, 503);
        assert.ok(r.body.parameters?.retry_after > 0 || r.body.retry_after > 0,
          JSON.stringify(r.body));
        outage.slowestFailureMs = Math.max(outage.slowestFailureMs, ms);
      };
      // A device of a user of node 1, connected through node 3.
      const watcher = users.find((u) => u.home === 1);
      const dev = await device(c.node(3), watcher.token);
      const before = await c.node(1).ok('updates.getState', {}, watcher.token);
      // A device of a user of node 3, connected through node 1.
      const stranded = await device(c.node(1), users.find((u) => u.home === 3).token);

      load = messageLoad(c, users, () => [...alive][Math.floor(Math.random() * alive.size)],
        onResult);
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
      // A new socket with that user's token while their node is down: the
      // token cannot be checked now, which is not a bad token (1013, not 4001).
      const late = await device(c.node(1), users.find((u) => u.home === 3).token);
      const lateClosed = await late.closedP;
      assert.equal(lateClosed.code, 1013, JSON.stringify(lateClosed));
      const again = await device(c.node(2), watcher.token);
      const diff = await again.ok('updates.getDifference', { pts: before.pts, limit: 1000 });
      assert.ok(diff.state.pts >= before.pts);
      again.close();
      await c.node(3).start();
      alive.add(3);
      await sleep(1000);
      await load.end();
      await c.converged();

      assert.ok(outage.unavailable > 0, 'calls needing the dead node were refused');
      assert.ok(outage.okDuring > 0, 'calls not needing it kept working');
      assert.ok(outage.slowestFailureMs < 1500,
        `UNAVAILABLE came after ${outage.slowestFailureMs} ms`);

      await resendUnknown(c, users, load);
      assert.ok(load.acked.size > 100, `only ${load.acked.size} acknowledged`);
      await assertExactlyOnce(c, users, load.acked);
      // pts gap-free for every user, read through a node that is not theirs.
      await assertPtsGapFree(users, (me) => c.node((me.home % 3) + 1));
      console.log(`# cluster crash: ${load.acked.size} acknowledged, ${outage.unavailable} UNAVAILABLE `
        + `during the outage (slowest ${outage.slowestFailureMs} ms), ${outage.okDuring} sent meanwhile`);
    } finally {
      if (load) await load.end(); // the senders end with the test, however it ends
      await c.stop();
    }
  });
