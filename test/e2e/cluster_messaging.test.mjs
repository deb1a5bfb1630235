// Messaging across a cluster of three real node processes: users live on
// different nodes and connect to yet others; 1:1 and group messages, "not
// me", history and getDifference behave as on one node; files are stored on
// their uploader's node and read through any node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Cluster } from './cluster_harness.mjs';
import { binary, device, eventually, expectError, sleep } from './harness.mjs';

let c;
before(async () => { c = await new Cluster(3).start(); });
after(async () => { await c.stop(); });

/// Signs up users through node 1 until one lives on each node (an account is
/// made on the node its username is indexed on, wherever the call came in).
async function usersOnEveryNode(prefix) {
  const byHome = new Map();
  for (let i = 0; byHome.size < 3 && i < 60; ++i) {
    const u = await c.node(1).signUp(`${prefix}${i}`);
    const home = c.homeOf(u.user.id);
    if (!byHome.has(home)) byHome.set(home, u);
  }
  assert.equal(byHome.size, 3, 'users on every node');
  return [1, 2, 3].map((n) => ({ ...byHome.get(n), home: n }));
}

/// Another node than `home`.
const away = (home, k = 1) => ((home - 1 + k) % 3) + 1;

test('1:1 messages between users of different nodes, each connected to a third', async () => {
  const [a, b] = await usersOnEveryNode('pair_');
  // Alice on a node that is neither hers nor Bob's; Bob on his own and another.
  const third = [1, 2, 3].find((n) => n !== a.home && n !== b.home);
  const a1 = await device(c.node(third), a.token);
  const a2 = await device(c.node(a.home), a.token);
  const b1 = await device(c.node(away(b.home)), b.token);
  await sleep(200);

  const sent = await a1.ok('messages.sendMessage', {
    peer: { type: 'user', id: b.user.id }, message: 'across nodes', random_id: '777000111',
  });
  assert.equal(sent.pts, 1);
  const got = await b1.waitPush((m) => m.method === 'updates'
    && m.params.updates.some((u) => u.message?.text === 'across nodes'));
  assert.equal(got.params.updates[0].message.from_id, a.user.id);
  assert.equal(got.params.updates[0].pts, 1);
  // "Not me" across nodes: her other device gets it, the sending one does not.
  const echo = await a2.waitPush((m) => m.method === 'updates');
  assert.equal(echo.params.updates[0].message.id, sent.message.id);
  await sleep(200);
  assert.equal(a1.newMessages().length, 0);

  // The same random_id through another node: the same message, not a second.
  const again = await c.node(b.home).ok('messages.sendMessage', {
    peer: { type: 'user', id: b.user.id }, message: 'across nodes', random_id: '777000111',
  }, a.token);
  assert.equal(again.message.id, sent.message.id);

  // Both histories, read through every node.
  for (const n of [1, 2, 3]) {
    const h = await c.node(n).ok('messages.getHistory', { peer: { type: 'user', id: a.user.id } },
      b.token);
    assert.deepEqual(h.messages.map((m) => m.text), ['across nodes']);
    const mine = await c.node(n).ok('messages.getHistory', { peer: { type: 'user', id: b.user.id } },
      a.token);
    assert.deepEqual(mine.messages.map((m) => m.text), ['across nodes']);
  }
  for (const d of [a1, a2, b1]) d.close();
});

test('a group chat with members on three nodes: the same order for everyone', async () => {
  const users = await usersOnEveryNode('group_');
  const [owner, ...rest] = users;
  const chat = await c.node(away(owner.home)).ok('messages.createChat', {
    title: 'three nodes', user_ids: rest.map((u) => u.user.id),
  }, owner.token);
  const chatId = chat.chat.id;
  const devices = await Promise.all(users.map((u) => device(c.node(away(u.home, 2)), u.token)));
  await sleep(200);
  for (let round = 0; round < 3; ++round)
    await Promise.all(users.map((u, i) => c.node(away(u.home)).ok('messages.sendMessage', {
      peer: { type: 'chat', id: chatId }, message: `r${round} from ${i}`,
    }, u.token)));
  const orders = [];
  for (const u of users) {
    const h = await eventually(async () => {
      const r = await c.node(u.home).ok('messages.getHistory',
        { peer: { type: 'chat', id: chatId }, limit: 50 }, u.token);
      const texts = r.messages.map((m) => m.text).filter((t) => t?.startsWith('r'));
      assert.equal(texts.length, 9);
      return texts;
    });
    orders.push(h.join('|'));
  }
  assert.equal(orders[1], orders[0], 'every member sees the same order');
  assert.equal(orders[2], orders[0]);
  for (const d of devices) d.close();
});

test('getDifference after reconnecting to another node', async () => {
  const [a, b] = await usersOnEveryNode('diff_');
  const first = await c.node(a.home).ok('updates.getState', {}, b.token);
  for (let i = 0; i < 3; ++i)
    await c.node(away(a.home)).ok('messages.sendMessage',
      { peer: { type: 'user', id: b.user.id }, message: `while away ${i}` }, a.token);
  const d = await device(c.node(away(b.home, 2)), b.token);
  const diff = await eventually(async () => {
    const r = await d.ok('updates.getDifference', { pts: first.pts });
    assert.equal(r.new_messages.length, 3);
    return r;
  });
  assert.deepEqual(diff.new_messages.map((m) => m.text), ['while away 0', 'while away 1',
    'while away 2']);
  d.close();
});

test('users and usernames of every node resolve through any node', async () => {
  const users = await usersOnEveryNode('whois_');
  const ids = users.map((u) => u.user.id);
  for (const n of [1, 2, 3]) {
    const r = await c.node(n).ok('users.getUsers', { ids }, users[0].token);
    assert.deepEqual(r.map((u) => u.id), ids);
    for (const u of users) {
      const found = await c.node(n).ok('contacts.resolveUsername',
        { username: u.user.username }, users[0].token);
      assert.equal(found.users[0].id, u.user.id);
    }
  }
  // Signing in by username works through any node, and the token everywhere.
  for (const n of [1, 2, 3]) {
    const s = await c.node(n).ok('auth.signIn', { username: users[2].user.username,
      password: 'correct horse' });
    assert.equal(s.user.id, users[2].user.id);
    const me = await c.node(away(n)).ok('users.getUsers', { ids: [users[2].user.id] }, s.token);
    assert.equal(me[0].id, users[2].user.id);
  }
  // A username is taken cluster-wide, whichever node is asked.
  for (const n of [1, 2, 3]) {
    const r = await c.node(n).call('auth.signUp', { username: users[1].user.username,
      password: 'correct horse', first_name: 'dup' });
    assert.equal(r.body.error, 'USERNAME_OCCUPIED');
  }
});

/// The node whose idgen made a Snowflake id (bits 12-21).
const madeBy = (id) => Number((BigInt(id) >> 12n) & 1023n);

async function download(n, location, token, headers = {}) {
  const r = await fetch(`${c.node(n).http}/file/${location}`,
    { headers: { Authorization: `Bearer ${token}`, ...headers } });
  const body = Buffer.from(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, body };
}

const failure = async (n, location, token) => {
  const d = await download(n, location, token);
  return { status: d.status, body: JSON.parse(d.body) };
};

test('files: stored on the uploader\'s node wherever the parts come in, read through any node by who may read them', async () => {
  const [a, b, stranger] = await usersOnEveryNode('files_');
  const partSize = 128 * 1024;
  const doc = randomBytes(2 * partSize + 1234);
  // Alice's parts go in through Bob's node, her send through the third.
  const via = b.home;
  const third = stranger.home;
  for (let i = 0; i < 3; ++i) {
    const r = await fetch(`${c.node(via).http}/upload/900/${i}?total_parts=3`, {
      method: 'PUT', headers: { Authorization: `Bearer ${a.token}` },
      body: doc.subarray(i * partSize, (i + 1) * partSize),
    });
    assert.equal(r.status, 200, await r.text());
  }
  // One upload, whichever node is asked.
  for (const n of [1, 2, 3])
    assert.deepEqual((await c.node(n).ok('upload.getUploadedParts', { file_id: '900' }, a.token)).parts,
      [0, 1, 2]);
  const sent = await c.node(third).ok('messages.sendMedia', {
    peer: { type: 'user', id: b.user.id }, media: 'document', file_id: '900', file_total_parts: 3,
    file_name: 'report.bin', random_id: '4242',
  }, a.token);
  const loc = sent.message.media.location;
  assert.equal(madeBy(loc), a.home, 'stored on the uploader\'s node');

  // Both sides, through every node: the same bytes, ranges across a part's end.
  for (const n of [1, 2, 3])
    for (const who of [a, b]) {
      const d = await download(n, loc, who.token);
      assert.equal(d.status, 200, d.body.toString().slice(0, 200));
      assert.ok(d.body.equals(doc), `node ${n} serves the whole file`);
      assert.match(d.headers.get('content-disposition'), /filename="report.bin"/);
    }
  const ranged = await download(third, loc, b.token, { Range: `bytes=${partSize - 100}-${partSize + 99}` });
  assert.equal(ranged.status, 206);
  assert.ok(ranged.body.equals(doc.subarray(partSize - 100, partSize + 100)));
  const chunk = await c.node(third).ok('upload.getFile',
    { location: loc, offset: 2 * partSize - 10, limit: 4096 }, b.token);
  assert.ok(Buffer.from(chunk.bytes, 'base64').equals(doc.subarray(2 * partSize - 10, 2 * partSize + 4086)));
  assert.equal(chunk.size, doc.length);

  // Nobody else, through any node: the same 404 for forbidden and missing.
  for (const n of [1, 2, 3]) {
    expectError(await failure(n, loc, stranger.token), 404, 'LOCATION_INVALID');
    expectError(await c.node(n).call('upload.getFile', { location: loc, offset: 0, limit: 10 },
      stranger.token), 404, 'LOCATION_INVALID');
  }
  expectError(await failure(third, '123456789', b.token), 404, 'LOCATION_INVALID');
  expectError(await failure(third, String((BigInt(loc) & ~(1023n << 12n)) | (900n << 12n)), b.token),
    404, 'LOCATION_INVALID'); // a made-up node

  // A photo: its sizes are made and stored on the sender's node too.
  const dir = mkdtempSync(join(tmpdir(), 'actorgram-cluster-media-'));
  execFileSync(join(dirname(binary), 'actorgram-make-media'), ['png', join(dir, 'p.png'), '400', '300']);
  const png = readFileSync(join(dir, 'p.png'));
  rmSync(dir, { recursive: true, force: true });
  const put = await fetch(`${c.node(third).http}/upload/901/0?total_parts=1`, {
    method: 'PUT', headers: { Authorization: `Bearer ${a.token}` }, body: png,
  });
  assert.equal(put.status, 200);
  const photo = await c.node(via).ok('messages.sendMedia', {
    peer: { type: 'user', id: b.user.id }, media: 'photo', file_id: '901', file_total_parts: 1,
  }, a.token);
  assert.ok(photo.message.media.sizes.length > 0);
  for (const s of photo.message.media.sizes) {
    assert.equal(madeBy(s.location), a.home);
    const d = await download(third, s.location, b.token);
    assert.equal(d.status, 200);
    assert.equal(d.body.length, s.size);
    assert.equal(d.headers.get('content-type'), 'image/jpeg');
    expectError(await failure(via, s.location, stranger.token), 404, 'LOCATION_INVALID');
  }

  // The storing node down: a clear UNAVAILABLE at once, never a hang; back
  // up: the same bytes.
  await c.node(a.home).stop();
  const t0 = Date.now();
  const down = await failure(b.home, loc, b.token);
  expectError(down, 503, 'UNAVAILABLE');
  assert.ok(down.body.parameters?.retry_after > 0 || down.body.retry_after > 0, JSON.stringify(down.body));
  assert.ok(Date.now() - t0 < 3000);
  await c.node(a.home).start();
  await c.converged();
  const back = await eventually(async () => {
    const d = await download(b.home, loc, b.token);
    assert.equal(d.status, 200);
    return d;
  }, 10000);
  assert.ok(back.body.equals(doc));
});
