// The HTTP front (http/server/reactor.hpp): slow and idle clients cost no
// worker thread, every request is read whole under a deadline, refusals
// come at once with the JSON error envelope, and keep-alive, pipelining,
// chunked bodies, Expect: 100-continue and HEAD still work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Node, sleep, expectError } from './harness.mjs';

/// A raw HTTP/1.1 connection that splits what it reads into responses.
class RawHttp {
  constructor(port) {
    this.buf = Buffer.alloc(0);
    this.responses = [];
    this.waiters = [];
    this.closed = false;
    this.sock = net.connect(port, '127.0.0.1');
    this.sock.on('data', (d) => { this.buf = Buffer.concat([this.buf, d]); this.split(); });
    this.sock.on('error', () => {});
    this.closedP = new Promise((res) => this.sock.on('close', () => { this.closed = true; this.wake(); res(); }));
    this.opened = new Promise((res, rej) => { this.sock.once('connect', res); this.sock.once('error', rej); });
  }

  static async open(port) {
    const c = new RawHttp(port);
    await c.opened;
    return c;
  }

  split() {
    for (;;) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.buf.subarray(0, end).toString();
      const status = Number(head.split(' ')[1]);
      const m = head.match(/\r\ncontent-length: *(\d+)/i);
      // 1xx and answers to HEAD carry no body here.
      const length = status < 200 || this.headNext ? 0 : Number(m ? m[1] : 0);
      if (this.buf.length < end + 4 + length) return;
      const body = this.buf.subarray(end + 4, end + 4 + length).toString();
      this.buf = this.buf.subarray(end + 4 + length);
      this.responses.push({ status, head, body, json: () => JSON.parse(body) });
      this.wake();
    }
  }

  wake() { for (const w of this.waiters.splice(0)) w(); }

  write(s) { if (!this.sock.destroyed) this.sock.write(s); }

  /// Waits for the nth response (1-based), or for the close.
  async response(n = this.responses.length + 1, ms = 5000) {
    const deadline = Date.now() + ms;
    while (this.responses.length < n && !this.closed && Date.now() < deadline) {
      await Promise.race([new Promise((r) => this.waiters.push(r)), sleep(deadline - Date.now())]);
    }
    return this.responses[n - 1];
  }

  close() { this.sock.destroy(); }
}

/// Times one GET /healthz on a new connection; throws if it fails.
async function timedHealth(node) {
  const t0 = performance.now();
  const r = await fetch(`${node.http}/healthz`);
  assert.equal(r.status, 200);
  await r.text();
  return performance.now() - t0;
}

let node;
let alice;
before(async () => {
  node = await new Node({
    env: {
      // Few workers: slow and idle clients must not need them.
      ACTORGRAM_HTTP_THREADS: '4',
      ACTORGRAM_HTTP_HEADER_TIMEOUT_S: '2',
      ACTORGRAM_HTTP_BODY_TIMEOUT_S: '2',
      ACTORGRAM_HTTP_BODY_MIN_RATE_BYTES: '1000',
      ACTORGRAM_HTTP_KEEP_ALIVE_TIMEOUT_S: '30',
    },
  }).start();
  alice = await node.signUp('alice_front');
});
after(async () => { await node.stop(); node.cleanup(); });

test('a slowloris trickling one header byte a second is cut at the header deadline with 408', async () => {
  const slow = await RawHttp.open(node.httpPort);
  const t0 = Date.now();
  slow.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
  const trickle = setInterval(() => slow.write('a'), 1000);
  try {
    // Meanwhile normal calls go through at once.
    for (let i = 0; i < 5; i++) assert.ok(await timedHealth(node) < 500);
    assert.equal((await node.ok('users.getMe', {}, alice.token)).id, alice.user.id);
    const r = await slow.response(1, 6000);
    const took = Date.now() - t0;
    assert.ok(r, 'answered');
    expectError({ status: r.status, body: r.json() }, 408, 'REQUEST_TIMEOUT');
    assert.match(r.json().description, /http\.header_timeout_s/);
    assert.match(r.head, /\r\nConnection: close/i);
    assert.ok(took >= 1900 && took < 3500, `cut after ${took} ms`);
    await Promise.race([slow.closedP, sleep(3000)]);
    assert.ok(slow.closed, 'the connection is closed');
  } finally {
    clearInterval(trickle);
    slow.close();
  }
});

test('200 slow clients and 100 idle keep-alive connections leave normal calls fast (4 worker threads)', async () => {
  const slow = await Promise.all(Array.from({ length: 200 }, () => RawHttp.open(node.httpPort)));
  for (const s of slow) s.write('POST /api/users.getMe HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{');
  const idle = await Promise.all(Array.from({ length: 100 }, () => RawHttp.open(node.httpPort)));
  for (const c of idle) c.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  for (const c of idle) assert.equal((await c.response(1)).status, 200);
  try {
    const metrics = await (await fetch(`${node.http}/metrics`)).text();
    const open = Number(metrics.match(/^actorgram_http_connections_open (\d+)$/m)[1]);
    assert.ok(open >= 300, `${open} connections open`);
    const times = [];
    for (let i = 0; i < 40; i++) {
      times.push(await timedHealth(node));
      const t0 = performance.now();
      assert.equal((await node.ok('users.getMe', {}, alice.token)).id, alice.user.id);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const worst = times[times.length - 1];
    assert.ok(worst < 500, `slowest call ${worst.toFixed(1)} ms`);
    // The idle connections are still open and serve a second request each.
    for (const c of idle) c.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    for (const c of idle) assert.equal((await c.response(2)).status, 200);
  } finally {
    for (const c of [...slow, ...idle]) c.close();
  }
});

test('an over-limit Content-Length gets 413 at once, before any body byte, and the connection closes', async () => {
  const c = await RawHttp.open(node.httpPort);
  const t0 = performance.now();
  c.write(`POST /api/messages.sendMessage HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${alice.token}\r\n`
    + 'Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n');
  const r = await c.response(1);
  const took = performance.now() - t0;
  expectError({ status: r.status, body: r.json() }, 413, 'PAYLOAD_TOO_LARGE');
  assert.match(r.json().description, /http\.max_body_bytes/);
  assert.ok(took < 300, `413 after ${took.toFixed(1)} ms`);
  await Promise.race([c.closedP, sleep(3000)]);
  assert.ok(c.closed, 'the connection is closed');
  // With Expect: 100-continue the client hears the 413 instead of 100.
  const e = await RawHttp.open(node.httpPort);
  e.write('PUT /upload/1/0 HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000000\r\n\r\n');
  assert.equal((await e.response(1)).status, 413);
  e.close();
});

test('a body trickled slower than the minimum rate is cut with 408', async () => {
  const c = await RawHttp.open(node.httpPort);
  const t0 = Date.now();
  c.write(`POST /api/users.getMe HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${alice.token}\r\nContent-Length: 10000\r\n\r\n{`);
  const trickle = setInterval(() => c.write(' '), 200);
  try {
    const r = await c.response(1, 8000);
    expectError({ status: r.status, body: r.json() }, 408, 'REQUEST_TIMEOUT');
    assert.match(r.json().description, /http\.body_min_rate_bytes/);
    const took = Date.now() - t0;
    assert.ok(took >= 1900 && took < 4000, `cut after ${took} ms`);
  } finally {
    clearInterval(trickle);
    c.close();
  }
});

test('keep-alive: one connection serves many requests; pipelined requests are answered in order', async () => {
  const c = await RawHttp.open(node.httpPort);
  for (let i = 1; i <= 5; i++) {
    c.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    const r = await c.response(i);
    assert.equal(r.status, 200);
    assert.match(r.head, /\r\nKeep-Alive: timeout=30/i);
  }
  const body = '{}';
  c.write(`POST /api/users.getMe HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${alice.token}\r\nContent-Length: ${body.length}\r\n\r\n${body}`
    + 'GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n'
    + `POST /api/updates.getState HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${alice.token}\r\nContent-Length: 0\r\n\r\n`
    + 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  const me = await c.response(6);
  assert.equal(me.json().result.id, alice.user.id);
  expectError({ status: (await c.response(7)).status, body: c.responses[6].json() }, 404, 'METHOD_INVALID');
  assert.equal(typeof (await c.response(8)).json().result.pts, 'number');
  const last = await c.response(9);
  assert.equal(last.json().result, 'ok');
  assert.match(last.head, /\r\nConnection: close/i);
  await Promise.race([c.closedP, sleep(3000)]);
  assert.ok(c.closed, 'Connection: close closes');
});

test('chunked request bodies, Expect: 100-continue and HEAD', async () => {
  const c = await RawHttp.open(node.httpPort);
  const json = JSON.stringify({ ids: [alice.user.id] });
  c.write(`POST /api/users.getUsers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${alice.token}\r\nTransfer-Encoding: chunked\r\n\r\n`
    + `${(5).toString(16)}\r\n${json.slice(0, 5)}\r\n${(json.length - 5).toString(16)}\r\n${json.slice(5)}\r\n0\r\n\r\n`);
  const users = await c.response(1);
  assert.equal(users.status, 200, users.body);
  assert.equal(users.json().result[0].id, alice.user.id);

  // The node answers 100 before the body is sent, and only once.
  c.write(`POST /api/users.getMe HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${alice.token}\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n`);
  const cont = await c.response(2);
  assert.equal(cont.status, 100);
  c.write('{}');
  assert.equal((await c.response(3)).json().result.id, alice.user.id);
  await sleep(100);
  assert.equal(c.responses.length, 3);

  c.headNext = true;
  c.write('HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  const head = await c.response(4);
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  c.headNext = false;
  c.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.equal((await c.response(5)).json().result, 'ok');

  // Framing the node cannot read unambiguously is refused.
  const bad = await RawHttp.open(node.httpPort);
  bad.write('POST /api/users.getMe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n');
  const r = await bad.response(1);
  expectError({ status: r.status, body: r.json() }, 400, 'INPUT_REQUEST_INVALID');
  assert.match(r.json().description, /chunked/);
  c.close();
  bad.close();
});

test('connections per address are capped with 429 and a clear error; a closed one frees its seat', async () => {
  const capped = await new Node({ env: { ACTORGRAM_HTTP_MAX_CONNECTIONS_PER_IP: '5' } }).start();
  const open = [];
  try {
    // Seats fill one by one (the harness's fetch may hold one of them).
    let refused;
    for (let i = 0; i < 6 && !refused; i++) {
      const c = await RawHttp.open(capped.httpPort);
      c.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      const r = await c.response(1);
      if (r.status === 200) open.push(c);
      else refused = { c, r };
    }
    assert.ok(refused, 'the connection past the cap is refused');
    assert.ok(open.length === 4 || open.length === 5, `${open.length} connections were let in`);
    const { c: sixth, r } = refused;
    expectError({ status: r.status, body: r.json() }, 429, 'TOO_MANY_CONNECTIONS');
    assert.match(r.json().description, /http\.max_connections_per_ip/);
    assert.match(r.head, /\r\nRetry-After: 1/i);
    await Promise.race([sixth.closedP, sleep(3000)]);
    assert.ok(sixth.closed);
    open.pop().close();
    await sleep(100);
    const again = await RawHttp.open(capped.httpPort);
    again.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal((await again.response(1)).status, 200);
    again.close();
  } finally {
    for (const c of open) c.close();
    await capped.stop();
    capped.cleanup();
  }
});
