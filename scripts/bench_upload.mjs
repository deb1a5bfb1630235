// Benchmark: upload throughput of one large file over HTTP PUT parts.
//
//   node scripts/bench_upload.mjs [--mib 1024] [--part-kib 512] [--parallel 8] [--curl]
//
// Starts a fresh node (build/actorgram, production settings except cheap
// password hashing), uploads --mib MiB of random bytes as --part-kib KiB
// parts with --parallel requests in flight, and reports MB/s (acknowledged =
// durable: each part's batch is committed with fsync before the reply).
// With --curl the parts go through one curl process (C, keep-alive,
// --parallel) instead of Node's fetch, which takes a whole core of the two.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Node } from '../test/e2e/harness.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const mib = arg('mib', 1024);
const partKib = arg('part-kib', 512);
const parallel = arg('parallel', 8);
const useCurl = process.argv.includes('--curl');

/// Uploads every part with one curl process; resolves when all answered ok.
function curlUpload(url, token, parts, pool) {
  const dir = mkdtempSync(join(tmpdir(), 'actorgram-bench-'));
  pool.forEach((b, i) => writeFileSync(join(dir, `p${i}`), b));
  const config = [];
  for (let i = 0; i < parts; ++i) {
    config.push(`upload-file = "${join(dir, `p${i % pool.length}`)}"`);
    config.push(`url = "${url}/upload/777/${i}?total_parts=${parts}"`);
    config.push('output = "/dev/null"');
  }
  writeFileSync(join(dir, 'config'), config.join('\n'));
  return new Promise((resolve, reject) => {
    const c = spawn('curl', ['-sS', '--fail', '--parallel', '--parallel-max', String(parallel),
      '-H', `Authorization: Bearer ${token}`, '-K', join(dir, 'config')]);
    let err = '';
    c.stderr.on('data', (d) => { err += d; });
    c.on('close', (code) => {
      rmSync(dir, { recursive: true, force: true });
      if (code === 0) resolve(); else reject(new Error(`curl ${code}: ${err}`));
    });
  });
}

const node = await new Node().start();
try {
  const user = await node.signUp('bench_upload');
  const partSize = partKib * 1024;
  const parts = Math.ceil((mib * 1024 * 1024) / partSize);
  const pool = Array.from({ length: 16 }, () => randomBytes(partSize));
  let next = 0;
  const started = process.hrtime.bigint();
  if (useCurl) await curlUpload(node.http, user.token, parts, pool);
  else await Promise.all(Array.from({ length: parallel }, async () => {
    for (let i; (i = next++) < parts;) {
      const r = await fetch(`${node.http}/upload/777/${i}?total_parts=${parts}`, {
        method: 'PUT', headers: { Authorization: `Bearer ${user.token}` }, body: pool[i % pool.length],
      });
      const body = await r.json();
      if (!body.ok) throw new Error(JSON.stringify(body));
    }
  }));
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  const bytes = parts * partSize;
  const listed = await node.ok('upload.getUploadedParts', { file_id: 777 }, user.token);
  if (listed.parts.length !== parts || listed.bytes !== bytes) throw new Error('parts missing');
  console.log(`uploaded ${(bytes / 1048576).toFixed(0)} MiB in ${parts} parts of ${partKib} KiB, ${parallel} in flight: ${secs.toFixed(2)} s, ${(bytes / 1e6 / secs).toFixed(0)} MB/s`);
  console.log(`RESULT client=${useCurl ? 'curl' : 'node'} upload_mib=${mib} part_kib=${partKib} parallel=${parallel} seconds=${secs.toFixed(2)} mb_per_s=${(bytes / 1e6 / secs).toFixed(0)}`);
} finally {
  await node.stop();
  node.cleanup();
}
