// Benchmark: download throughput and memory of GET /file.
//
//   node scripts/bench_download.mjs [--mib 1024] [--runs 3] [--concurrent 50]
//
// Starts a fresh node (build/actorgram; http.max_downloads = --concurrent and
// http.threads 16 more, so every download runs at once), uploads --mib MiB of random bytes, sends it as a document, then
// downloads it with curl (a C client: the node, not the client, is measured):
// --runs single downloads of the whole file, then --concurrent downloads at
// once while the node's resident memory is sampled every 100 ms.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Node } from '../test/e2e/harness.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const mib = arg('mib', 1024);
const runs = arg('runs', 3);
const concurrent = arg('concurrent', 50);

const rssMiB = (pid) => {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return Number(m[1]) / 1024;
};

function curl(url, token) {
  return new Promise((resolve, reject) => {
    const c = spawn('curl', ['-sS', '-o', '/dev/null', '-H', `Authorization: Bearer ${token}`,
      '-w', '%{http_code} %{size_download} %{speed_download}', url]);
    let out = '';
    c.stdout.on('data', (d) => { out += d; });
    c.on('close', (code) => {
      const [status, size, speed] = out.trim().split(' ').map(Number);
      if (code !== 0 || status !== 200) reject(new Error(`curl ${code} ${out}`));
      else resolve({ size, speed });
    });
  });
}

const node = await new Node({
  env: { ACTORGRAM_HTTP_THREADS: String(concurrent + 16), ACTORGRAM_HTTP_MAX_DOWNLOADS: String(concurrent) },
}).start();
try {
  const ann = await node.signUp('bench_dl_ann');
  const bob = await node.signUp('bench_dl_bob');
  const partSize = 512 * 1024;
  const parts = Math.ceil((mib * 1048576) / partSize);
  const pool = Array.from({ length: 16 }, () => randomBytes(partSize));
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let i; (i = next++) < parts;) {
      const r = await fetch(`${node.http}/upload/1/${i}?total_parts=${parts}`, {
        method: 'PUT', headers: { Authorization: `Bearer ${ann.token}` }, body: pool[i % pool.length],
      });
      if (!(await r.json()).ok) throw new Error('upload failed');
    }
  }));
  const sent = await node.ok('messages.sendMedia', {
    peer: { type: 'user', id: bob.user.id }, media: 'document', file_id: 1, file_total_parts: parts,
    file_name: 'big.bin',
  }, ann.token);
  const url = `${node.http}/file/${sent.message.media.location}`;
  const size = sent.message.media.size;

  const speeds = [];
  for (let i = 0; i < runs; ++i) {
    const r = await curl(url, bob.token);
    if (r.size !== size) throw new Error('short download');
    speeds.push(r.speed / 1e6);
  }
  console.log(`single download of ${(size / 1048576).toFixed(0)} MiB: ${speeds.map((s) => s.toFixed(0)).join(', ')} MB/s`);

  const pid = node.proc.pid;
  const before = rssMiB(pid);
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, rssMiB(pid)); }, 100);
  const started = process.hrtime.bigint();
  const all = await Promise.all(Array.from({ length: concurrent }, () => curl(url, bob.token)));
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  const after = rssMiB(pid);
  if (all.some((r) => r.size !== size)) throw new Error('short download');
  const total = all.reduce((a, r) => a + r.size, 0);
  console.log(`${concurrent} concurrent downloads: ${(total / 1e6 / secs).toFixed(0)} MB/s in all, node RSS ${before.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB, ${after.toFixed(0)} MiB after`);
  console.log(`RESULT download_mib=${mib} single_mb_per_s=${speeds.map((s) => s.toFixed(0)).join('/')} concurrent=${concurrent} aggregate_mb_per_s=${(total / 1e6 / secs).toFixed(0)} rss_before_mib=${before.toFixed(0)} rss_peak_mib=${peak.toFixed(0)} rss_after_mib=${after.toFixed(0)}`);
} finally {
  await node.stop();
  node.cleanup();
}
