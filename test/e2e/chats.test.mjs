// Group chats over the real binary: membership and rights, fan-out to every
// member in one order, service messages, removed members, and strangers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Node, device, sleep, expectError, eventually } from './harness.mjs';

let node;
before(async () => { node = await new Node().start(); });
after(async () => { await node.stop(); node.cleanup(); });

const history = async (token, peer, extra = {}) =>
  (await node.ok('messages.getHistory', { peer, limit: 100, ...extra }, token)).messages;

test('a chat: creation, messages to every member in order, roles, removal, strangers', async () => {
  const [alice, bob, carol, dave, eve] = await Promise.all(
    ['alice_c', 'bob_c', 'carol_c', 'dave_c', 'eve_c'].map((u) => node.signUp(u)));
  const bd = await device(node, bob.token);
  const cd = await device(node, carol.token);
  await sleep(100);

  // Bad creations change nothing.
  await expectError(await node.call('messages.createChat', { title: '', user_ids: [bob.user.id] }, alice.token), 400, 'CHAT_TITLE_INVALID');
  await expectError(await node.call('messages.createChat', { title: 'x'.repeat(129), user_ids: [bob.user.id] }, alice.token), 400, 'CHAT_TITLE_INVALID');
  await expectError(await node.call('messages.createChat', { title: 't', user_ids: [bob.user.id, bob.user.id] }, alice.token), 400, 'INPUT_REQUEST_INVALID');
  await expectError(await node.call('messages.createChat', { title: 't', user_ids: [987654] }, alice.token), 400, 'USER_ID_INVALID');
  await expectError(await node.call('messages.createChat', { title: 't' }, alice.token), 400, 'INPUT_REQUEST_INVALID');
  await expectError(await node.call('messages.createChat', { title: '' }, alice.token), 400, 'CHAT_TITLE_INVALID');

  const created = await node.ok('messages.createChat', { title: 'Team 🚀', user_ids: [bob.user.id, carol.user.id] }, alice.token);
  const chat = { type: 'chat', id: created.chat.id };
  assert.equal(created.chat.title, 'Team 🚀');
  assert.equal(created.chat.participants_count, 3);
  assert.equal(created.message._, 'messageService');
  assert.equal(created.message.action._, 'messageActionChatCreate');
  assert.deepEqual(created.message.action.users.sort(), [alice.user.id, bob.user.id, carol.user.id].sort());
  await bd.waitPush((m) => m.params?.updates?.some((u) => u.message?.action?._ === 'messageActionChatCreate'));

  // Ten messages from two authors: every member sees one order.
  for (let i = 0; i < 10; i++) {
    const from = i % 2 ? bob : alice;
    await node.ok('messages.sendMessage', { peer: chat, message: `m${i}` }, from.token);
  }
  const order = async (u) => (await history(u.token, chat)).filter((m) => m._ === 'message').map((m) => m.text).reverse();
  const expected = [...Array(10).keys()].map((i) => `m${i}`);
  for (const u of [alice, bob, carol]) await eventually(async () => assert.deepEqual(await order(u), expected));
  await cd.waitPush((m) => m.params?.updates?.some((u) => u.message?.text === 'm9'));
  const live = cd.newMessages().filter((m) => m.peer.type === 'chat' && m._ === 'message');
  assert.deepEqual(live.map((m) => m.text), expected);
  assert.ok(live.every((m) => m.peer.id === chat.id));

  // Strangers learn nothing: the same error as a chat that does not exist.
  for (const id of [chat.id, 99999]) {
    await expectError(await node.call('messages.sendMessage', { peer: { type: 'chat', id }, message: 'x' }, dave.token), 400, 'CHAT_ID_INVALID');
    await expectError(await node.call('messages.getFullChat', { chat_id: id }, dave.token), 400, 'CHAT_ID_INVALID');
    await expectError(await node.call('messages.addChatUser', { chat_id: id, user_id: dave.user.id }, dave.token), 400, 'CHAT_ID_INVALID');
  }
  assert.deepEqual((await node.ok('messages.getChats', { ids: [chat.id] }, dave.token)).chats, []);
  assert.deepEqual(await history(dave.token, chat), []);

  // Rights: a plain member may not add, rename or remove.
  await expectError(await node.call('messages.addChatUser', { chat_id: chat.id, user_id: dave.user.id }, bob.token), 400, 'CHAT_ADMIN_REQUIRED');
  await expectError(await node.call('messages.editChatTitle', { chat_id: chat.id, title: 'mine' }, bob.token), 400, 'CHAT_ADMIN_REQUIRED');
  await expectError(await node.call('messages.deleteChatUser', { chat_id: chat.id, user_id: carol.user.id }, bob.token), 400, 'CHAT_ADMIN_REQUIRED');
  await expectError(await node.call('messages.editChatAdmin', { chat_id: chat.id, user_id: carol.user.id, is_admin: true }, bob.token), 400, 'CHAT_ADMIN_REQUIRED');
  await expectError(await node.call('messages.addChatUser', { chat_id: chat.id, user_id: bob.user.id }, alice.token), 400, 'USER_ALREADY_PARTICIPANT');
  await expectError(await node.call('messages.addChatUser', { chat_id: chat.id, user_id: 987654 }, alice.token), 400, 'USER_ID_INVALID');
  await expectError(await node.call('messages.editChatTitle', { chat_id: chat.id, title: 'Team 🚀' }, alice.token), 400, 'CHAT_NOT_MODIFIED');

  // The creator makes bob an admin; bob adds dave, who sees only what follows.
  assert.equal(await node.ok('messages.editChatAdmin', { chat_id: chat.id, user_id: bob.user.id, is_admin: true }, alice.token), true);
  const added = await node.ok('messages.addChatUser', { chat_id: chat.id, user_id: dave.user.id }, bob.token);
  assert.equal(added.message.action._, 'messageActionChatAddUser');
  await bd.waitPush((m) => m.params?.updates?.some((u) => u._ === 'updateChatParticipants' && u.participants.length === 4));
  await node.ok('messages.sendMessage', { peer: chat, message: 'welcome dave' }, alice.token);
  await eventually(async () => {
    const daveSees = await history(dave.token, chat);
    assert.deepEqual(daveSees.map((m) => m.text ?? m.action._).reverse(), ['messageActionChatAddUser', 'welcome dave']);
  });
  const full = await node.ok('messages.getFullChat', { chat_id: chat.id }, dave.token);
  const roles = Object.fromEntries(full.full_chat.participants.map((p) => [p.user_id, p._]));
  assert.equal(roles[alice.user.id], 'chatParticipantCreator');
  assert.equal(roles[bob.user.id], 'chatParticipantAdmin');
  assert.equal(roles[dave.user.id], 'chatParticipant');
  assert.equal(full.users.length, 4);

  // An admin may not remove the creator; the creator removes carol.
  await expectError(await node.call('messages.deleteChatUser', { chat_id: chat.id, user_id: alice.user.id }, bob.token), 400, 'CHAT_ADMIN_REQUIRED');
  const kicked = await node.ok('messages.deleteChatUser', { chat_id: chat.id, user_id: carol.user.id }, alice.token);
  assert.equal(kicked.message.action._, 'messageActionChatDeleteUser');
  assert.equal(kicked.message.action.user_id, carol.user.id);
  await node.ok('messages.sendMessage', { peer: chat, message: 'after carol' }, alice.token);
  await node.ok('messages.editChatTitle', { chat_id: chat.id, title: 'Team 2' }, bob.token);
  // The title change went to alice, bob and dave; once bob has it, carol
  // would have had everything meant for her.
  await eventually(async () => assert.equal((await history(bob.token, chat))[0].action?._, 'messageActionChatEditTitle'));
  const carolSees = await eventually(async () => {
    const h = await history(carol.token, chat);
    assert.equal(h[0].action?._, 'messageActionChatDeleteUser', 'the removal is the last thing carol gets');
    return h;
  });
  assert.ok(!carolSees.some((m) => m.text === 'after carol'));
  assert.equal(carolSees.filter((m) => m._ === 'message').length, 11, 'carol keeps her history up to the removal');
  await expectError(await node.call('messages.sendMessage', { peer: chat, message: 'x' }, carol.token), 400, 'CHAT_ID_INVALID');
  const forb = (await node.ok('messages.getChats', { ids: [chat.id] }, carol.token)).chats;
  assert.deepEqual(forb, [{ _: 'chatForbidden', id: chat.id, title: 'Team 2' }]);

  // Members may leave; eve (never a member) cannot be removed.
  await expectError(await node.call('messages.deleteChatUser', { chat_id: chat.id, user_id: eve.user.id }, alice.token), 400, 'USER_NOT_PARTICIPANT');
  await node.ok('messages.deleteChatUser', { chat_id: chat.id, user_id: dave.user.id }, dave.token);
  const after = await node.ok('messages.getChats', { ids: [chat.id] }, alice.token);
  assert.equal(after.chats[0].participants_count, 2);
  assert.equal(after.chats[0].title, 'Team 2');

  // The chat is in each member's dialogs, with the chat object alongside.
  const dialogs = await node.ok('messages.getDialogs', {}, bob.token);
  assert.ok(dialogs.dialogs.some((d) => d.peer.type === 'chat' && d.peer.id === chat.id));
  assert.ok(dialogs.chats.some((c) => c.id === chat.id && c._ === 'chat'));
  bd.close();
  cd.close();
});

test('chat membership survives a restart', async () => {
  const [x, y] = await Promise.all(['xavier_c', 'yolanda_c'].map((u) => node.signUp(u)));
  const created = await node.ok('messages.createChat', { title: 'durable', user_ids: [y.user.id] }, x.token);
  await node.stop();
  await node.start();
  const chat = { type: 'chat', id: created.chat.id };
  await node.ok('messages.sendMessage', { peer: chat, message: 'still here' }, y.token);
  await eventually(async () => assert.equal((await history(x.token, chat))[0].text, 'still here'));
  const full = await node.ok('messages.getFullChat', { chat_id: chat.id }, x.token);
  assert.equal(full.full_chat.participants.length, 2);
});

test('readHistory of a chat the caller never belonged to is CHAT_ID_INVALID, as for any chat method', async () => {
  const [owner, member, stranger] = await Promise.all(
    ['rh_owner', 'rh_member', 'rh_stranger'].map((u) => node.signUp(u)));
  const created = await node.ok('messages.createChat', { title: 'Reads', user_ids: [member.user.id] }, owner.token);
  const chat = { type: 'chat', id: created.chat.id };
  await node.ok('messages.sendMessage', { peer: chat, message: 'hello' }, owner.token);
  const before = await node.ok('updates.getState', {}, stranger.token);
  await expectError(await node.call('messages.readHistory', { peer: chat }, stranger.token), 400, 'CHAT_ID_INVALID');
  await expectError(await node.call('messages.readHistory', { peer: { type: 'chat', id: 987654 } }, stranger.token), 400, 'CHAT_ID_INVALID');
  assert.equal((await node.ok('updates.getState', {}, stranger.token)).pts, before.pts, 'nothing changed');
  // A member still reads it; one who left still marks the history read.
  await eventually(async () => assert.equal((await node.ok('messages.getHistory', { peer: chat }, member.token)).messages.length, 2));
  const read = await node.ok('messages.readHistory', { peer: chat }, member.token);
  assert.ok(read.pts > 0);
  await node.ok('messages.deleteChatUser', { chat_id: chat.id, user_id: member.user.id }, member.token);
  await node.ok('messages.readHistory', { peer: chat }, member.token);
});
