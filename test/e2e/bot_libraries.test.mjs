// Echo bots written with three real Bot API libraries (grammY, telegraf,
// node-telegram-bot-api v2), unmodified, pointed at a node: a user talks to
// each over actorgram's own API and gets its answers; updates are durable
// and confirmed by offset; long polls park and a newer one ends the older.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Bot as GrammyBot } from 'grammy';
import { Telegraf } from 'telegraf';
import { Bot as NtbaBot } from 'node-telegram-bot-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Node, device, eventually, sleep } from './harness.mjs';

let node;
let alice;
before(async () => {
  node = await new Node({ dataDir: mkdtempSync(join(tmpdir(), 'actorgram-botlibs-')) }).start();
  alice = await node.signUp('alice_botlibs');
});
after(async () => {
  await node?.stop();
  if (node) rmSync(node.dataDir, { recursive: true, force: true });
});

async function makeBot(username) {
  return node.ok('bots.createBot', { username, first_name: username }, alice.token);
}

const botCall = (token, method, params = {}) =>
  fetch(`${node.http}/bot${token}/${method}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params),
  }).then(async (r) => ({ status: r.status, body: await r.json(), headers: r.headers }));

const say = (to, text) => node.ok('messages.sendMessage',
  { peer: { type: 'user', id: to }, message: text }, alice.token);

/// Alice greets a bot that is not polling and waits until its copy is there:
/// only then may the bot write to her.
async function greet(made, text) {
  await say(made.user.id, text);
  await eventually(async () => {
    const r = await botCall(made.token, 'getUpdates');
    assert.ok(r.body.result.some((u) => u.message?.text === text), JSON.stringify(r.body));
  });
}

/// Alice's messages from `bot`, oldest first.
async function answers(bot) {
  const h = await node.ok('messages.getHistory', { peer: { type: 'user', id: bot }, limit: 50 }, alice.token);
  return h.messages.filter((m) => m.from_id === bot).map((m) => m.text).reverse();
}

async function talk(botId, lines, expected) {
  for (const l of lines) await say(botId, l);
  await eventually(async () => assert.deepEqual(await answers(botId), expected), 10000);
}

test('grammY: commands and echo, the Message objects it parses', async () => {
  const made = await makeBot('grammy_echo_bot');
  const bot = new GrammyBot(made.token, { client: { apiRoot: node.http } });
  const seen = [];
  bot.command('start', (ctx) => ctx.reply(`hello ${ctx.from.first_name}`));
  bot.on('message:text', (ctx) => {
    seen.push(ctx.message);
    return ctx.reply(`echo: ${ctx.message.text}`, { reply_parameters: { message_id: ctx.message.message_id } });
  });
  const running = bot.start({ timeout: 2 });
  try {
    await talk(made.user.id, ['/start', 'hi there', 'ünïcødé 🎉'],
      ['hello alice_botlibs', 'echo: hi there', 'echo: ünïcødé 🎉']);
    const m = seen[0];
    assert.equal(m.text, 'hi there');
    assert.equal(m.chat.type, 'private');
    assert.equal(m.chat.id, alice.user.id);
    assert.equal(m.from.id, alice.user.id);
    assert.equal(m.from.is_bot, false);
    assert.equal(typeof m.date, 'number');
    // The bot's reply quotes the user's message in the user's box.
    const h = await node.ok('messages.getHistory', { peer: { type: 'user', id: made.user.id }, limit: 10 }, alice.token);
    const mine = h.messages.find((x) => x.text === 'hi there');
    const echo = h.messages.find((x) => x.text === 'echo: hi there');
    assert.equal(echo.reply_to, mine.id);
  } finally {
    await bot.stop();
    await running;
  }
});

test('telegraf: commands and echo', async () => {
  const made = await makeBot('telegraf_echo_bot');
  const bot = new Telegraf(made.token, { telegram: { apiRoot: node.http } });
  bot.start((ctx) => ctx.reply('welcome'));
  bot.on('text', (ctx) => ctx.reply(ctx.message.text.toUpperCase()));
  const launched = bot.launch({ dropPendingUpdates: false });
  try {
    await talk(made.user.id, ['/start', 'shout this'], ['welcome', 'SHOUT THIS']);
  } finally {
    bot.stop('test over');
    await launched.catch(() => {});
  }
});

test('node-telegram-bot-api: echo over urlencoded requests', async () => {
  const made = await makeBot('ntba_echo_bot');
  const bot = new NtbaBot(made.token, { apiRoot: node.http });
  bot.on('message', (ctx) => ctx.reply(`ntba: ${ctx.message.text}`));
  const polling = bot.startPolling(undefined, { timeout: 2 });
  try {
    await talk(made.user.id, ['one', 'two'], ['ntba: one', 'ntba: two']);
  } finally {
    bot.stop();
    await polling.catch(() => {});
  }
});

test('updates wait for the bot: durable across a restart, confirmed by offset, 24 h', async () => {
  const made = await makeBot('durable_updates_bot');
  for (const t of ['first', 'second', 'third']) await say(made.user.id, t);
  // A send is acknowledged once in the sender's box; the bot's copy follows.
  let r = await eventually(async () => {
    const got = await botCall(made.token, 'getUpdates');
    assert.equal(got.status, 200);
    assert.deepEqual(got.body.result.map((u) => u.message.text), ['first', 'second', 'third']);
    return got;
  });
  const ids = r.body.result.map((u) => u.update_id);
  assert.ok(ids[0] > 1, 'update ids start far above 1');
  assert.ok(ids[0] < ids[1] && ids[1] < ids[2]);
  // Not confirmed yet: the same again. limit bounds the page.
  r = await botCall(made.token, 'getUpdates', { limit: 2 });
  assert.deepEqual(r.body.result.map((u) => u.update_id), ids.slice(0, 2));
  // offset confirms everything below it, and it stays confirmed over a restart.
  r = await botCall(made.token, 'getUpdates', { offset: ids[1] });
  assert.deepEqual(r.body.result.map((u) => u.update_id), ids.slice(1));
  await node.stop();
  await node.start();
  r = await botCall(made.token, 'getUpdates');
  assert.deepEqual(r.body.result.map((u) => u.message.text), ['second', 'third']);
  // A negative offset keeps only the newest.
  r = await botCall(made.token, 'getUpdates', { offset: -1 });
  assert.deepEqual(r.body.result.map((u) => u.message.text), ['third']);
  r = await botCall(made.token, 'getUpdates', { offset: ids[2] + 1 });
  assert.deepEqual(r.body.result, []);
  // The bot's own messages are not its updates.
  await botCall(made.token, 'sendMessage', { chat_id: alice.user.id, text: 'mine' });
  r = await botCall(made.token, 'getUpdates');
  assert.deepEqual(r.body.result, []);
  // deleteWebhook with drop_pending_updates confirms what is waiting.
  await say(made.user.id, 'dropped');
  await eventually(async () => {
    const got = await botCall(made.token, 'getUpdates');
    assert.deepEqual(got.body.result.map((u) => u.message.text), ['dropped']);
  });
  r = await botCall(made.token, 'deleteWebhook', { drop_pending_updates: true });
  assert.equal(r.body.result, true);
  r = await botCall(made.token, 'getUpdates');
  assert.deepEqual(r.body.result, []);
});

test('a long poll waits for the first update; a newer poll ends the older with 409', async () => {
  const made = await makeBot('long_poll_bot');
  let started = Date.now();
  let r = await botCall(made.token, 'getUpdates', { timeout: 1 });
  assert.deepEqual(r.body.result, []);
  assert.ok(Date.now() - started >= 900, 'waited for the timeout');

  started = Date.now();
  const polled = botCall(made.token, 'getUpdates', { timeout: 20 });
  await sleep(300);
  await say(made.user.id, 'wake up');
  r = await polled;
  assert.deepEqual(r.body.result.map((u) => u.message.text), ['wake up']);
  assert.ok(Date.now() - started < 5000, 'answered when the update came');
  const next = r.body.result[0].update_id + 1;

  const older = botCall(made.token, 'getUpdates', { offset: next, timeout: 20 });
  await sleep(300);
  const newer = botCall(made.token, 'getUpdates', { offset: next, timeout: 1 });
  r = await older;
  assert.equal(r.status, 409);
  assert.deepEqual(r.body, {
    ok: false, error_code: 409,
    description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
  });
  assert.deepEqual((await newer).body.result, []);

  // Timeouts and limits out of range are clamped, as the official server does.
  r = await botCall(made.token, 'getUpdates', { offset: next, limit: 1000, timeout: -5 });
  assert.equal(r.status, 200);
  // Not a number: read as absent, as the official server does.
  r = await botCall(made.token, 'getUpdates', { offset: 'soon' });
  assert.equal(r.status, 200);
});

test('sendMessage: chat ids, @usernames, bad arguments in the official words', async () => {
  const made = await makeBot('sender_test_bot');
  // A bot never writes first.
  let r = await botCall(made.token, 'sendMessage', { chat_id: alice.user.id, text: 'hello?' });
  assert.equal(r.status, 403);
  assert.equal(r.body.description, "Forbidden: bot can't initiate conversation with a user");
  await greet(made, 'hi bot');
  // Then it may write to the user by id or by @username.
  r = await botCall(made.token, 'sendMessage', { chat_id: alice.user.id, text: 'by id' });
  assert.equal(r.status, 200);
  assert.equal(r.body.result.text, 'by id');
  assert.equal(r.body.result.from.id, made.user.id);
  assert.equal(r.body.result.from.is_bot, true);
  assert.equal(r.body.result.chat.id, alice.user.id);
  r = await botCall(made.token, 'sendMessage', { chat_id: '@alice_botlibs', text: 'by name' });
  assert.equal(r.status, 200);
  // The recipient's copy follows the bot's own.
  await eventually(async () => assert.deepEqual(await answers(made.user.id), ['by id', 'by name']));

  const bad = [
    [{ text: 'x' }, 400, 'Bad Request: chat_id is empty'],
    [{ chat_id: alice.user.id }, 400, 'Bad Request: message text is empty'],
    [{ chat_id: 987654321, text: 'x' }, 400, 'Bad Request: chat not found'],
    [{ chat_id: '@nobody_here', text: 'x' }, 400, 'Bad Request: chat not found'],
    [{ chat_id: -424242, text: 'x' }, 403, 'Forbidden: bot is not a member of the group chat'],
    [{ chat_id: alice.user.id, text: 'x'.repeat(4097) }, 400, 'Bad Request: message is too long'],
    [{ chat_id: alice.user.id, text: 'x', reply_parameters: { message_id: 999999 } }, 400,
      'Bad Request: message to be replied not found'],
    [{ chat_id: alice.user.id, text: 'x', reply_parameters: '{not json' }, 400, undefined],
  ];
  for (const [params, status, description] of bad) {
    r = await botCall(made.token, 'sendMessage', params);
    assert.equal(r.status, status, JSON.stringify(params));
    assert.equal(r.body.ok, false);
    assert.equal(r.body.error_code, status);
    if (description) assert.equal(r.body.description, description, JSON.stringify(params));
  }
  // Nothing of the refused calls was stored.
  assert.deepEqual(await answers(made.user.id), ['by id', 'by name']);
});

test('formatting both ways: parse_mode and entities, keyboards kept with the message', async () => {
  const made = await makeBot('format_test_bot');
  const bot = new GrammyBot(made.token, { client: { apiRoot: node.http } });
  const seen = [];
  bot.on('message:text', async (ctx) => {
    seen.push(ctx.message);
    await ctx.reply('<b>Pick</b> one, <i>please</i> 🎉', {
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'y' }, { text: 'No', callback_data: 'n' }]] },
    });
  });
  const running = bot.start({ timeout: 2 });
  try {
    // A user's own formatting reaches the bot, with what the server finds.
    await node.ok('messages.sendMessage', {
      peer: { type: 'user', id: made.user.id }, message: 'look at this /cmd',
      entities: [{ type: 'bold', offset: 0, length: 4 }],
    }, alice.token);
    let shown;
    await eventually(async () => {
      const h = await node.ok('messages.getHistory', { peer: { type: 'user', id: made.user.id }, limit: 5 }, alice.token);
      shown = h.messages.find((m) => m.from_id === made.user.id);
      assert.ok(shown);
    }, 10000);
    assert.equal(shown.text, 'Pick one, please 🎉');
    assert.deepEqual(shown.entities, [
      { type: 'bold', offset: 0, length: 4 }, { type: 'italic', offset: 10, length: 6 }]);
    assert.deepEqual(shown.reply_markup,
      { inline_keyboard: [[{ text: 'Yes', callback_data: 'y' }, { text: 'No', callback_data: 'n' }]] });
    assert.deepEqual(seen[0].entities, [
      { offset: 0, length: 4, type: 'bold' }, { offset: 13, length: 4, type: 'bot_command' }]);
  } finally {
    await bot.stop();
    await running;
  }
  // Broken markup and keyboards are refused, nothing is stored.
  const before = (await answers(made.user.id)).length;
  for (const [params, description] of [
    [{ parse_mode: 'HTML', text: '<b>open' }, /^Bad Request: can't parse entities: /],
    [{ parse_mode: 'MarkdownV2', text: 'v1.0' }, /character '\.' is reserved/],
    [{ parse_mode: 'Klingon', text: 'x' }, /unsupported parse_mode/],
    [{ text: 'abc', entities: [{ type: 'bold', offset: 2, length: 5 }] }, /can't parse entities/],
    [{ text: 'abc', entities: [{ type: 'blink', offset: 0, length: 1 }] }, /can't parse entities/],
    [{ text: 'x', reply_markup: { inline_keyboard: [[{ text: 'no data' }]] } }, /exactly one of callback_data and url/],
    [{ text: 'x', reply_markup: '{broken' }, /can't parse reply keyboard markup/],
  ]) {
    const r = await botCall(made.token, 'sendMessage', { chat_id: alice.user.id, ...params });
    assert.equal(r.status, 400, JSON.stringify(params));
    assert.match(r.body.description, description);
  }
  assert.equal((await answers(made.user.id)).length, before);
  // A user's entities out of bounds are refused too.
  const r = await node.call('messages.sendMessage', {
    peer: { type: 'user', id: made.user.id }, message: 'hi', entities: [{ type: 'bold', offset: 1, length: 9 }],
  }, alice.token);
  assert.equal(r.status, 400);
  assert.equal(r.body.error, 'ENTITY_BOUNDS_INVALID');
});

test('edits and deletes by a bot reach the user: updateEditMessage, then the message is gone', async () => {
  const made = await makeBot('editor_test_bot');
  await greet(made, 'hi');
  const phone = await device(node, alice.token);
  try {
    let r = await botCall(made.token, 'sendMessage', {
      chat_id: alice.user.id, text: 'v1', reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] },
    });
    const mid = r.body.result.message_id;
    r = await botCall(made.token, 'editMessageText', {
      chat_id: alice.user.id, message_id: mid, text: '<b>v2</b>', parse_mode: 'HTML',
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.result.text, 'v2');
    assert.deepEqual(r.body.result.entities, [{ offset: 0, length: 2, type: 'bold' }]);
    assert.equal(r.body.result.reply_markup, undefined, 'an edit without reply_markup drops the keyboard');
    assert.ok(r.body.result.edit_date > 0);
    const push = await phone.waitPush((p) => p.method === 'updates'
      && p.params.updates.some((u) => u._ === 'updateEditMessage' && u.message.text === 'v2'));
    const edited = push.params.updates.find((u) => u._ === 'updateEditMessage').message;
    assert.deepEqual(edited.entities, [{ type: 'bold', offset: 0, length: 2 }]);

    r = await botCall(made.token, 'editMessageReplyMarkup', {
      chat_id: alice.user.id, message_id: mid, reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.result.text, 'v2');
    assert.deepEqual(r.body.result.reply_markup, { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] });
    // The same again changes nothing: the official refusal.
    r = await botCall(made.token, 'editMessageReplyMarkup', {
      chat_id: alice.user.id, message_id: mid, reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] },
    });
    assert.equal(r.status, 400);
    assert.match(r.body.description, /^Bad Request: message is not modified/);
    // Another's message, or none, cannot be edited.
    const h = await node.ok('messages.getHistory', { peer: { type: 'user', id: made.user.id }, limit: 10 }, alice.token);
    const hers = h.messages.find((m) => m.text === 'hi');
    const botsCopyOfHers = (await botCall(made.token, 'getUpdates')).body.result.at(-1).message.message_id;
    r = await botCall(made.token, 'editMessageText', { chat_id: alice.user.id, message_id: botsCopyOfHers, text: 'x' });
    assert.equal(r.status, 400);
    assert.equal(r.body.description, "Bad Request: message can't be edited");
    r = await botCall(made.token, 'editMessageText', { chat_id: alice.user.id, message_id: 99999, text: 'x' });
    assert.equal(r.body.description, 'Bad Request: message to edit not found');

    r = await botCall(made.token, 'deleteMessage', { chat_id: alice.user.id, message_id: mid });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.result, true);
    await eventually(async () => {
      const after = await node.ok('messages.getHistory', { peer: { type: 'user', id: made.user.id }, limit: 10 }, alice.token);
      assert.deepEqual(after.messages.map((m) => m.text), ['hi']);
      assert.equal(after.messages[0].id, hers.id);
    });
    r = await botCall(made.token, 'deleteMessage', { chat_id: alice.user.id, message_id: mid });
    assert.equal(r.status, 400);
    assert.equal(r.body.description, 'Bad Request: message to delete not found');
    r = await botCall(made.token, 'deleteMessages', { chat_id: alice.user.id, message_ids: '[]' });
    assert.equal(r.status, 400);
  } finally {
    await phone.close();
  }
});
