// Durability of chat membership under kill -9: the chat commits a change
// together with the record owing its service message to every member and
// the author, so after any crash the membership and the service messages
// agree: replaying the creator's history gives exactly the members the chat
// has, every acknowledged change is in it, and every member's history ends
// with the same service messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Node, sleep, eventually } from './harness.mjs';

const CHATS = 4;
const POOL = 8;

async function history(node, token, peer) {
  const out = [];
  let offset = 0;
  for (;;) {
    const page = await node.ok('messages.getHistory', { peer, offset_id: offset, limit: 100 }, token);
    out.push(...page.messages);
    if (page.messages.length < 100) return out.reverse(); // oldest first
    offset = page.messages[page.messages.length - 1].id;
  }
}

/// The members that replaying a history's service messages gives.
function replay(msgs) {
  const members = new Set();
  for (const m of msgs) {
    const a = m.action;
    if (!a) continue;
    if (a._ === 'messageActionChatCreate') a.users.forEach((u) => members.add(u));
    if (a._ === 'messageActionChatAddUser') a.users.forEach((u) => members.add(u));
    if (a._ === 'messageActionChatDeleteUser') members.delete(a.user_id);
  }
  return members;
}

test('membership changes and their service messages survive kill -9 together', async () => {
  // A stress test, far above the per-user rate of changes a human needs.
  const node = await new Node({
    env: { ACTORGRAM_LIMITS_WRITES_PER_SECOND: '100000', ACTORGRAM_LIMITS_WRITES_BURST: '100000' },
  }).start();
  const owner = await node.signUp('crash_owner');
  const pool = [];
  for (let i = 0; i < POOL; ++i) pool.push(await node.signUp(`crash_member_${i}`));
  const chats = [];
  for (let c = 0; c < CHATS; ++c) {
    const r = await node.ok('messages.createChat', { title: `crash ${c}`, user_ids: [pool[c].user.id] }, owner.token);
    chats.push({ id: r.chat.id, members: new Set([owner.user.id, pool[c].user.id]), acked: [] });
  }
  let stop = false;
  const churn = async (chat) => {
    for (let i = 0; !stop; ++i) {
      const u = pool[Math.floor(Math.random() * POOL)];
      const inside = chat.members.has(u.user.id);
      const method = inside ? 'messages.deleteChatUser' : 'messages.addChatUser';
      try {
        const r = await node.call(method, { chat_id: chat.id, user_id: u.user.id }, owner.token);
        if (r.body.ok) {
          chat.acked.push(r.body.result.message.dialog_message_id);
          if (inside) chat.members.delete(u.user.id);
          else chat.members.add(u.user.id);
        }
      } catch {
        return; // the node died mid-request: the outcome of this one is unknown
      }
    }
  };
  const runners = chats.map(churn);
  await sleep(1500);
  await node.kill9();
  stop = true;
  await Promise.all(runners);
  const acked = chats.reduce((n, c) => n + c.acked.length, 0);
  assert.ok(acked > 20, `enough changes before the kill (${acked})`);

  await node.start();
  try {
    for (const chat of chats) {
      const peer = { type: 'chat', id: chat.id };
      const full = await node.ok('messages.getFullChat', { chat_id: chat.id }, owner.token);
      const members = new Set(full.full_chat.participants.map((p) => p.user_id));
      const mine = await history(node, owner.token, peer);
      assert.deepEqual([...replay(mine)].sort(), [...members].sort(), 'the service messages give the membership');
      const dmids = new Set(mine.map((m) => m.dialog_message_id));
      for (const d of chat.acked) assert.ok(dmids.has(d), `acknowledged change ${d} is in the history`);
      assert.equal(mine.filter((m) => m.out).length, mine.length, 'every service message is the owner\'s own');
      // Every member ends with the same service messages as the owner.
      const last = mine[mine.length - 1].dialog_message_id;
      for (const u of pool.filter((p) => members.has(p.user.id))) {
        await eventually(async () => {
          const h = await history(node, u.token, peer);
          assert.equal(h[h.length - 1].dialog_message_id, last);
          assert.ok(!h[h.length - 1].out);
        }, 10000);
      }
    }
    // pts logs stay gap-free: getDifference from 0 counts every update once.
    const diff = await node.ok('updates.getDifference', { pts: 0, limit: 1000 }, owner.token);
    const state = await node.ok('updates.getState', {}, owner.token);
    const counted = diff.new_messages.length + diff.other_updates.reduce((n, u) => n + (u.pts_count ?? 0), 0);
    if (diff._ === 'difference') assert.equal(counted, state.pts);
  } finally {
    await node.stop();
    node.cleanup();
  }
});
