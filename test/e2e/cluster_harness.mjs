// Several real node processes on loopback forming one cluster: ports, data
// directories and a shared secret file of their own; `status(i)` asks node
// i's view through `actorgram cluster status --json`, as an operator would.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Node, binary, freePort, eventually } from './harness.mjs';

const run = promisify(execFile);

const M64 = (1n << 64n) - 1n;

/// The shard of a user or chat id (core/cluster/shard_map.cpp's shard_of).
export function shardOf(id) {
  let x = (BigInt(id) + 0x9e3779b97f4a7c15n) & M64;
  x = ((x ^ (x >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  x = ((x ^ (x >> 27n)) * 0x94d049bb133111ebn) & M64;
  x ^= x >> 31n;
  return Number(x % 1024n);
}

export class Cluster {
  /// `n` founding nodes (all seeds), numbered 1..n.
  constructor(n, { env = {} } = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'actorgram-cluster-'));
    this.secretFile = join(this.dir, 'secret');
    writeFileSync(this.secretFile, randomBytes(48));
    this.n = n;
    this.env = env;
    this.nodes = [];
    this.ports = [];
  }

  /// The flags and environment of node `id` (1-based).
  nodeOptions(id, { secretFile = this.secretFile, seeds = this.seeds } = {}) {
    return {
      dataDir: join(this.dir, `node${id}`),
      env: {
        ACTORGRAM_CLUSTER_SECRET_FILE: secretFile,
        ACTORGRAM_CLUSTER_HEARTBEAT_MS: '500',
        ACTORGRAM_CLUSTER_SUSPECT_MS: '1500',
        ACTORGRAM_CLUSTER_DOWN_MS: '3000',
        ...this.env,
      },
      args: ['--node-id', String(id), '--cluster-port', String(this.ports[id - 1]),
        '--seeds', seeds],
    };
  }

  async start() {
    for (let i = 0; i < this.n; ++i) this.ports.push(await freePort());
    this.seeds = this.ports.map((p) => `127.0.0.1:${p}`).join(',');
    for (let id = 1; id <= this.n; ++id) this.nodes.push(new Node(this.nodeOptions(id)));
    try {
      await Promise.all(this.nodes.map((n) => n.start()));
      await this.converged();
    } catch (e) {
      await Promise.allSettled(this.nodes.map((n) => n.stop()));
      throw e;
    }
    return this;
  }

  /// Starts node n+1, which is no seed: it joins through the seeds and
  /// owns no shards until `cluster add` gives it some.
  async addNode() {
    this.ports.push(await freePort());
    const id = this.ports.length;
    const node = new Node(this.nodeOptions(id));
    this.nodes.push(node);
    this.n = id;
    await node.start();
    await this.converged();
    return id;
  }

  /// `actorgram cluster add|drain NODE --json` through node `via`: the report.
  async move(verb, id, via = 1) {
    const { stdout } = await run(binary, [
      'cluster', verb, String(id), '--json', '--cluster-port', String(this.ports[via - 1])], {
      env: { ...process.env, ACTORGRAM_CLUSTER_SECRET_FILE: this.secretFile },
      timeout: 120000,
    });
    return JSON.parse(stdout);
  }

  node(id) { return this.nodes[id - 1]; }

  /// The node a user or chat lives on, by the first map (shards dealt in
  /// turn over the founding nodes).
  homeOf(id) { return (shardOf(id) % this.n) + 1; }

  /// Node `id`'s view: { self, map_version, members: [{id, state, shards, ...}], problems }.
  async status(id, port = this.ports[id - 1], secretFile = this.secretFile) {
    const { stdout } = await run(binary, ['cluster', 'status', '--json',
      '--cluster-port', String(port)], {
      env: { ...process.env, ACTORGRAM_CLUSTER_SECRET_FILE: secretFile },
      timeout: 10000,
    });
    return JSON.parse(stdout);
  }

  /// The state node `viewer` holds of node `id`.
  async stateOf(viewer, id) {
    const s = await this.status(viewer);
    return s.members.find((m) => m.id === id)?.state;
  }

  /// Every running node sees every node alive with one map.
  async converged(ms = 15000) {
    await eventually(async () => {
      for (let id = 1; id <= this.n; ++id) {
        const s = await this.status(id);
        if (s.map_version < 1) throw new Error(`node ${id} has no map: ${JSON.stringify(s)}`);
        const alive = s.members.filter((m) => m.state === 'alive').length;
        if (alive !== this.n) throw new Error(`node ${id} sees ${alive} alive: ${JSON.stringify(s)}`);
      }
    }, ms);
  }

  async stop() {
    await Promise.all(this.nodes.map((n) => n.stop().catch(() => {})));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
