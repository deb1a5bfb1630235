// Two users, two devices each: live delivery, "not me", offline catch-up,
// idempotent resend, history and dialogs — over the real binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { Node, device, sleep } from './harness.mjs';

let node;
before(async () => { node = await new Node().start(); });
after(async () => { await node.stop(); node.cleanup(); });

test('two users on two devices each see messages live, with "not me"', async () => {
  const alice = await node.signUp('alice_live');
  const bob = await node.signUp('bob_live');
  const a1 = await device(node, alice.token);
  const a2 = await device(node, alice.token);
  const b1 = await device(node);
  const bound = await b1.ok('auth.bindToken', { token: bob.token });
  assert.equal(bound.user.id, bob.user.id);
  const b2 = await device(node);
  await b2.ok('auth.signIn', { username: 'bob_live', password: 'correct horse' });
  await sleep(100);  // subscriptions settle

  const sent = await a1.ok('messages.sendMessage', {
    peer: { type: 'user', id: bob.user.id }, message: 'hi bob 👋', random_id: '12345678901234567890',
  });
  assert.equal(sent.message.text, 'hi bob 👋');
  assert.equal(sent.message.out, true);
  assert.equal(sent.message.random_id, '12345678901234567890');
  assert.equal(sent.pts, 1);

  for (const d of [b1, b2]) {
    const p = await d.waitPush((m) => m.method === 'updates'
      && m.params.updates.some((u) => u._ === 'updateNewMessage' && u.message.text === 'hi bob 👋'));
    const u = p.params.updates[0];
    assert.equal(u.message.out, false);
    assert.equal(u.message.from_id, alice.user.id);
    assert.deepEqual(u.message.peer, { type: 'user', id: alice.user.id });
    assert.equal(u.message.dialog_message_id, sent.message.dialog_message_id);
    assert.equal(u.pts, 1);
    assert.equal(u.pts_count, 1);
    assert.equal(p.params.state.pts, 1);
  }
  // Alice's other device gets the update; the sending device gets only the result.
  const echo = await a2.waitPush((m) => m.method === 'updates');
  assert.equal(echo.params.updates[0].message.id, sent.message.id);
  assert.equal(echo.params.updates[0].message.out, true);
  await sleep(200);
  assert.equal(a1.newMessages().length, 0, 'the sending device must not get its own message pushed');

  // A reply from Bob flows back the same way.
  const reply = await b2.ok('messages.sendMessage', {
    peer: { type: 'user', id: alice.user.id }, message: 'hello alice', reply_to: 1,
  });
  assert.equal(reply.message.reply_to, 1);
  const got = await a1.waitPush((m) => m.method === 'updates'
    && m.params.updates[0].message?.text === 'hello alice');
  assert.equal(got.params.updates[0].message.reply_to, sent.message.id,
    'reply_to is translated into the recipient\'s box ids');
  for (const d of [a1, a2, b1, b2]) await d.close();
});

test('offline catch-up with getDifference, history and dialogs', async () => {
  const carol = await node.signUp('carol_off');
  const dave = await node.signUp('dave_off');
  const state0 = await node.ok('updates.getState', {}, dave.token);
  assert.equal(state0.pts, 0);
  for (let i = 0; i < 25; i++) {
    await node.ok('messages.sendMessage', { peer: { type: 'user', id: dave.user.id }, message: `m${i}` }, carol.token);
  }
  const diff = await node.ok('updates.getDifference', { pts: 0, limit: 10 }, dave.token);
  assert.equal(diff._, 'differenceSlice');
  assert.deepEqual(diff.new_messages.map((m) => m.text), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9']);
  assert.equal(diff.state.pts, 10);
  const rest = await node.ok('updates.getDifference', { pts: 10, limit: 100 }, dave.token);
  assert.equal(rest._, 'difference');
  assert.equal(rest.new_messages.length, 15);
  assert.equal(rest.state.pts, 25);
  const empty = await node.ok('updates.getDifference', { pts: 25 }, dave.token);
  assert.equal(empty._, 'differenceEmpty');

  const hist = await node.ok('messages.getHistory', { peer: { type: 'user', id: carol.user.id }, limit: 5 }, dave.token);
  assert.deepEqual(hist.messages.map((m) => m.text), ['m24', 'm23', 'm22', 'm21', 'm20']);
  assert.ok(hist.users.some((u) => u.id === carol.user.id));
  const older = await node.ok('messages.getHistory', {
    peer: { type: 'user', id: carol.user.id }, offset_id: hist.messages[4].id, limit: 3,
  }, dave.token);
  assert.deepEqual(older.messages.map((m) => m.text), ['m19', 'm18', 'm17']);

  const dialogs = await node.ok('messages.getDialogs', {}, dave.token);
  assert.equal(dialogs.dialogs.length, 1);
  assert.equal(dialogs.dialogs[0].unread_count, 25);
  assert.deepEqual(dialogs.dialogs[0].peer, { type: 'user', id: carol.user.id });
  assert.equal(dialogs.messages[0].text, 'm24');
});

test('the same random_id yields the same message, never a second one', async () => {
  const erin = await node.signUp('erin_idem');
  const finn = await node.signUp('finn_idem');
  const params = { peer: { type: 'user', id: finn.user.id }, message: 'once', random_id: 777 };
  const [r1, r2] = await Promise.all([
    node.call('messages.sendMessage', params, erin.token),
    node.call('messages.sendMessage', params, erin.token),
  ]);
  const oks = [r1, r2].filter((r) => r.body.ok);
  assert.ok(oks.length >= 1);
  const again = await node.ok('messages.sendMessage', params, erin.token);
  assert.equal(again.message.id, oks[0].body.result.message.id);
  const other = await node.call('messages.sendMessage', { ...params, peer: { type: 'user', id: erin.user.id } }, erin.token);
  assert.equal(other.body.error, 'RANDOM_ID_DUPLICATE');
  await sleep(200);
  const hist = await node.ok('messages.getHistory', { peer: { type: 'user', id: erin.user.id } }, finn.token);
  assert.equal(hist.messages.length, 1, 'the recipient has the message exactly once');
});

test('users, usernames and statuses', async () => {
  const gina = await node.signUp('gina_user', 'correct horse', 'Gina');
  const hank = await node.signUp('hank_user');
  const me = await node.ok('users.getMe', {}, gina.token);
  assert.equal(me.first_name, 'Gina');
  const users = await node.ok('users.getUsers', { ids: [hank.user.id, 999999] }, gina.token);
  assert.deepEqual(users.map((u) => u.username), ['hank_user']);
  const resolved = await node.ok('contacts.resolveUsername', { username: 'HANK_user' }, gina.token);
  assert.deepEqual(resolved.peer, { type: 'user', id: hank.user.id });
  const missing = await node.call('contacts.resolveUsername', { username: 'nobody_here' }, gina.token);
  assert.equal(missing.body.error, 'USERNAME_NOT_OCCUPIED');

  // Presence: Hank's device goes online; Gina shares a dialog and is told.
  await node.ok('messages.sendMessage', { peer: { type: 'user', id: hank.user.id }, message: 'yo' }, gina.token);
  const g = await device(node, gina.token);
  await sleep(100);
  const h = await device(node, hank.token);
  const push = await g.waitPush((m) => m.method === 'updates'
    && m.params.updates.some((u) => u._ === 'updateUserStatus' && u.user_id === hank.user.id
      && u.status._ === 'userStatusOnline'));
  assert.ok(push);
  const st = await node.ok('users.getStatuses', { ids: [hank.user.id] }, gina.token);
  assert.equal(st[0].status._, 'userStatusOnline');
  await h.ok('account.updateStatus', { offline: true });
  await g.waitPush((m) => m.method === 'updates'
    && m.params.updates.some((u) => u._ === 'updateUserStatus' && u.status._ === 'userStatusOffline'));
  const st2 = await node.ok('users.getStatuses', { ids: [hank.user.id] }, gina.token);
  assert.equal(st2[0].status._, 'userStatusOffline');
  assert.ok(st2[0].status.was_online > 0);
  await g.close();
  await h.close();
});

test('messages survive a clean restart', async () => {
  const ivan = await node.signUp('ivan_restart');
  const jane = await node.signUp('jane_restart');
  await node.ok('messages.sendMessage', { peer: { type: 'user', id: jane.user.id }, message: 'before restart' }, ivan.token);
  const r = await node.stop();
  assert.equal(r.code, 0, 'SIGTERM exits 0');
  assert.match(node.log, /stopped cleanly/);
  await node.start();
  const hist = await node.ok('messages.getHistory', { peer: { type: 'user', id: ivan.user.id } }, jane.token);
  assert.equal(hist.messages[0].text, 'before restart');
  const sent = await node.ok('messages.sendMessage', { peer: { type: 'user', id: jane.user.id }, message: 'after' }, ivan.token);
  assert.equal(sent.pts, 2, 'pts continues after a restart');
});

test('presence expires after the TTL unless the device pings', { timeout: 30000 }, async () => {
  const short = await new Node({ env: { ACTORGRAM_STATUS_TTL_S: '5' } }).start();
  try {
    const kim = await short.signUp('kim_ttl');
    const lee = await short.signUp('lee_ttl');
    const pinger = await device(short, kim.token);
    const silent = await device(short, lee.token);
    await sleep(200);
    const online = await short.ok('users.getStatuses', { ids: [kim.user.id, lee.user.id] }, kim.token);
    assert.deepEqual(online.map((s) => s.status._), ['userStatusOnline', 'userStatusOnline']);
    // Kim's device only pings (no calls) for 8 s; Lee's stays silent.
    for (let i = 0; i < 8; i++) {
      pinger.sock.ping();
      await sleep(1000);
    }
    const later = await short.ok('users.getStatuses', { ids: [kim.user.id, lee.user.id] }, kim.token);
    assert.equal(later[0].status._, 'userStatusOnline', 'pings keep a device online');
    assert.equal(later[1].status._, 'userStatusOffline', 'a silent device expires after the TTL');
    await pinger.close();
    await silent.close();
  } finally {
    await short.stop();
    short.cleanup();
  }
});

test('read state: readHistory updates counts and tells the sender', async () => {
  const ann = await node.signUp('ann_read');
  const ben = await node.signUp('ben_read');
  const a = await device(node, ann.token);
  const b1 = await device(node, ben.token);
  const b2 = await device(node, ben.token);
  await sleep(100);
  const sent = [];
  for (const t of ['one', 'two', 'three']) {
    sent.push(await a.ok('messages.sendMessage', { peer: { type: 'user', id: ben.user.id }, message: t }));
  }
  const mine = await b1.waitPush((m) => m.method === 'updates'
    && m.params.updates.some((u) => u.message?.text === 'three'));
  const ids = (await node.ok('messages.getHistory', { peer: { type: 'user', id: ann.user.id } }, ben.token))
    .messages.map((m) => m.id).reverse(); // ben's box ids of one, two, three
  assert.equal(mine.params.updates[0].message.id, ids[2]);

  const r = await b1.ok('messages.readHistory', { peer: { type: 'user', id: ann.user.id }, max_id: ids[1] });
  assert.equal(r.pts_count, 1);
  const other = await b2.waitPush((m) => m.method === 'updates'
    && m.params.updates.some((u) => u._ === 'updateReadHistoryInbox'));
  const upd = other.params.updates[0];
  assert.deepEqual(upd.peer, { type: 'user', id: ann.user.id });
  assert.equal(upd.max_id, ids[1]);
  assert.equal(upd.still_unread_count, 1);
  assert.equal(upd.pts, r.pts);
  const receipt = await a.waitPush((m) => m.method === 'updates'
    && m.params.updates.some((u) => u._ === 'updateReadHistoryOutbox'));
  assert.equal(receipt.params.updates[0].max_id, sent[1].message.id, 'in the sender\'s box ids');
  await sleep(100);
  assert.equal(b1.pushes.filter((p) => p.params?.updates?.some((u) => u._ === 'updateReadHistoryInbox')).length, 0,
    'the reading device gets the result, not a push');

  const bd = await node.ok('messages.getDialogs', {}, ben.token);
  assert.equal(bd.dialogs[0].unread_count, 1);
  assert.equal(bd.dialogs[0].read_inbox_max_id, ids[1]);
  const ad = await node.ok('messages.getDialogs', {}, ann.token);
  assert.equal(ad.dialogs[0].read_outbox_max_id, sent[1].message.id);
  const again = await b1.ok('messages.readHistory', { peer: { type: 'user', id: ann.user.id }, max_id: ids[1] });
  assert.equal(again.pts_count, 0, 'reading what was read changes nothing');
  const diff = await node.ok('updates.getDifference', { pts: 0 }, ben.token);
  assert.deepEqual(diff.other_updates.map((u) => u._), ['updateReadHistoryInbox']);
  assert.equal(diff.state.pts, 4);
  const all = await b2.ok('messages.readHistory', { peer: { type: 'user', id: ann.user.id } });
  assert.equal(all.pts_count, 1);
  assert.equal((await node.ok('messages.getDialogs', {}, ben.token)).dialogs[0].unread_count, 0);
  for (const d of [a, b1, b2]) await d.close();
});

test('a socket opened with ?token= may call at once: the call waits for the token check', async () => {
  const carol = await node.signUp('carol_eager');
  const dave = await node.signUp('dave_eager');
  const failures = [];
  // Sends the call from the 'open' event itself, before anything else runs.
  const eager = (method, params) => new Promise((res, rej) => {
    const s = new WebSocket(`${node.ws}?token=${carol.token}`);
    s.on('open', () => s.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params })));
    s.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.id !== 1) return;
      if (m.error) failures.push(m.error);
      s.close();
      res(m);
    });
    s.on('error', rej);
  });
  for (let round = 0; round < 6; round++) {
    await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2
      ? eager('users.getMe', {})
      : eager('messages.getHistory', { peer: { type: 'user', id: dave.user.id } }))));
  }
  assert.deepEqual(failures, []);
});
