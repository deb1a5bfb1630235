// A data directory written by an earlier build (legacy/data.tar.gz, made by
// legacy/make_legacy_data.mjs) opens and serves with this one: accounts,
// tokens, history, dialogs, chats, block lists and files answer exactly as
// the old build answered (legacy/expected.json), and the node keeps working
// on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Node, eventually } from './harness.mjs';
import { snapshot } from './legacy/legacy_snapshot.mjs';

const here = join(dirname(fileURLToPath(import.meta.url)), 'legacy');
const recorded = JSON.parse(readFileSync(join(here, 'expected.json'), 'utf8'));
let node;
let dataDir;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'actorgram-legacy-'));
  execFileSync('tar', ['xzf', join(here, 'data.tar.gz'), '-C', dataDir]);
  node = await new Node({ dataDir }).start();
});
after(async () => {
  await node.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the old data answers as the old build answered', async () => {
  const now = await snapshot(node, recorded.users, recorded.chat_id);
  for (const name of Object.keys(recorded.users)) assert.deepEqual(now[name], recorded.expected[name], name);
});

test('old accounts sign in with their passwords and keep their tokens', async () => {
  for (const u of Object.values(recorded.users)) {
    const r = await node.ok('auth.signIn', { username: u.username, password: u.password });
    assert.equal(r.user.id, u.id);
    assert.equal((await node.ok('users.getMe', {}, u.token)).id, u.id);
    const wrong = await node.call('auth.signIn', { username: u.username, password: 'not it at all' });
    assert.equal(wrong.body.error, 'PASSWORD_HASH_INVALID');
  }
});

test('the node keeps writing on the old data: pts and box ids go on', async () => {
  const { alice, bob } = recorded.users;
  const before = await node.ok('updates.getState', {}, bob.token);
  const sent = await node.ok('messages.sendMessage', { peer: { type: 'user', id: bob.id }, message: 'after the upgrade' }, alice.token);
  const oldTop = recorded.expected.alice.dialogs.dialogs.find((d) => d.peer.id === bob.id).top_message;
  assert.ok(sent.message.id > oldTop, 'box ids continue after the old ones');
  await eventually(async () => {
    const h = await node.ok('messages.getHistory', { peer: { type: 'user', id: alice.id } }, bob.token);
    assert.equal(h.messages[0].text, 'after the upgrade');
  });
  const after = await node.ok('updates.getState', {}, bob.token);
  assert.equal(after.pts, before.pts + 1);
});
