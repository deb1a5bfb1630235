// Writes a small data directory with the binary under test and records what
// that binary answered about it, for legacy_data.test.mjs: a later build must
// open the same directory and answer the same (history, dialogs, chats,
// files, accounts). Run once with the old build, then commit the result:
//
//   ACTORGRAM_BIN=/path/to/old/actorgram node legacy/make_legacy_data.mjs OUT_DIR
//
// OUT_DIR gets data.tar.gz (the data directory, without logs) and
// expected.json (the answers).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Node } from '../harness.mjs';
import { snapshot, picture, documentBytes } from './legacy_snapshot.mjs';

const out = resolve(process.argv[2] ?? '.');
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'actorgram-legacy-'));
const node = await new Node({ dataDir }).start();

const auth = (t) => ({ Authorization: `Bearer ${t}` });
async function upload(token, fileId, buf) {
  const r = await fetch(`${node.http}/upload/${fileId}/0?total_parts=1`, {
    method: 'PUT', headers: auth(token), body: buf,
  });
  if (r.status !== 200) throw new Error(await r.text());
}

const alice = await node.signUp('alice_legacy', 'alice password', 'Alice');
const bob = await node.signUp('bob_legacy', 'bob password', 'Bob');
const carol = await node.signUp('carol_legacy', 'carol password', 'Carol');
await node.ok('account.updateProfile', { last_name: 'Liddell' }, alice.token);
const toBob = { type: 'user', id: bob.user.id };
const toAlice = { type: 'user', id: alice.user.id };

const m1 = await node.ok('messages.sendMessage', { peer: toBob, message: 'hello bob', random_id: '1' }, alice.token);
await node.ok('messages.sendMessage', { peer: toBob, message: 'second, to be edited', random_id: '2' }, alice.token);
const m3 = await node.ok('messages.sendMessage', { peer: toBob, message: 'third, to be deleted', random_id: '3' }, alice.token);
await node.ok('messages.editMessage', { peer: toBob, id: m1.message.id + 1, message: 'second, edited' }, alice.token);
await node.ok('messages.deleteMessages', { ids: [m3.message.id], revoke: true }, alice.token);
// Bob's copies arrive after Alice's acknowledgement: wait for them.
for (let i = 0; i < 100; ++i) {
  const h = await node.ok('messages.getHistory', { peer: toAlice }, bob.token);
  if (h.messages.length === 2 && h.messages.some((m) => m.edit_date)) break;
  await new Promise((r) => setTimeout(r, 50));
}
const hb = await node.ok('messages.getHistory', { peer: toAlice }, bob.token);
await node.ok('messages.sendMessage', { peer: toAlice, message: 'hi alice', reply_to: hb.messages[hb.messages.length - 1].id }, bob.token);
await node.ok('messages.readHistory', { peer: toAlice }, bob.token);
await node.ok('messages.toggleDialogPin', { peer: toAlice }, bob.token);

const chat = await node.ok('messages.createChat', { title: 'Legacy chat', user_ids: [bob.user.id] }, alice.token);
const chatId = chat.chat.id;
await node.ok('messages.addChatUser', { chat_id: chatId, user_id: carol.user.id }, alice.token);
await node.ok('messages.editChatTitle', { chat_id: chatId, title: 'Legacy chat, renamed' }, alice.token);
await node.ok('messages.editChatAdmin', { chat_id: chatId, user_id: bob.user.id, is_admin: true }, alice.token);
await node.ok('messages.sendMessage', { peer: { type: 'chat', id: chatId }, message: 'hello chat' }, carol.token);
await node.ok('messages.forwardMessages', { from_peer: toBob, ids: [m1.message.id], peer: { type: 'chat', id: chatId } }, alice.token);

await upload(alice.token, '77', picture());
await node.ok('messages.sendMedia', { peer: toBob, media: 'photo', file_id: '77', file_total_parts: 1, message: 'a photo' }, alice.token);
await upload(carol.token, '78', documentBytes());
await node.ok('messages.sendMedia', { peer: { type: 'chat', id: chatId }, media: 'document', file_id: '78', file_total_parts: 1, file_name: 'notes.txt', mime_type: 'text/plain' }, carol.token);
await node.ok('contacts.block', { id: alice.user.id }, carol.token);

await new Promise((r) => setTimeout(r, 500)); // the last fan-outs commit
const users = { alice: { ...alice, password: 'alice password' }, bob: { ...bob, password: 'bob password' },
  carol: { ...carol, password: 'carol password' } };
const expected = await snapshot(node, users, chatId);
await node.stop();

execFileSync('tar', ['czf', join(out, 'data.tar.gz'), '--exclude=LOG*', '-C', dataDir, '.']);
writeFileSync(join(out, 'expected.json'), `${JSON.stringify({ chat_id: chatId, users: Object.fromEntries(
  Object.entries(users).map(([k, u]) => [k, { id: u.user.id, username: u.user.username, password: u.password, token: u.token }])),
expected }, null, 1)}\n`);
rmSync(dataDir, { recursive: true, force: true });
console.log(`wrote ${out}/data.tar.gz and expected.json`);
