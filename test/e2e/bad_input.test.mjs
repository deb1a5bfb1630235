// Bad input gets a clear error with the right status and name, never a
// crash, and never damages what is stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import WebSocket from 'ws';
import { Node, RawWebSocket, binary, device, eventually, sleep, expectError } from './harness.mjs';

let node;
let alice;
let bob;
before(async () => {
  node = await new Node().start();
  alice = await node.signUp('alice_bad');
  bob = await node.signUp('bob_bad');
  await node.ok('messages.sendMessage', { peer: { type: 'user', id: bob.user.id }, message: 'keep me' }, alice.token);
});
after(async () => { await node.stop(); node.cleanup(); });

test('HTTP: malformed JSON, wrong types and unknown methods', async () => {
  const peer = { type: 'user', id: bob.user.id };
  await expectError(await node.call('messages.sendMessage', null, alice.token, '{"peer":'), 400, 'INPUT_REQUEST_INVALID');
  await expectError(await node.call('messages.sendMessage', null, alice.token, '[]'), 400, 'INPUT_REQUEST_INVALID');
  await expectError(await node.call('messages.sendMessage', null, alice.token, '{"a":1} {"b":2}'), 400, 'INPUT_REQUEST_INVALID');
  await expectError(await node.call('messages.sendMessage', { peer, message: 12 }, alice.token), 400, 'INPUT_REQUEST_INVALID');
  await expectError(await node.call('messages.sendMessage', { peer: 'bob', message: 'x' }, alice.token), 400, 'INPUT_REQUEST_INVALID');
  await expectError(await node.call('messages.sendMessage', { peer }, alice.token), 400, 'INPUT_REQUEST_INVALID');
  await expectError(await node.call('messages.getHistory', { peer, limit: 'ten' }, alice.token), 400, 'INPUT_REQUEST_INVALID');
  await expectError(await node.call('messages.getHistory', { peer, limit: 1000 }, alice.token), 400, 'LIMIT_INVALID');
  await expectError(await node.call('users.getUsers', { ids: Array.from({ length: 201 }, (_, i) => i + 1) }, alice.token), 400, 'LIMIT_INVALID');
  await expectError(await node.call('messages.fly', {}, alice.token), 404, 'METHOD_INVALID');
  await expectError(await node.call('no/such', {}, alice.token), 404, 'METHOD_INVALID');
  const get = await fetch(`${node.http}/api/users.getMe`);
  assert.equal(get.status, 400);
  assert.equal((await get.json()).error, 'INPUT_REQUEST_INVALID');
  const nowhere = await fetch(`${node.http}/nowhere`);
  assert.equal(nowhere.status, 404);
});

test('HTTP: message rules and peers the caller may not use', async () => {
  const peer = { type: 'user', id: bob.user.id };
  await expectError(await node.call('messages.sendMessage', { peer, message: 'x'.repeat(4097) }, alice.token), 400, 'MESSAGE_TOO_LONG');
  await expectError(await node.call('messages.sendMessage', { peer, message: '' }, alice.token), 400, 'MESSAGE_EMPTY');
  await expectError(await node.call('messages.sendMessage', { peer: { type: 'user', id: 987654 }, message: 'x' }, alice.token), 400, 'PEER_ID_INVALID');
  await expectError(await node.call('messages.sendMessage', { peer: { type: 'chat', id: 1 }, message: 'x' }, alice.token), 400, 'CHAT_ID_INVALID');
  await expectError(await node.call('messages.getHistory', { peer: { type: 'user', id: 987654 } }, alice.token), 400, 'PEER_ID_INVALID');
  await expectError(await node.call('messages.sendMessage', { peer, message: 'x', reply_to: 999 }, alice.token), 400, 'REPLY_MESSAGE_INVALID');
  // 4096 characters of four bytes each are allowed: the limit counts characters.
  const ok = await node.call('messages.sendMessage', { peer, message: '😀'.repeat(4096) }, alice.token);
  assert.equal(ok.status, 200);
});

test('HTTP: oversize bodies get 413', async () => {
  const r = await fetch(`${node.http}/api/messages.sendMessage`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${alice.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ message: 'x'.repeat(2 << 20) }),
  });
  assert.equal(r.status, 413);
  assert.equal((await r.json()).error, 'PAYLOAD_TOO_LARGE');
});

test('WebSocket: auth.logOut answers true, then the socket hears of the revocation and closes', async () => {
  for (let i = 0; i < 10; ++i) {
    const session = await node.ok('auth.signIn', { username: 'alice_bad', password: 'correct horse' });
    const d = await device(node, session.token);
    const r = await d.request('auth.logOut', {});
    assert.equal(r.result, true, `every method answers exactly once: ${JSON.stringify(r)}`);
    const closed = await d.closedP;
    assert.equal(closed.code, 4001);
    const revoked = d.pushes.findIndex((p) => p.method === 'authorizationRevoked');
    assert.ok(revoked >= 0, 'the revocation is announced after the result');
    await expectError(await node.call('users.getMe', {}, session.token), 401, 'AUTH_KEY_UNREGISTERED');
  }
});

test('HTTP: request heads over the bounds get 431 with the error envelope', async () => {
  const rawHttp = (head) => new Promise((res) => {
    const s = net.connect(node.httpPort, '127.0.0.1', () => s.write(head));
    let data = '';
    s.on('data', (d) => { data += d; });
    s.on('close', () => res(data));
    s.on('error', () => {});
  });
  const refused = (answer) => {
    assert.match(answer, /^HTTP\/1.1 431 /);
    expectError({ status: 431, body: JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) }, 431, 'HEADERS_TOO_LARGE');
  };
  // Lines under the 8 KiB line limit that add up past 64 KiB.
  const filler = Array.from({ length: 12 }, (_, i) => `X-Filler-${i}: ${'a'.repeat(8000)}\r\n`).join('');
  refused(await rawHttp(`POST /api/users.getMe HTTP/1.1\r\nHost: x\r\n${filler}Content-Length: 2\r\n\r\n{}`));
  // More than 100 header fields, each small.
  const many = Array.from({ length: 150 }, (_, i) => `X-H${i}: v\r\n`).join('');
  refused(await rawHttp(`GET /healthz HTTP/1.1\r\nHost: x\r\n${many}\r\n`));
  // One header line over 8 KiB.
  refused(await rawHttp(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: ${'a'.repeat(9000)}\r\n\r\n`));
  // A request line over 8 KiB.
  const long = await rawHttp(`GET /${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  assert.match(long, /^HTTP\/1.1 414 /);
  expectError({ status: 414, body: JSON.parse(long.slice(long.indexOf('\r\n\r\n') + 4)) }, 414, 'URI_TOO_LONG');
  // Within the bounds, two requests on one connection: both answered.
  const fine = Array.from({ length: 50 }, (_, i) => `X-H${i}: ${'b'.repeat(1000)}\r\n`).join('');
  const two = await rawHttp(`GET /healthz HTTP/1.1\r\nHost: x\r\n${fine}\r\n`
    + `GET /healthz HTTP/1.1\r\nHost: x\r\n${fine}Connection: close\r\n\r\n`);
  assert.equal(two.match(/HTTP\/1.1 200 OK/g).length, 2);

  // 20 MB of headers in 8 KB lines, eight requests at once, leave the
  // node's memory where it was: each is cut off after 64 KiB.
  const rss = () => Number(readFileSync(`/proc/${node.proc.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) * 1024;
  const before = rss();
  const line = `X-Filler: ${'a'.repeat(8000)}\r\n`.repeat(100);
  await Promise.all(Array.from({ length: 8 }, () => new Promise((res) => {
    const s = net.connect(node.httpPort, '127.0.0.1', async () => {
      s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      for (let i = 0; i < 25 && !s.destroyed; i++) {
        if (!s.write(line)) await Promise.race([once(s, 'drain').catch(() => {}), gone]);
      }
      if (!s.destroyed) s.end('\r\n');
    });
    const gone = new Promise((r) => s.on('close', r));
    s.on('error', () => {});
    // Read the answer: a paused socket never sees the node's close (the
    // node drains what is sent after a refusal, then closes cleanly).
    s.resume();
    gone.then(res);
  })));
  const grown = rss() - before;
  assert.ok(grown < 64 << 20, `RSS grew by ${grown >> 20} MiB`);
  assert.equal((await fetch(`${node.http}/healthz`)).status, 200);
});

test('HTTP: missing, forged and revoked tokens get 401', async () => {
  await expectError(await node.call('users.getMe', {}), 401, 'AUTH_KEY_UNREGISTERED');
  await expectError(await node.call('users.getMe', {}, 'v4.local.forged'), 401, 'AUTH_KEY_UNREGISTERED');
  const flipped = alice.token.slice(0, 20) + (alice.token[20] === 'A' ? 'B' : 'A') + alice.token.slice(21);
  await expectError(await node.call('users.getMe', {}, flipped), 401, 'AUTH_KEY_UNREGISTERED');
  const session = await node.ok('auth.signIn', { username: 'alice_bad', password: 'correct horse' });
  assert.equal((await node.ok('users.getMe', {}, session.token)).id, alice.user.id);
  assert.equal(await node.ok('auth.logOut', {}, session.token), true);
  await expectError(await node.call('users.getMe', {}, session.token), 401, 'AUTH_KEY_UNREGISTERED');
  // Other authorizations of the same user keep working.
  assert.equal((await node.ok('users.getMe', {}, alice.token)).id, alice.user.id);
  await expectError(await node.call('auth.signIn', { username: 'alice_bad', password: 'wrong one' }), 400, 'PASSWORD_HASH_INVALID');
  await expectError(await node.call('auth.signUp', { username: 'alice_bad', password: 'correct horse', first_name: 'A' }), 400, 'USERNAME_OCCUPIED');
  await expectError(await node.call('auth.signUp', { username: 'no', password: 'correct horse', first_name: 'A' }), 400, 'USERNAME_INVALID');
  await expectError(await node.call('auth.signUp', { username: 'shorty_pw', password: 'short', first_name: 'A' }), 400, 'PASSWORD_TOO_WEAK');
  await expectError(await node.call('auth.signUp', { username: 'noname_x', password: 'correct horse', first_name: '' }), 400, 'NAME_INVALID');
});

test('WebSocket: unauthenticated sockets may call only auth methods', async () => {
  const d = await device(node);
  const r = await d.request('messages.getDialogs', {});
  assert.equal(r.error.code, 401);
  assert.equal(r.error.message, 'AUTH_KEY_UNREGISTERED');
  const bound = await d.request('auth.bindToken', { token: 'v4.local.nope' });
  assert.equal(bound.error.message, 'AUTH_KEY_UNREGISTERED');
  const u = await d.request('users.nope', {});
  assert.equal(u.error.code, 404);
  await d.close();
});

test('WebSocket: malformed frames get JSON-RPC errors, the socket stays usable', async () => {
  const d = await device(node, alice.token);
  d.sock.send('{"jsonrpc":"2.0","id":5,');
  const e1 = await d.waitPush((m) => m.error && m.id === null);
  assert.equal(e1.error.code, 400);
  assert.equal(e1.error.message, 'INPUT_REQUEST_INVALID');
  d.sock.send(JSON.stringify({ jsonrpc: '2.0', id: 'abc', method: 'messages.getHistory', params: { peer: 5 } }));
  const e2 = await d.waitPush((m) => m.id === 'abc');
  assert.equal(e2.error.message, 'INPUT_REQUEST_INVALID');
  const me = await d.ok('users.getMe');
  assert.equal(me.id, alice.user.id);
  await d.close();
});

test('WebSocket: oversize and binary frames close the socket with 1009 and 1003', async () => {
  const d = await device(node, alice.token);
  d.sock.send('x'.repeat(70000));
  const c = await d.closedP;
  assert.equal(c.code, 1009);
  const b = await device(node, alice.token);
  b.sock.send(Buffer.from([1, 2, 3]));
  assert.equal((await b.closedP).code, 1003);
});

test('WebSocket: a bad token in the URL and a revoked token close with 4001', async () => {
  const d = await new (await import('./harness.mjs')).Device(`${node.ws}?token=garbage`).open();
  assert.equal((await d.closedP).code, 4001);
  const s = await node.ok('auth.signIn', { username: 'alice_bad', password: 'correct horse' });
  const live = await device(node, s.token);
  await sleep(100);
  await node.ok('auth.logOut', {}, s.token);
  const closed = await live.closedP;
  assert.equal(closed.code, 4001);
  assert.ok(live.pushes.some((p) => p.method === 'authorizationRevoked'));
});

test('WebSocket: bad upgrades get HTTP errors', async () => {
  const raw = (req) => new Promise((res) => {
    const s = net.connect(node.wsPort, '127.0.0.1', () => s.write(req));
    let data = '';
    s.on('data', (d) => { data += d; });
    s.on('close', () => res(data));
  });
  const noKey = await raw('GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n');
  assert.match(noKey, /^HTTP\/1.1 400/);
  const wrongPath = await raw('GET /other HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
    + 'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
  assert.match(wrongPath, /^HTTP\/1.1 404/);
  const huge = await raw(`GET /ws HTTP/1.1\r\nX: ${'a'.repeat(10000)}\r\n\r\n`);
  assert.match(huge, /^HTTP\/1.1 431/);
});

test('stored data is intact after all of the above', async () => {
  const hist = await node.ok('messages.getHistory', { peer: { type: 'user', id: alice.user.id } }, bob.token);
  assert.ok(hist.messages.some((m) => m.text === 'keep me'));
  const health = await fetch(`${node.http}/healthz`);
  assert.equal(health.status, 200);
});

test('floods and slow clients are cut off', async () => {
  const tight = await new Node({
    env: {
      ACTORGRAM_LIMITS_AUTH_PER_IP_BURST: '3',
      ACTORGRAM_LIMITS_AUTH_PER_IP_PER_SECOND: '0.5',
      ACTORGRAM_LIMITS_MESSAGES_BURST: '5',
      ACTORGRAM_LIMITS_MESSAGES_PER_SECOND: '1',
      ACTORGRAM_WS_HANDSHAKE_TIMEOUT_S: '1',
      ACTORGRAM_HTTP_TIMEOUT_S: '1',
      ACTORGRAM_HTTP_BODY_TIMEOUT_S: '1',
      ACTORGRAM_HTTP_KEEP_ALIVE_TIMEOUT_S: '1',
    },
  }).start();
  try {
    const u = await tight.signUp('flood_user');
    const v = await tight.signUp('flood_peer');
    const peer = { type: 'user', id: v.user.id };
    let flood;
    for (let i = 0; i < 10 && !flood; i++) {
      const r = await tight.call('messages.sendMessage', { peer, message: `x${i}` }, u.token);
      if (r.status === 420) flood = r;
    }
    assert.ok(flood, 'message flood must be refused');
    assert.equal(flood.body.error, 'FLOOD_WAIT');
    assert.ok(flood.body.retry_after >= 1);
    assert.equal(flood.headers.get('retry-after'), String(flood.body.retry_after));
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await tight.call('auth.signIn', { username: 'flood_user', password: 'correct horse' })).status);
    }
    // Two sign-ups and one sign-in use the burst of 3; then 420.
    assert.deepEqual(statuses, [200, 420, 420]);
    // A socket that never upgrades is closed after the handshake timeout.
    const started = Date.now();
    await new Promise((res) => {
      const s = net.connect(tight.wsPort, '127.0.0.1', () => s.write('GET /ws HTTP/1.1\r\n'));
      s.on('close', res);
      s.on('error', res);
    });
    assert.ok(Date.now() - started < 5000);
    // A half-sent HTTP request is answered 408 at its body's deadline
    // (http.body_timeout_s), and the connection closed.
    const t0 = Date.now();
    let answer = '';
    await new Promise((res) => {
      const s = net.connect(tight.httpPort, '127.0.0.1', () => s.write('POST /api/users.getMe HTTP/1.1\r\nContent-Length: 100\r\n\r\n{'));
      s.on('data', (d) => { answer += d; });
      s.on('close', res);
      s.on('error', res);
    });
    assert.match(answer, /^HTTP\/1.1 408/);
    assert.match(answer, /REQUEST_TIMEOUT/);
    assert.ok(Date.now() - t0 < 5000, `closed after ${Date.now() - t0} ms`);
  } finally {
    await tight.stop();
    tight.cleanup();
  }
});

test('every method that writes or pushes has a per-user limit: edits, deletes, reads, pins, typing, profile, chats', async () => {
  const tight = await new Node({
    env: {
      ACTORGRAM_LIMITS_WRITES_BURST: '4',
      ACTORGRAM_LIMITS_WRITES_PER_SECOND: '0.5',
      ACTORGRAM_LIMITS_TYPING_BURST: '3',
      ACTORGRAM_LIMITS_TYPING_PER_SECOND: '0.5',
    },
  }).start();
  try {
    const u = await tight.signUp('limit_user');
    const v = await tight.signUp('limit_peer');
    const peer = { type: 'user', id: v.user.id };
    const sent = await tight.ok('messages.sendMessage', { peer, message: 'original' }, u.token);
    const flooded = async (calls) => {
      for (let i = 0; i < 20; i++) {
        const r = await calls(i);
        if (r.status === 420) return r;
        assert.equal(r.body.ok, true, JSON.stringify(r.body));
      }
      return null;
    };
    const edits = await flooded((i) => tight.call('messages.editMessage', { peer, id: sent.message.id, message: `edit ${i}` }, u.token));
    assert.ok(edits, 'an edit flood is refused');
    assert.equal(edits.body.error, 'FLOOD_WAIT');
    assert.ok(edits.body.retry_after >= 1);
    assert.equal(edits.headers.get('retry-after'), String(edits.body.retry_after));
    // The same bucket covers the other writes: reads, pins, profile, chats.
    for (const [m, params] of [['messages.readHistory', { peer }], ['messages.toggleDialogPin', { peer }],
      ['account.updateProfile', { first_name: 'Limited' }], ['messages.createChat', { title: 't', user_ids: [v.user.id] }],
      ['messages.deleteMessages', { ids: [sent.message.id] }], ['contacts.block', { id: v.user.id }]]) {
      const r = await tight.call(m, params, u.token);
      assert.equal(r.body.error, 'FLOOD_WAIT', `${m}: ${JSON.stringify(r.body)}`);
    }
    // Typing has its own bucket, and a refused write changed nothing.
    const typing = await flooded(() => tight.call('messages.setTyping', { peer }, u.token));
    assert.ok(typing, 'a typing flood is refused');
    assert.equal(typing.body.error, 'FLOOD_WAIT');
    const h = await tight.ok('messages.getHistory', { peer }, u.token);
    assert.equal(h.messages.length, 1, 'the refused delete deleted nothing');
    // Another user is not limited by this one.
    await tight.ok('messages.setTyping', { peer: { type: 'user', id: u.user.id } }, v.token);
    await tight.ok('account.updateProfile', { first_name: 'Free' }, v.token);
  } finally {
    await tight.stop();
    tight.cleanup();
  }
});

test('a reader too slow for its pushes is disconnected with 1008', { timeout: 90000 }, async () => {
  const n = await new Node({
    env: {
      ACTORGRAM_WS_MAX_WRITE_BUFFER_BYTES: '65536',
      ACTORGRAM_LIMITS_MESSAGES_PER_SECOND: '100000',
      ACTORGRAM_LIMITS_MESSAGES_BURST: '100000',
    },
  }).start();
  try {
    const reader = await n.signUp('slow_reader');
    const writer = await n.signUp('fast_writer');
    const d = await device(n, reader.token);
    await sleep(200);
    d.sock._socket.pause(); // stop reading: pushes pile up in the node
    const text = 'x'.repeat(4000);
    const peer = { type: 'user', id: reader.user.id };
    for (let i = 0; i < 3000; i++) {
      const r = await n.call('messages.sendMessage', { peer, message: text }, writer.token);
      assert.ok(r.body.ok, 'sends succeed while one reader lags');
    }
    // Reading again drains what the kernel held, then the close frame.
    d.sock._socket.resume();
    const c = await Promise.race([d.closedP, sleep(10000).then(() => null)]);
    assert.ok(c, 'the slow socket was closed');
    assert.equal(c.code, 1008);
    assert.ok(d.pushes.length < 3000, `only part of the pushes were buffered (${d.pushes.length})`);
    // Nothing is lost: the messages are stored and the reader catches up.
    const diff = await n.ok('updates.getDifference', { pts: 0, limit: 1000 }, reader.token);
    assert.equal(diff._, 'differenceSlice');
    const state = await n.ok('updates.getState', {}, reader.token);
    assert.equal(state.pts, 3000);
  } finally {
    await n.stop();
    n.cleanup();
  }
});

test('a client that pings and never reads is disconnected (1008)', async () => {
  const n = await new Node({ env: { ACTORGRAM_WS_MAX_WRITE_BUFFER_BYTES: '65536' } }).start();
  try {
    const raw = await new RawWebSocket(n.wsPort).open();
    raw.sock.pause(); // never read: the pongs pile up in the node
    const pings = Buffer.concat(Array.from({ length: 1000 }, () => RawWebSocket.frame(0x9, Buffer.alloc(125, 7))));
    let sent = 0;
    // 100,000 pongs (12.7 MB): far more than the kernel's socket buffers hold.
    for (let i = 0; i < 100 && !raw.closed; i++) {
      sent += 1000;
      if (!raw.sock.write(pings)) await Promise.race([once(raw.sock, 'drain').catch(() => {}), raw.ended, sleep(2000)]);
    }
    raw.sock.resume();
    const closed = await Promise.race([raw.ended.then(() => true), sleep(10000).then(() => false)]);
    assert.ok(closed, 'the node closed the socket');
    const pongs = raw.frames().filter((f) => f.opcode === 0xA).length;
    assert.ok(pongs < sent, `only part of the pongs were buffered (${pongs} of ${sent})`);
    // The close frame is lost when the node closes with pings still unread
    // (the kernel then resets the connection); when it arrives it says 1008.
    const close = raw.closeFrame();
    if (close) assert.equal(close.code, 1008);
    assert.equal((await fetch(`${n.http}/healthz`)).status, 200);
  } finally {
    await n.stop();
    n.cleanup();
  }
});

test('WebSocket: anonymous sockets must authenticate in time; connections per address are capped', { timeout: 60000 }, async () => {
  const n = await new Node({
    env: { ACTORGRAM_WS_AUTH_TIMEOUT_S: '1', ACTORGRAM_WS_MAX_CONNECTIONS_PER_IP: '4' },
  }).start();
  try {
    const u = await n.signUp('deadline_user');
    // An anonymous socket that answers pings and pings itself is still closed.
    const idle = await device(n);
    const pinger = setInterval(() => idle.sock.ping(), 200);
    const t0 = Date.now();
    const c = await Promise.race([idle.closedP, sleep(5000).then(() => null)]);
    clearInterval(pinger);
    assert.ok(c, 'the anonymous socket was closed');
    assert.equal(c.code, 4008);
    assert.equal(c.reason, 'not authenticated in time');
    assert.ok(Date.now() - t0 >= 900, `closed after ${Date.now() - t0} ms`);
    // Sockets that authenticate in time (signIn, bindToken, ?token=) stay.
    const signed = await device(n);
    await signed.ok('auth.signIn', { username: 'deadline_user', password: 'correct horse' });
    const bound = await device(n);
    await bound.ok('auth.bindToken', { token: u.token });
    const url = await device(n, u.token);
    await sleep(2500);
    for (const d of [signed, bound, url]) {
      assert.equal(d.closed, null);
      assert.equal((await d.ok('users.getMe')).id, u.user.id);
    }
    // The fourth from this address is the last one.
    const fourth = await device(n, u.token);
    const refused = await new Promise((res) => {
      const s = new WebSocket(n.ws);
      s.on('unexpected-response', (req, r) => res(r.statusCode));
      s.on('open', () => res('open'));
      s.on('error', () => {});
    });
    assert.equal(refused, 429);
    // A closed socket frees its seat.
    await fourth.close();
    const again = await eventually(() => device(n, u.token));
    assert.equal((await again.ok('users.getMe')).id, u.user.id);
    for (const d of [signed, bound, url, again]) await d.close();
  } finally {
    await n.stop();
    n.cleanup();
  }
});

test('auth methods over WebSocket share the per-address budget with HTTP', async () => {
  const n = await new Node({
    env: { ACTORGRAM_LIMITS_AUTH_PER_IP_BURST: '6', ACTORGRAM_LIMITS_AUTH_PER_IP_PER_SECOND: '0.1' },
  }).start();
  try {
    await n.signUp('budget_user'); // one attempt of six, over HTTP
    // One sign-in on each of eight sockets: each socket's own budget (5)
    // would let all through; the address has five attempts left.
    const sockets = await Promise.all(Array.from({ length: 8 }, () => device(n)));
    const answers = await Promise.all(sockets.map((d) => d.request('auth.signIn', { username: 'nobody_here', password: 'correct horse' })));
    const names = answers.map((r) => r.error.message).sort();
    assert.deepEqual(names, [...Array(3).fill('FLOOD_WAIT'), ...Array(5).fill('USERNAME_NOT_OCCUPIED')]);
    for (const r of answers.filter((a) => a.error.message === 'FLOOD_WAIT')) {
      assert.equal(r.error.code, 420);
      assert.ok(r.error.data.retry_after >= 1);
    }
    // The address's budget is spent for HTTP too.
    const r = await n.call('auth.signIn', { username: 'budget_user', password: 'correct horse' });
    assert.equal(r.status, 420);
    assert.equal(r.body.error, 'FLOOD_WAIT');
    for (const d of sockets) await d.close();
  } finally {
    await n.stop();
    n.cleanup();
  }
});

test('ACTORGRAM_ variables of other programs are ignored, typos of real keys stop the node', async () => {
  const wrapped = await new Node({ env: { ACTORGRAM_BIN: binary, ACTORGRAM_RELEASE_CHANNEL: 'beta' } }).start();
  try {
    assert.equal((await wrapped.ok('auth.signUp', { username: 'wrapped_user', password: 'correct horse', first_name: 'W' })).user.username, 'wrapped_user');
  } finally {
    await wrapped.stop();
    wrapped.cleanup();
  }
  const typo = new Node({ env: { ACTORGRAM_HTTP_PROT: '9000' } });
  await assert.rejects(typo.start(), /ACTORGRAM_HTTP_PROT.*http\.prot.*unset it/s);
  const { code } = await typo.exited;
  assert.notEqual(code, 0);
  typo.cleanup();
});
