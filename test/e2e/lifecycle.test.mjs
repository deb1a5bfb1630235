// The message lifecycle over the real binary: edit, delete (for me and for
// everyone), typing, pinned dialogs, history bounds, search and forward, and
// getDifference carrying every kind of update.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Node, device, sleep, expectError, eventually } from './harness.mjs';

let node;
before(async () => { node = await new Node().start(); });
after(async () => { await node.stop(); node.cleanup(); });

const updatesOf = (d) => d.pushes.filter((p) => p.method === 'updates').flatMap((p) => p.params.updates);

test('edit and delete reach every copy with pts, and change nothing when refused', async () => {
  const alice = await node.signUp('alice_l');
  const bob = await node.signUp('bob_l');
  const peerB = { type: 'user', id: bob.user.id };
  const peerA = { type: 'user', id: alice.user.id };
  const b1 = await device(node, bob.token);
  await sleep(100);
  const sent = [];
  for (const t of ['one', 'two', 'three']) sent.push((await node.ok('messages.sendMessage', { peer: peerB, message: t }, alice.token)).message);
  const bobCopy = async () => (await node.ok('messages.getHistory', { peer: peerA }, bob.token)).messages;
  await eventually(async () => assert.equal((await bobCopy()).length, 3));

  // Edit: only the author, only a change, only a live message.
  await expectError(await node.call('messages.editMessage', { peer: peerA, id: (await bobCopy())[0].id, message: 'x' }, bob.token), 403, 'MESSAGE_AUTHOR_REQUIRED');
  await expectError(await node.call('messages.editMessage', { peer: peerB, id: sent[1].id, message: 'two' }, alice.token), 400, 'MESSAGE_NOT_MODIFIED');
  await expectError(await node.call('messages.editMessage', { peer: peerB, id: 9999, message: 'x' }, alice.token), 400, 'MESSAGE_ID_INVALID');
  await expectError(await node.call('messages.editMessage', { peer: peerB, id: sent[1].id, message: '' }, alice.token), 400, 'MESSAGE_EMPTY');
  const edited = await node.ok('messages.editMessage', { peer: peerB, id: sent[1].id, message: 'two, edited' }, alice.token);
  assert.equal(edited.message.text, 'two, edited');
  assert.ok(edited.message.edit_date > 0);
  const pushed = await b1.waitPush((m) => m.params?.updates?.some((u) => u._ === 'updateEditMessage'));
  const eu = pushed.params.updates.find((u) => u._ === 'updateEditMessage');
  assert.equal(eu.message.text, 'two, edited');
  assert.equal(eu.pts_count, 1);
  assert.equal((await bobCopy()).find((m) => m.dialog_message_id === sent[1].dialog_message_id).text, 'two, edited');

  // Delete for everyone: bob may not revoke alice's message.
  const bobIds = (await bobCopy()).map((m) => m.id);
  await expectError(await node.call('messages.deleteMessages', { ids: [bobIds[0]], revoke: true }, bob.token), 403, 'MESSAGE_DELETE_FORBIDDEN');
  await expectError(await node.call('messages.deleteMessages', { ids: [sent[0].id, 4242], revoke: true }, alice.token), 400, 'MESSAGE_ID_INVALID');
  assert.equal((await bobCopy()).length, 3, 'refused deletes change nothing');
  const before = await node.ok('updates.getState', {}, bob.token);
  const del = await node.ok('messages.deleteMessages', { ids: [sent[2].id, sent[1].id], revoke: true }, alice.token);
  assert.equal(del.pts_count, 2);
  const du = (await b1.waitPush((m) => m.params?.updates?.some((u) => u._ === 'updateDeleteMessages')))
    .params.updates.find((u) => u._ === 'updateDeleteMessages');
  assert.equal(du.pts_count, 2);
  assert.equal(du.messages.length, 2);
  assert.equal(du.pts, before.pts + 2);
  assert.deepEqual((await bobCopy()).map((m) => m.text), ['one']);
  // The dialog's top message is recomputed on both sides.
  const dlg = (await node.ok('messages.getDialogs', {}, bob.token)).dialogs.find((d) => d.peer.id === alice.user.id);
  assert.equal(dlg.top_message, (await bobCopy())[0].id);
  assert.equal(dlg.unread_count, 1);

  // Delete only for me: the other side keeps it.
  await node.ok('messages.deleteMessages', { ids: [(await bobCopy())[0].id] }, bob.token);
  assert.deepEqual(await bobCopy(), []);
  assert.equal((await node.ok('messages.getHistory', { peer: peerB }, alice.token)).messages.length, 1);
  await expectError(await node.call('messages.deleteMessages', { ids: [sent[0].id + 1000] }, alice.token), 400, 'MESSAGE_ID_INVALID');
  // ids runs from 1 to 200 (docs/api.md): none, or too many, is LIMIT_INVALID.
  await expectError(await node.call('messages.deleteMessages', { ids: [] }, alice.token), 400, 'LIMIT_INVALID');
  await expectError(await node.call('messages.deleteMessages', { ids: [], revoke: true }, alice.token), 400, 'LIMIT_INVALID');
  await expectError(await node.call('messages.deleteMessages', { ids: Array.from({ length: 201 }, (_, i) => i + 1) }, alice.token), 400, 'LIMIT_INVALID');
  assert.equal((await node.ok('messages.getHistory', { peer: peerB }, alice.token)).messages.length, 1, 'nothing was deleted');

  // getDifference from 0 replays it all: pts counts add up, deleted messages stay gone.
  const diff = await node.ok('updates.getDifference', { pts: 0 }, bob.token);
  // Edits of messages deleted since are left out; both deletions are there.
  assert.deepEqual(diff.other_updates.map((u) => [u._, u.pts_count]),
    [['updateDeleteMessages', 2], ['updateDeleteMessages', 1]]);
  assert.deepEqual(diff.new_messages, []);
  assert.equal(diff.other_updates.at(-1).pts, diff.state.pts);
  b1.close();
});

test('chat edits and admin deletes reach every member', async () => {
  const [a, b, c] = await Promise.all(['ann_l', 'ben_l', 'cat_l'].map((u) => node.signUp(u)));
  const created = await node.ok('messages.createChat', { title: 'life', user_ids: [b.user.id, c.user.id] }, a.token);
  const chat = { type: 'chat', id: created.chat.id };
  const m = (await node.ok('messages.sendMessage', { peer: chat, message: 'from ben' }, b.token)).message;
  await node.ok('messages.editMessage', { peer: chat, id: m.id, message: 'from ben (edited)' }, b.token);
  const texts = async (u) => (await node.ok('messages.getHistory', { peer: chat }, u.token)).messages.filter((x) => x._ === 'message').map((x) => x.text);
  for (const u of [a, b, c]) await eventually(async () => assert.deepEqual(await texts(u), ['from ben (edited)']));
  // cat (member) may not delete ben's message for everyone; ann (creator) may.
  const catCopy = (await node.ok('messages.getHistory', { peer: chat }, c.token)).messages[0];
  await expectError(await node.call('messages.deleteMessages', { ids: [catCopy.id], revoke: true }, c.token), 403, 'MESSAGE_DELETE_FORBIDDEN');
  const annCopy = (await node.ok('messages.getHistory', { peer: chat }, a.token)).messages[0];
  await node.ok('messages.deleteMessages', { ids: [annCopy.id], revoke: true }, a.token);
  for (const u of [a, b, c]) await eventually(async () => assert.deepEqual(await texts(u), []));
});

test('typing is pushed, never stored', async () => {
  const a = await node.signUp('amy_t');
  const b = await node.signUp('bea_t');
  const bd = await device(node, b.token);
  await sleep(100);
  const before = await node.ok('updates.getState', {}, b.token);
  assert.equal(await node.ok('messages.setTyping', { peer: { type: 'user', id: b.user.id } }, a.token), true);
  const t = (await bd.waitPush((m) => m.params?.updates?.some((u) => u._ === 'updateUserTyping')))
    .params.updates[0];
  assert.equal(t.user_id, a.user.id);
  assert.equal(t.action, 'typing');
  assert.ok(t.expires > Date.now() / 1000);
  assert.equal(t.pts, undefined);
  assert.equal((await node.ok('updates.getState', {}, b.token)).pts, before.pts);
  await expectError(await node.call('messages.setTyping', { peer: { type: 'user', id: b.user.id }, action: 'dancing' }, a.token), 400, 'INPUT_REQUEST_INVALID');
  await expectError(await node.call('messages.setTyping', { peer: { type: 'chat', id: 31337 } }, a.token), 400, 'CHAT_ID_INVALID');
  bd.close();
});

test('pinned dialogs lead getDialogs; history bounds; search; forward', async () => {
  const me = await node.signUp('pinner_p');
  const friends = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => node.signUp(`friend${i}_p`)));
  for (const f of friends) await node.ok('messages.sendMessage', { peer: { type: 'user', id: f.user.id }, message: `hello ${f.user.username} Needle` }, me.token);
  const peer0 = { type: 'user', id: friends[0].user.id };
  await node.ok('messages.toggleDialogPin', { peer: peer0, pinned: true }, me.token);
  let dialogs = (await node.ok('messages.getDialogs', {}, me.token)).dialogs;
  assert.equal(dialogs[0].peer.id, friends[0].user.id);
  assert.equal(dialogs[0].pinned, true);
  for (const f of friends.slice(1, 5)) await node.ok('messages.toggleDialogPin', { peer: { type: 'user', id: f.user.id } }, me.token);
  await expectError(await node.call('messages.toggleDialogPin', { peer: { type: 'user', id: friends[5].user.id } }, me.token), 400, 'PINNED_DIALOGS_TOO_MUCH');
  await expectError(await node.call('messages.toggleDialogPin', { peer: { type: 'user', id: 777777 } }, me.token), 400, 'PEER_ID_INVALID');
  dialogs = (await node.ok('messages.getDialogs', {}, me.token)).dialogs;
  assert.deepEqual(dialogs.slice(0, 5).map((d) => d.peer.id), friends.slice(0, 5).map((f) => f.user.id).reverse());
  await node.ok('messages.toggleDialogPin', { peer: peer0, pinned: false }, me.token);

  // History bounds: (min_id, max_id).
  for (let i = 0; i < 10; i++) await node.ok('messages.sendMessage', { peer: peer0, message: `n${i}` }, me.token);
  const all = (await node.ok('messages.getHistory', { peer: peer0, limit: 100 }, me.token)).messages.map((m) => m.id);
  const mid = all[5];
  const lo = (await node.ok('messages.getHistory', { peer: peer0, max_id: mid }, me.token)).messages.map((m) => m.id);
  assert.deepEqual(lo, all.filter((id) => id < mid));
  const hi = (await node.ok('messages.getHistory', { peer: peer0, min_id: mid }, me.token)).messages.map((m) => m.id);
  assert.deepEqual(hi, all.filter((id) => id > mid));
  const both = (await node.ok('messages.getHistory', { peer: peer0, min_id: all[8], max_id: all[2] }, me.token)).messages.map((m) => m.id);
  assert.deepEqual(both, all.slice(3, 8));

  // Search: one dialog or all, case-insensitive, paged.
  const one = await node.ok('messages.search', { peer: peer0, q: 'needle' }, me.token);
  assert.equal(one.messages.length, 1);
  const page1 = await node.ok('messages.search', { q: 'NEEDLE', limit: 4 }, me.token);
  assert.equal(page1.messages.length, 4);
  const page2 = await node.ok('messages.search', { q: 'NEEDLE', limit: 4, offset_id: page1.next_offset_id }, me.token);
  assert.equal(page2.messages.length, 2);
  assert.equal(new Set([...page1.messages, ...page2.messages].map((m) => m.id)).size, 6);
  await expectError(await node.call('messages.search', { q: '  ' }, me.token), 400, 'SEARCH_QUERY_EMPTY');

  // Forward two messages, in order, with their origin.
  const src = (await node.ok('messages.getHistory', { peer: peer0, limit: 2 }, me.token)).messages.reverse();
  const target = { type: 'user', id: friends[1].user.id };
  const fwd = await node.ok('messages.forwardMessages', { from_peer: peer0, ids: src.map((m) => m.id), peer: target }, me.token);
  assert.deepEqual(fwd.messages.map((m) => m.text), ['n8', 'n9']);
  assert.ok(fwd.messages.every((m) => m.fwd_from.from_id === me.user.id));
  await eventually(async () => {
    const got = (await node.ok('messages.getHistory', { peer: { type: 'user', id: me.user.id }, limit: 2 }, friends[1].token)).messages;
    assert.deepEqual(got.map((m) => m.text), ['n9', 'n8']);
  });
  await expectError(await node.call('messages.forwardMessages', { from_peer: target, ids: [src[0].id], peer: peer0 }, me.token), 400, 'MESSAGE_ID_INVALID');
});
