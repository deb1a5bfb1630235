// Starts the real actorgram binary on loopback ports with a temporary data
// directory, and gives tests small HTTP and WebSocket clients.
import { spawn } from 'node:child_process';
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import WebSocket from 'ws';

const here = dirname(fileURLToPath(import.meta.url));
export const binary = process.env.ACTORGRAM_BIN
  ?? resolve(here, '../../build/actorgram');

// Ports handed out in this process: the kernel may offer a just-closed
// port again, and two listeners of one node (or of two nodes) must differ.
const handedOut = new Set();

function probePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

export async function freePort() {
  for (;;) {
    const port = await probePort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

// Node processes still running. A test that fails half-way may leave some;
// they must not keep this file's process alive (the runner would wait for
// ever), so whatever is left when the file's tests are done is killed.
const live = new Set();
process.on('exit', () => { for (const p of live) p.kill('SIGKILL'); });
// Only under the test runner (benchmark scripts import this file too).
if (process.env.NODE_TEST_CONTEXT) {
  after(() => {
    setTimeout(() => { for (const p of live) p.kill('SIGKILL'); }, 30000).unref();
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export { sleep };

/// Retries `check` (an async function that throws on failure) until it
/// passes or `ms` elapse, then throws its last error. For what is committed
/// after the call that caused it returned: a recipient's copy is written
/// after the sender's acknowledgement.
export async function eventually(check, ms = 5000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() >= deadline) throw e;
      await sleep(20);
    }
  }
}

/// Asserts an error envelope: HTTP status, error name and a description.
export function expectError(r, status, name) {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.body.ok, false);
  assert.equal(r.body.error_code, status);
  assert.equal(r.body.error, name);
  assert.ok(r.body.description.length > 0);
}

export class Node {
  constructor({ dataDir, env = {}, args = [] } = {}) {
    this.dataDir = dataDir ?? mkdtempSync(join(tmpdir(), 'actorgram-e2e-'));
    this.ownsDir = !dataDir;
    this.env = env;
    this.args = args;
    this.log = '';
  }

  async start() {
    if (!this.httpPort) {
      this.httpPort = await freePort();
      this.wsPort = await freePort();
    }
    this.proc = spawn(binary, ['--data-dir', this.dataDir, '--http-port', String(this.httpPort),
      '--ws-port', String(this.wsPort), ...this.args], {
      env: {
        ...process.env,
        // Cheap password hashing keeps the suite fast; production uses the defaults.
        ACTORGRAM_AUTH_PASSWORD_OPSLIMIT: '1',
        ACTORGRAM_AUTH_PASSWORD_MEMLIMIT_KIB: '8192',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = this.proc;
    live.add(proc);
    this.exited = new Promise((res) => proc.on('exit', (code, signal) => {
      live.delete(proc);
      res({ code, signal });
    }));
    this.proc.stdout.on('data', (d) => { this.log += d; });
    this.proc.stderr.on('data', (d) => { this.log += d; });
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      try {
        const r = await fetch(`${this.http}/readyz`);
        if (r.status === 200) return this;
      } catch { /* not listening yet */ }
      if (this.proc.exitCode !== null) break;
      await sleep(50);
    }
    this.proc.kill('SIGKILL');
    throw new Error(`node did not become ready:\n${this.log}`);
  }

  get http() { return `http://127.0.0.1:${this.httpPort}`; }
  get ws() { return `ws://127.0.0.1:${this.wsPort}/ws`; }

  async kill9() {
    this.proc.kill('SIGKILL');
    await this.exited;
  }

  async stop() {
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.kill('SIGTERM');
      const r = await Promise.race([this.exited, sleep(10000).then(() => null)]);
      if (!r) {
        this.proc.kill('SIGKILL');
        throw new Error(`node did not stop on SIGTERM:\n${this.log}`);
      }
      return r;
    }
    return null;
  }

  cleanup() {
    if (this.ownsDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  /// POST /api/<method>; returns {status, body}.
  async call(method, params = {}, token = undefined, raw = undefined) {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const r = await fetch(`${this.http}/api/${method}`, {
      method: 'POST', headers, body: raw ?? JSON.stringify(params),
    });
    return { status: r.status, body: await r.json(), headers: r.headers };
  }

  /// Like call() but throws unless ok; returns the result.
  async ok(method, params = {}, token = undefined) {
    const r = await this.call(method, params, token);
    if (!r.body.ok) throw new Error(`${method} failed: ${JSON.stringify(r.body)}`);
    return r.body.result;
  }

  async signUp(username, password = 'correct horse', first_name = username) {
    return this.ok('auth.signUp', { username, password, first_name });
  }
}

/// A JSON-RPC WebSocket client that correlates replies and collects pushes.
export class Device {
  constructor(url) {
    this.url = url;
    this.nextId = 1;
    this.waiting = new Map();
    this.pushes = [];
    this.pushWaiters = [];
    this.closed = null;
  }

  async open() {
    this.sock = new WebSocket(this.url);
    this.closedP = new Promise((res) => this.sock.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      res(this.closed);
    }));
    this.sock.on('message', (data) => this.onMessage(JSON.parse(data.toString())));
    await new Promise((res, rej) => {
      this.sock.once('open', res);
      this.sock.once('error', rej);
    });
    return this;
  }

  onMessage(m) {
    if (m.method) {
      this.pushes.push(m);
      for (const w of this.pushWaiters.splice(0)) w();
      return;
    }
    const w = this.waiting.get(m.id);
    if (w) {
      this.waiting.delete(m.id);
      w(m);
    } else {
      this.pushes.push(m);  // replies under id null (undecodable frames)
      for (const w of this.pushWaiters.splice(0)) w();
    }
  }

  /// Sends a request; resolves with the whole JSON-RPC reply.
  request(method, params = {}) {
    const id = this.nextId++;
    const p = new Promise((res) => this.waiting.set(id, res));
    this.sock.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    return p;
  }

  async ok(method, params = {}) {
    const r = await this.request(method, params);
    if (r.error) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
    return r.result;
  }

  /// Waits until `pred(push)` holds for some push; returns it.
  async waitPush(pred, ms = 5000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.pushes.find(pred);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching push within ${ms} ms; got ${JSON.stringify(this.pushes)}`);
      await Promise.race([new Promise((r) => this.pushWaiters.push(r)), sleep(left)]);
    }
  }

  newMessages() {
    return this.pushes.filter((p) => p.method === 'updates')
      .flatMap((p) => p.params.updates)
      .filter((u) => u._ === 'updateNewMessage')
      .map((u) => u.message);
  }

  close() {
    this.sock.close();
    return this.closedP;
  }
}

export async function device(node, token) {
  const d = await new Device(token ? `${node.ws}?token=${token}` : node.ws).open();
  return d;
}

/// A WebSocket opened by hand, for what the `ws` client will not do: stop
/// reading, send raw frames, look at every frame the node sent.
export class RawWebSocket {
  constructor(port, target = '/ws') {
    this.port = port;
    this.target = target;
    this.chunks = [];
    this.closed = false;
  }

  async open() {
    this.sock = net.connect(this.port, '127.0.0.1');
    this.sock.on('error', (e) => { this.error = e; });
    this.ended = new Promise((res) => this.sock.on('close', () => { this.closed = true; res(); }));
    this.sock.on('data', (d) => this.chunks.push(d));
    await once(this.sock, 'connect');
    this.sock.write(`GET ${this.target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n`
      + 'Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
    for (;;) {
      const all = Buffer.concat(this.chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end >= 0) {
        this.head = all.subarray(0, end).toString();
        this.chunks = [all.subarray(end + 4)];
        if (!this.head.startsWith('HTTP/1.1 101')) throw new Error(`upgrade refused: ${this.head}`);
        return this;
      }
      if (this.closed) throw new Error(`closed during the upgrade: ${all}`);
      await Promise.race([once(this.sock, 'data'), this.ended]);
    }
  }

  /// A masked client frame (FIN set).
  static frame(opcode, payload = Buffer.alloc(0)) {
    const len = payload.length;
    const head = len < 126 ? Buffer.from([0x80 | opcode, 0x80 | len])
      : len < 65536 ? Buffer.from([0x80 | opcode, 0x80 | 126, len >> 8, len & 255])
        : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(len)); return b; })()]);
    const mask = Buffer.from([1, 2, 3, 4]);
    const body = Buffer.from(payload);
    for (let i = 0; i < body.length; ++i) body[i] ^= mask[i & 3];
    return Buffer.concat([head, mask, body]);
  }

  send(opcode, payload) { this.sock.write(RawWebSocket.frame(opcode, Buffer.from(payload))); }

  /// Every whole frame received so far: [{opcode, payload}].
  frames() {
    const data = Buffer.concat(this.chunks);
    const out = [];
    let at = 0;
    while (at + 2 <= data.length) {
      let len = data[at + 1] & 127;
      let start = at + 2;
      if (len === 126) { len = data.readUInt16BE(at + 2); start += 2; }
      else if (len === 127) { len = Number(data.readBigUInt64BE(at + 2)); start += 8; }
      if (start + len > data.length) break;
      out.push({ opcode: data[at] & 15, payload: data.subarray(start, start + len) });
      at = start + len;
    }
    return out;
  }

  /// The close frame's code and reason, or null.
  closeFrame() {
    const c = this.frames().find((f) => f.opcode === 8);
    return c ? { code: c.payload.readUInt16BE(0), reason: c.payload.subarray(2).toString() } : null;
  }
}
