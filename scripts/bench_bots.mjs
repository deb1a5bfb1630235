// Benchmark: issue 13's Bot API targets (docs/benchmarks.md).
//
//   node scripts/bench_bots.mjs delivery [--bots 100] [--rate 1000] [--seconds 20]
//     users' messages to bots at --rate msgs/s, spread over --bots bots, each
//     bot long-polling getUpdates as the libraries do: latency from the
//     user's sendMessage call (over WebSocket, as clients send) to the bot's
//     getUpdates answer holding it.
//   node scripts/bench_bots.mjs polls [--bots 1000] [--rate 300] [--seconds 20]
//     --bots bots each with a parked long poll (timeout 50 s), while users
//     send each other messages at --rate calls/s: the API's latency then.
//
// Starts a fresh node (build/actorgram, or ACTORGRAM_BIN) pinned to CPU 0
// and pins itself to CPU 1 (taskset), as scripts/loadtest.sh does; prints
// p50/p99/max, the node's CPU seconds per message, and errors.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { Node, device, sleep } from '../test/e2e/harness.mjs';

const mode = process.argv[2] ?? 'delivery';
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const bots = arg('bots', mode === 'polls' ? 1000 : 100);
const rate = arg('rate', mode === 'polls' ? 300 : 1000);
const seconds = arg('seconds', 20);

const node = await new Node({ env: {
  ACTORGRAM_LIMITS_MESSAGES_PER_SECOND: '100000', ACTORGRAM_LIMITS_MESSAGES_BURST: '100000',
  ACTORGRAM_LIMITS_AUTH_PER_IP_PER_SECOND: '100000', ACTORGRAM_LIMITS_AUTH_PER_IP_BURST: '100000',
  ACTORGRAM_HTTP_MAX_CONNECTIONS_PER_IP: '8000',
} }).start();
const pin = (pid, cpu) => {
  try { execFileSync('taskset', ['-a', '-pc', String(cpu), String(pid)], { stdio: 'ignore' }); } catch {}
};
pin(node.proc.pid, 0);
pin(process.pid, 1);
const cpuSeconds = () => {
  const f = readFileSync(`/proc/${node.proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in ticks of 1/100 s
};

const post = async (url, body, token) => {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: r.status, body: await r.json() };
};
const api = (m, p, t) => post(`${node.http}/api/${m}`, p, t);
// The bots' calls go through node:http with keep-alive: a third of fetch's
// cost in the generator, which is otherwise what saturates first.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const botApi = (tok, m, p) => new Promise((resolve, reject) => {
  const body = JSON.stringify(p);
  const req = http.request({
    host: '127.0.0.1', port: node.httpPort, path: `/bot${tok}/${m}`, method: 'POST', agent,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  }, (res) => {
    let data = '';
    res.setEncoding('utf8');
    res.on('data', (c) => { data += c; });
    res.on('end', () => {
      try { resolve({ status: res.statusCode, body: JSON.parse(data) }); } catch (e) { reject(e); }
    });
  });
  req.on('error', reject);
  req.end(body);
});

function quantiles(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN);
  return { n: s.length, p50: q(0.5), p99: q(0.99), max: s[s.length - 1] };
}
const fmt = (q) => `n=${q.n} p50=${q.p50?.toFixed(2)} ms p99=${q.p99?.toFixed(2)} ms max=${q.max?.toFixed(2)} ms`;

async function pool(n, count, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    for (let i; (i = next++) < count;) await fn(i);
  }));
}

// Owners (20 bots each) and the bots.
const owners = [];
await pool(8, Math.ceil(bots / 20), async (i) => {
  owners[i] = (await api('auth.signUp', { username: `owner${i}_bb`, password: 'correct horse', first_name: 'O' })).body.result;
});
const made = [];
await pool(8, bots, async (i) => {
  const r = await api('bots.createBot', { username: `b${i}_bench_bot`, first_name: `B${i}` }, owners[Math.floor(i / 20)].token);
  if (!r.body.ok) throw new Error(JSON.stringify(r.body));
  made[i] = r.body.result;
});
console.error(`bench_bots: ${bots} bots made`);

let running = true;
const errors = {};
const fail = (what) => { errors[what] = (errors[what] ?? 0) + 1; };

if (mode === 'delivery') {
  // One sender per bot (it has written to its bot first).
  const users = [];
  const sockets = [];
  await pool(8, bots, async (i) => {
    users[i] = (await api('auth.signUp', { username: `u${i}_bb`, password: 'correct horse', first_name: 'U' })).body.result;
    sockets[i] = await device(node, users[i].token);
  });
  const sentAt = new Map(); // text -> ms
  const lat = [];
  const acks = [];
  let measuring = false;
  const pollers = made.map(async (b) => {
    let offset = 0;
    while (running) {
      const r = await botApi(b.token, 'getUpdates', { offset, timeout: 30 }).catch(() => null);
      const now = performance.now();
      if (!r || !r.body.ok) { fail(`getUpdates ${r?.status}`); await sleep(100); continue; }
      for (const u of r.body.result) {
        offset = u.update_id + 1;
        const t = sentAt.get(u.message.text);
        if (t !== undefined) {
          sentAt.delete(u.message.text);
          if (measuring) lat.push(now - t);
        }
      }
    }
  });
  await sleep(500);
  let seq = 0;
  const send = (i) => {
    const text = `m${seq++}`;
    const t = performance.now();
    sentAt.set(text, t);
    sockets[i].request('messages.sendMessage', { peer: { type: 'user', id: made[i].user.id }, message: text })
      .then((r) => {
        if (measuring) acks.push(performance.now() - t);
        if (r.error) fail(r.error.message);
      }, () => fail('ws'));
  };
  const warm = 3;
  const cpu0 = { t: 0, c: 0 };
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < (seconds + warm) * 1000) {
    const elapsed = (performance.now() - start) / 1000;
    if (!measuring && elapsed >= warm) {
      measuring = true;
      cpu0.t = performance.now();
      cpu0.c = cpuSeconds();
      sent = 0;
    }
    const due = Math.floor((elapsed - (measuring ? warm : 0)) * rate) - sent;
    for (let k = 0; k < due; ++k, ++sent) send(sent % bots);
    await sleep(2);
  }
  const cpu = cpuSeconds() - cpu0.c;
  await sleep(1000);
  running = false;
  for (const s of sockets) s.close();
  console.log(`delivery: ${bots} bots, ${rate} msgs/s for ${seconds} s: user sendMessage -> bot getUpdates ${fmt(quantiles(lat))}`);
  console.log(`  the sender's sendMessage answered: ${fmt(quantiles(acks))}`);
  console.log(`  lost (not seen 1 s after the end): ${sentAt.size}; node CPU ${cpu.toFixed(2)} s = ${(cpu / Math.max(1, lat.length) * 1e6).toFixed(1)} µs per message`);
} else {
  // Every bot parks a poll (and parks again when it returns).
  let parked = 0;
  made.forEach(async (b) => {
    let first = true;
    while (running) {
      const r = await botApi(b.token, 'getUpdates', { timeout: 50 }).catch(() => null);
      if (first) { first = false; ++parked; }
      if (!r || !r.body.ok) { if (running) fail(`getUpdates ${r?.status}`); await sleep(100); }
    }
  });
  await sleep(3000);
  const conns = await fetch(`${node.http}/metrics`).then((r) => r.text())
    .then((t) => /actorgram_http_connections_open (\d+)/.exec(t)?.[1]);
  console.error(`bench_bots: ${bots} polls parked (${parked} answered early), ${conns} HTTP connections open`);
  const a = (await api('auth.signUp', { username: 'ping_bb', password: 'correct horse', first_name: 'P' })).body.result;
  const b = (await api('auth.signUp', { username: 'pong_bb', password: 'correct horse', first_name: 'Q' })).body.result;
  const lat = [];
  const c0 = cpuSeconds();
  const start = performance.now();
  let sent = 0;
  const inflight = [];
  while (performance.now() - start < seconds * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate) - sent;
    for (let k = 0; k < due; ++k, ++sent) {
      const t = performance.now();
      const [from, to] = sent % 2 ? [a, b] : [b, a];
      inflight.push(api('messages.sendMessage', { peer: { type: 'user', id: to.user.id }, message: `x${sent}` }, from.token)
        .then((r) => { lat.push(performance.now() - t); if (!r.body.ok) fail(r.body.error); }, () => fail('fetch')));
    }
    await sleep(2);
  }
  await Promise.all(inflight);
  const cpu = cpuSeconds() - c0;
  running = false;
  console.log(`polls: ${bots} parked long polls; messages.sendMessage at ${rate}/s for ${seconds} s: ${fmt(quantiles(lat))}`);
  console.log(`  node CPU ${cpu.toFixed(2)} s over the run (${(cpu / seconds * 100).toFixed(1)}% of a core)`);
}
console.log(`  errors: ${JSON.stringify(errors)}`);
await node.stop().catch(() => {});
node.cleanup();
process.exit(0);
