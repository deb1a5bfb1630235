// A cluster of three real node processes on loopback: they form one shard
// map, notice a node killed (-9) or frozen (SIGSTOP) within the failure
// detection bound, take it back when it returns, and let nothing in that
// does not hold the cluster secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cluster } from './cluster_harness.mjs';
import { Node, eventually, freePort, sleep } from './harness.mjs';

// The harness runs heartbeats every 500 ms, down after 3 s of silence.
const DETECT_MS = 5000;

async function timeUntil(check, ms) {
  const t0 = Date.now();
  await eventually(check, ms);
  return Date.now() - t0;
}

test('three seeds form one shard map, the same on every node', async () => {
  const c = await new Cluster(3).start();
  try {
    const views = await Promise.all([1, 2, 3].map((id) => c.status(id)));
    for (const [i, v] of views.entries()) {
      assert.equal(v.self, i + 1);
      assert.equal(v.map_version, 1);
      assert.deepEqual(v.problems, []);
      assert.deepEqual(v.members.map((m) => m.id).sort(), [1, 2, 3]);
      assert.ok(v.members.every((m) => m.linked), JSON.stringify(v));
      // Every shard owned once, dealt evenly.
      assert.equal(v.members.reduce((n, m) => n + m.shards, 0), 1024);
      assert.deepEqual(v.members.map((m) => m.shards).sort(), [341, 341, 342]);
    }
    // The same owners and incarnations seen from each node.
    const key = (v) => JSON.stringify(v.members.map(({ id, shards, incarnation }) =>
      ({ id, shards, incarnation })).sort((a, b) => a.id - b.id));
    assert.equal(key(views[1]), key(views[0]));
    assert.equal(key(views[2]), key(views[0]));
  } finally {
    await c.stop();
  }
});

test('a node killed with -9 is down within 5 s on the others, and rejoins on restart', async () => {
  const c = await new Cluster(3).start();
  try {
    const before = (await c.status(1)).members.find((m) => m.id === 3);
    await c.node(3).kill9();
    const took = await timeUntil(async () => {
      assert.equal(await c.stateOf(1, 3), 'down');
      assert.equal(await c.stateOf(2, 3), 'down');
    }, DETECT_MS + 3000);
    assert.ok(took <= DETECT_MS, `detected after ${took} ms`);
    // Its shards stay its own while it is away: nothing moves on a failure.
    assert.equal((await c.status(1)).members.find((m) => m.id === 3).shards, before.shards);
    await c.node(3).start();
    await c.converged();
    const after = (await c.status(1)).members.find((m) => m.id === 3);
    assert.ok(after.incarnation > before.incarnation, 'a restart is a newer incarnation');
    assert.equal(after.shards, before.shards);
    assert.equal((await c.status(3)).map_version, 1); // kept in its data dir
  } finally {
    await c.stop();
  }
});

test('a frozen node (SIGSTOP) is down within 5 s, calls needing it fail fast, nothing is written twice, and it converges after SIGCONT', async () => {
  const c = await new Cluster(3).start();
  try {
    // A user of node 1 and one of node 2, and what they said before.
    const users = new Map();
    for (let i = 0; users.size < 2 && i < 60; ++i) {
      const u = await c.node(1).signUp(`frozen_${i}`);
      const home = c.homeOf(u.user.id);
      if (home !== 3 && !users.has(home)) users.set(home, u);
    }
    const [a, b] = [users.get(1), users.get(2)];
    const peerB = { type: 'user', id: b.user.id };
    await c.node(1).ok('messages.sendMessage', { peer: peerB, message: 'before', random_id: '1' }, a.token);
    c.node(2).proc.kill('SIGSTOP');
    const sent = ['before'];
    try {
      const took = await timeUntil(async () => {
        assert.equal(await c.stateOf(1, 2), 'down');
        assert.equal(await c.stateOf(3, 2), 'down');
      }, DETECT_MS + 3000);
      assert.ok(took <= DETECT_MS, `detected after ${took} ms`);
      // The two others still see each other, and nobody took node 2's shards.
      assert.equal(await c.stateOf(1, 3), 'alive');
      for (const n of [1, 3]) assert.equal((await c.status(n)).map_version, 1);
      // What needs node 2 fails at once with a clear error, through either node.
      for (const n of [1, 3]) {
        const t0 = Date.now();
        const r = await c.node(n).call('messages.getHistory', { peer: { type: 'user', id: a.user.id } }, b.token);
        assert.ok(Date.now() - t0 < 3000, 'fast');
        assert.equal(r.status, 503, JSON.stringify(r.body));
        assert.equal(r.body.error, 'UNAVAILABLE');
      }
      // A send to node 2's user is acknowledged (it waits in the sender's
      // outbox) or refused with UNAVAILABLE: never lost once acknowledged.
      for (let i = 0; i < 3; ++i) {
        const t0 = Date.now();
        const r = await c.node(3).call('messages.sendMessage',
          { peer: peerB, message: `during ${i}`, random_id: String(10 + i) }, a.token);
        assert.ok(Date.now() - t0 < 3000, 'fast');
        if (r.status === 200) sent.push(`during ${i}`);
        else assert.equal(r.body.error, 'UNAVAILABLE', JSON.stringify(r.body));
      }
      // Everything else keeps working: Alice's own history through node 3.
      const own = await c.node(3).ok('messages.getHistory', { peer: peerB }, a.token);
      assert.deepEqual(own.messages.map((m) => m.text).reverse(), sent);
    } finally {
      c.node(2).proc.kill('SIGCONT');
    }
    await c.converged();
    for (const n of [1, 2, 3]) {
      const v = await c.status(n);
      assert.equal(v.map_version, 1, 'the map never changed: one writer per shard');
      assert.ok(v.members.every((m) => m.state === 'alive'), JSON.stringify(v));
    }
    // Every acknowledged message reaches Bob exactly once, in order.
    await eventually(async () => {
      const h = await c.node(2).ok('messages.getHistory', { peer: { type: 'user', id: a.user.id } }, b.token);
      assert.deepEqual(h.messages.map((m) => m.text).reverse(), sent);
    }, 15000);
  } finally {
    await c.stop();
  }
});

test('without the cluster secret nothing gets in: not a node, not a client, not garbage', async () => {
  const c = await new Cluster(2).start();
  const wrong = join(c.dir, 'wrong-secret');
  writeFileSync(wrong, 'x'.repeat(48));
  const port = await freePort();
  const stranger = new Node({
    dataDir: join(c.dir, 'stranger'),
    env: { ACTORGRAM_CLUSTER_SECRET_FILE: wrong },
    args: ['--node-id', '9', '--cluster-port', String(port), '--seeds', c.seeds],
  });
  try {
    await stranger.start();
    await eventually(async () => {
      const s = await c.status(9, port, wrong);
      assert.ok(s.problems.some((p) => p.includes("does not hold this cluster's secret")),
        JSON.stringify(s));
    }, 8000);
    // The operator's command with the wrong secret is refused too.
    await assert.rejects(c.status(1, c.ports[0], wrong), /does not hold this cluster's secret/);
    // Bytes that are not the handshake: the connection is closed, nothing else.
    for (const junk of ['GET / HTTP/1.1\r\nHost: x\r\n\r\n', 'AGCL\x01' + 'z'.repeat(200),
      Buffer.alloc(4096, 0)]) {
      const sock = net.connect(c.ports[0], '127.0.0.1');
      sock.on('error', () => {}); // a reset is a close too
      sock.resume(); // read what it answers, so its end is seen
      await new Promise((res) => sock.on('connect', res));
      sock.write(junk);
      const closed = await Promise.race([
        new Promise((res) => sock.on('close', () => res(true))),
        sleep(4000).then(() => false),
      ]);
      sock.destroy();
      assert.ok(closed, 'the cluster port closes a connection that does not prove the secret');
    }
    await sleep(500);
    for (const id of [1, 2]) {
      const s = await c.status(id);
      assert.deepEqual(s.members.map((m) => m.id).sort(), [1, 2], JSON.stringify(s));
      assert.ok(s.members.every((m) => m.state === 'alive'));
    }
    assert.match(c.node(1).log, /refused a connection from 127\.0\.0\.1/);
    assert.ok(!c.node(1).log.includes('x'.repeat(48)), 'the secret is never logged');
  } finally {
    await stranger.stop();
    await c.stop();
  }
});

test('a node refuses to start with a missing or short cluster secret', async () => {
  const c = new Cluster(1);
  try {
    const short = join(c.dir, 'short');
    writeFileSync(short, 'too short');
    for (const [file, why] of [[short, /at least 32 are needed/], [join(c.dir, 'none'), /cannot read/]]) {
      const n = new Node({
        dataDir: join(c.dir, 'n'),
        env: { ACTORGRAM_CLUSTER_SECRET_FILE: file },
        args: ['--cluster-port', String(await freePort())],
      });
      await assert.rejects(n.start(), /did not become ready/);
      const { code } = await n.exited;
      assert.notEqual(code, 0);
      assert.match(n.log, /cluster\.secret_file/);
      assert.match(n.log, why);
    }
  } finally {
    await c.stop();
  }
});
