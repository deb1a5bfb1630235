// Benchmark: normal HTTP API calls while thousands of keep-alive
// connections sit idle and slowloris clients trickle header bytes.
//
//   node scripts/bench_http_slow.mjs [--connections 10000] [--slow 1000]
//        [--seconds 20] [--callers 8] [--rate 400] [--trickle-ms 1000] [--timeout-ms 2000]
//   ACTORGRAM_BIN=/path/to/actorgram node scripts/bench_http_slow.mjs   # another build
//
// Starts a fresh node (production settings except cheap password hashing
// and http.keep_alive_timeout_s: 120, so idle connections stay open
// without traffic), then opens --connections keep-alive connections:
// --slow of them slowloris (a request head, then one header byte every
// --trickle-ms; a connection the node cuts is opened again), the rest idle
// after one GET /healthz each. Those come from 127.0.0.2-127.0.0.41, under
// the per-address cap. Then --callers loops on their own keep-alive
// connections alternate POST /api/users.getMe and GET /healthz for
// --seconds (on a worker thread, so that the load's own bursts do not
// delay them), --rate calls per second in all (0: each as soon as the last
// is answered, which measures the node saturated); a call not answered within --timeout-ms counts as an error
// (and as --timeout-ms in the percentiles) and its connection is replaced.
// Also times 20 requests with an over-limit Content-Length and no body
// (the 413), and reads the node's RSS with every connection open.
// Needs about --connections + 100 descriptors (ulimit -n).
import net from 'node:net';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { Node } from '../test/e2e/harness.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const total = arg('connections', 10000);
const slowCount = Math.min(arg('slow', 1000), total);
const seconds = arg('seconds', 20);
const callers = arg('callers', 8);
const rate = arg('rate', 400);
const trickleMs = arg('trickle-ms', 1000);
const timeoutMs = arg('timeout-ms', 2000);
const sources = Array.from({ length: 40 }, (_, i) => `127.0.0.${i + 2}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/// A keep-alive connection that sends one request at a time and reads
/// answers by Content-Length.
class Conn {
  constructor(port, localAddress) {
    this.buf = '';
    this.pending = null;
    this.closed = false;
    this.sock = net.connect({ port, host: '127.0.0.1', localAddress });
    this.sock.setNoDelay(true);
    this.sock.setEncoding('latin1');
    this.sock.on('data', (d) => { this.buf += d; this.check(); });
    this.sock.on('error', () => {});
    this.sock.on('close', () => { this.closed = true; this.settle(null); });
    this.ready = new Promise((res) => {
      this.sock.once('connect', () => res(true));
      this.sock.once('close', () => res(false));
    });
  }

  check() {
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const m = this.buf.slice(0, end).match(/\r\ncontent-length: *(\d+)/i);
    const len = m ? Number(m[1]) : 0;
    if (this.buf.length < end + 4 + len) return;
    const status = Number(this.buf.slice(9, 12));
    this.buf = this.buf.slice(end + 4 + len);
    this.settle(status);
  }

  settle(status) {
    const p = this.pending;
    this.pending = null;
    if (p) { clearTimeout(p.timer); p.resolve(status); }
  }

  /// The answer's status, or null (closed or no answer within `ms`).
  request(text, ms = timeoutMs) {
    return new Promise((resolve) => {
      if (this.closed) return resolve(null);
      this.pending = { resolve, timer: setTimeout(() => this.settle(null), ms) };
      this.sock.write(text);
    });
  }

  close() { this.sock.destroy(); }
}

const health = 'GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n';
const rss = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/// The callers (on a worker thread): --callers loops alternating the two
/// calls at --rate in all, for --seconds.
async function measureCalls(port, getMe) {
  const latencies = [];
  let errors = 0;
  const deadline = Date.now() + seconds * 1000;
  const gap = rate > 0 ? (1000 * callers) / rate : 0; // ms between one caller's calls
  await Promise.all(Array.from({ length: callers }, async (_, k) => {
    let c = new Conn(port, '127.0.0.1');
    await c.ready;
    let next = performance.now() + (gap * k) / callers;
    for (let i = 0; Date.now() < deadline; i++) {
      if (gap > 0) {
        next += gap;
        const wait = next - gap - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const t = performance.now();
      const status = await c.request(i % 2 ? health : getMe);
      const ms = performance.now() - t;
      if (status !== 200) {
        errors++;
        latencies.push(Math.max(ms, timeoutMs));
        c.close();
        c = new Conn(port, '127.0.0.1');
        await c.ready;
      } else {
        latencies.push(ms);
      }
    }
    c.close();
  }));
  return { latencies, errors };
}

if (!isMainThread) {
  parentPort.postMessage(await measureCalls(workerData.port, workerData.getMe));
  process.exit(0);
}

const node = await new Node({ env: { ACTORGRAM_HTTP_KEEP_ALIVE_TIMEOUT_S: '120' } }).start();
const port = node.httpPort;
let stopping = false;
try {
  const user = await node.signUp('bench_slow');
  const getMe = `POST /api/users.getMe HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer ${user.token}\r\n`
    + 'Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';
  const rssBefore = rss(node.proc.pid);

  // Idle keep-alive connections, in batches (the listen backlog is finite).
  const idleCount = total - slowCount;
  const idle = [];
  let idleServed = 0;
  const t0 = Date.now();
  for (let i = 0; i < idleCount; i += 250) {
    const batch = Array.from({ length: Math.min(250, idleCount - i) },
      (_, j) => new Conn(port, sources[(i + j) % sources.length]));
    idle.push(...batch);
    const answers = await Promise.all(batch.map(async (c) => (await c.ready) && c.request(health)));
    idleServed += answers.filter((s) => s === 200).length;
  }
  const idleSeconds = (Date.now() - t0) / 1000;

  // Slowloris connections: a head that never ends, one byte per tick.
  const slow = new Set();
  let slowCut = 0;
  let slowAnswered408 = 0;
  const openSlow = (i) => {
    const c = new Conn(port, sources[i % sources.length]);
    c.sock.on('data', (d) => { if (String(d).startsWith('HTTP/1.1 408')) slowAnswered408++; });
    c.ready.then((ok) => { if (ok) c.sock.write('GET /healthz HTTP/1.1\r\nHost: bench\r\nX-Slow: '); });
    c.sock.on('close', () => {
      slow.delete(c);
      if (stopping) return;
      slowCut++;
      setTimeout(() => openSlow(i), 50); // keep --slow of them open
    });
    slow.add(c);
  };
  for (let i = 0; i < slowCount; i++) {
    openSlow(i);
    if (i % 250 === 249) await sleep(50);
  }
  // Spread over the interval, as independent clients would be: a twentieth
  // of them every twentieth of --trickle-ms.
  let slice = 0;
  const trickle = setInterval(() => {
    let k = 0;
    for (const c of slow) if (k++ % 20 === slice && !c.closed) c.sock.write('a');
    slice = (slice + 1) % 20;
  }, trickleMs / 20);
  await sleep(1000);
  const rssOpen = rss(node.proc.pid);

  // Normal calls on their own connections, measured on a thread of their
  // own: the slowloris' bursts (a thousand closes and reconnects at once)
  // would otherwise delay the callers' own event loop, not the node.
  const worker = new Worker(new URL(import.meta.url), { argv: process.argv.slice(2), workerData: { port, getMe } });
  const { latencies, errors } = await new Promise((res, rej) => { worker.once('message', res); worker.once('error', rej); });
  clearInterval(trickle);

  // Over-limit Content-Length, no body: time to the 413.
  const refusals = [];
  for (let i = 0; i < 20; i++) {
    const c = new Conn(port, '127.0.0.1');
    await c.ready;
    const t = performance.now();
    const status = await c.request('POST /api/users.getMe HTTP/1.1\r\nHost: bench\r\nContent-Length: 50000000\r\n\r\n', 5000);
    refusals.push(status === 413 ? performance.now() - t : Infinity);
    c.close();
  }

  latencies.sort((a, b) => a - b);
  refusals.sort((a, b) => a - b);
  const openNow = idle.filter((c) => !c.closed).length + [...slow].filter((c) => !c.closed).length;
  const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'none');
  console.log(`idle connections: ${idleServed}/${idleCount} served their first request (${idleSeconds.toFixed(1)} s); `
    + `slowloris: ${slowCut} cut by the node (${slowAnswered408} with 408); ${openNow} of ${total} open at the end`);
  console.log(`RESULT connections=${total} slow=${slowCount} rate=${rate} calls=${latencies.length} errors=${errors}`
    + ` p50_ms=${f(pct(latencies, 0.5))} p99_ms=${f(pct(latencies, 0.99))} max_ms=${f(latencies[latencies.length - 1])}`
    + ` r413_p50_ms=${f(pct(refusals, 0.5))} r413_max_ms=${f(refusals[refusals.length - 1])}`
    + ` rss_mib_before=${rssBefore.toFixed(0)} rss_mib_open=${rssOpen.toFixed(0)}`
    + ` idle_served=${idleServed} slow_cut=${slowCut}`);
  stopping = true;
  for (const c of [...idle, ...slow]) c.close();
} finally {
  stopping = true;
  await node.stop();
  node.cleanup();
}
