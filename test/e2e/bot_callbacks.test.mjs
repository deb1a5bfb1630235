// Inline keyboards pressed by a user (messages.getBotCallbackAnswer) and
// answered by real bot libraries (answerCallbackQuery, then an edit): the
// callback query is an update of the bot like any other, the user's call
// waits for the bot's answer or times out, and only the message's own
// buttons can be pressed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Bot as GrammyBot } from 'grammy';
import { Telegraf } from 'telegraf';
import { Bot as NtbaBot } from 'node-telegram-bot-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Node, eventually } from './harness.mjs';

let node;
let alice;
let bob;
before(async () => {
  node = await new Node({
    dataDir: mkdtempSync(join(tmpdir(), 'actorgram-botcb-')),
    env: { ACTORGRAM_BOTS_CALLBACK_TIMEOUT_S: '2' },
  }).start();
  alice = await node.signUp('alice_botcb');
  bob = await node.signUp('bob_botcb');
});
after(async () => {
  await node?.stop();
  if (node) rmSync(node.dataDir, { recursive: true, force: true });
});

const makeBot = (username) =>
  node.ok('bots.createBot', { username, first_name: username }, alice.token);

const botCall = (token, method, params = {}) =>
  fetch(`${node.http}/bot${token}/${method}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

const say = (who, to, text) => node.ok('messages.sendMessage',
  { peer: { type: 'user', id: to }, message: text }, who.token);

/// The API's answer body: {ok, result} or {ok: false, error: NAME, …}.
const press = (who, bot, msgId, data) => node.call('messages.getBotCallbackAnswer',
  { peer: { type: 'user', id: bot }, msg_id: msgId, data }, who.token).then((r) => r.body);

/// The bot's newest message in `who`'s dialog with it, once it has one with a keyboard.
async function keyboardMessage(who, bot) {
  let found;
  await eventually(async () => {
    const h = await node.ok('messages.getHistory', { peer: { type: 'user', id: bot }, limit: 10 }, who.token);
    found = h.messages.find((m) => m.from_id === bot && m.reply_markup);
    assert.ok(found, 'the keyboard arrived');
  }, 10000);
  return found;
}

const menu = { inline_keyboard: [[{ text: 'Ping', callback_data: 'ping' }, { text: 'Site', url: 'https://example.com' }]] };

test('telegraf: a pressed button is answered with answerCbQuery and the message edited', async () => {
  const made = await makeBot('telegraf_cb_bot');
  const bot = new Telegraf(made.token, { telegram: { apiRoot: node.http } });
  bot.command('menu', (ctx) => ctx.reply('Choose', { reply_markup: menu }));
  bot.action('ping', async (ctx) => {
    await ctx.answerCbQuery('pong');
    await ctx.editMessageText('pressed by ' + ctx.from.first_name);
  });
  const launched = bot.launch();
  try {
    await say(alice, made.user.id, '/menu');
    const m = await keyboardMessage(alice, made.user.id);
    const answer = await press(alice, made.user.id, m.id, 'ping');
    assert.equal(answer.ok, true, JSON.stringify(answer));
    assert.deepEqual(answer.result, { alert: false, message: 'pong', url: '', cache_time: 0 });
    await eventually(async () => {
      const [edited] = (await node.ok('messages.getMessages', { ids: [m.id] }, alice.token)).messages;
      assert.equal(edited.text, 'pressed by alice_botcb');
      assert.ok(edited.edit_date > 0);
    }, 10000);
  } finally {
    bot.stop('test over');
    await launched.catch(() => {});
  }
});

test('grammY: the CallbackQuery object, an alert answer; only the message\'s own buttons, in one\'s own box', async () => {
  const made = await makeBot('grammy_cb_bot');
  const bot = new GrammyBot(made.token, { client: { apiRoot: node.http } });
  const queries = [];
  bot.on('message:text', (ctx) => ctx.reply('Vote', {
    reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'vote:yes' }, { text: 'No', callback_data: 'vote:no' }]] },
  }));
  bot.callbackQuery(/vote:(.+)/, async (ctx) => {
    queries.push(ctx.callbackQuery);
    await ctx.answerCallbackQuery({ text: `you said ${ctx.match[1]}`, show_alert: true });
  });
  const running = bot.start({ timeout: 2 });
  try {
    await say(alice, made.user.id, 'poll please');
    const m = await keyboardMessage(alice, made.user.id);
    const answer = await press(alice, made.user.id, m.id, 'vote:no');
    assert.deepEqual(answer.result, { alert: true, message: 'you said no', url: '', cache_time: 0 });
    const q = queries[0];
    assert.equal(typeof q.id, 'string');
    assert.equal(q.from.id, alice.user.id);
    assert.equal(q.from.first_name, 'alice_botcb');
    assert.equal(q.data, 'vote:no');
    assert.equal(typeof q.chat_instance, 'string');
    assert.equal(q.message.chat.id, alice.user.id);
    assert.equal(q.message.text, 'Vote');
    assert.equal(q.message.from.id, made.user.id);
    assert.deepEqual(q.message.reply_markup.inline_keyboard[0][0], { text: 'Yes', callback_data: 'vote:yes' });

    // Bob may not press Alice's buttons: the message is not in his box.
    const foreign = await press(bob, made.user.id, m.id, 'vote:yes');
    assert.equal(foreign.error, 'MESSAGE_ID_INVALID');
    // Data the keyboard does not have, a url button's url, nothing, too long.
    for (const data of ['vote:maybe', 'https://example.com', '', 'x'.repeat(65)]) {
      const r = await press(alice, made.user.id, m.id, data);
      assert.equal(r.ok, false, data);
      assert.equal(r.error, 'DATA_INVALID', data);
    }
    // A message without buttons, and one that does not exist.
    const h = await node.ok('messages.getHistory', { peer: { type: 'user', id: made.user.id }, limit: 10 }, alice.token);
    const plain = h.messages.find((x) => x.from_id === alice.user.id);
    assert.equal((await press(alice, made.user.id, plain.id, 'vote:yes')).error, 'DATA_INVALID');
    assert.equal((await press(alice, made.user.id, 999999, 'vote:yes')).error, 'MESSAGE_ID_INVALID');
    assert.equal(queries.length, 1, 'refused presses never reach the bot');
  } finally {
    await bot.stop();
    await running;
  }
});

test('node-telegram-bot-api: callback_query handler answers through its context', async () => {
  const made = await makeBot('ntba_cb_bot');
  const bot = new NtbaBot(made.token, { apiRoot: node.http });
  bot.on('message', (ctx) => ctx.reply('Tap', { reply_markup: menu }));
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: `ntba got ${ctx.callbackQuery.data}` }));
  const polling = bot.startPolling(undefined, { timeout: 2 });
  try {
    await say(alice, made.user.id, 'hello');
    const m = await keyboardMessage(alice, made.user.id);
    const answer = await press(alice, made.user.id, m.id, 'ping');
    assert.equal(answer.result?.message, 'ntba got ping', JSON.stringify(answer));
  } finally {
    bot.stop();
    await polling.catch(() => {});
  }
});

test('a bot that does not answer: BOT_RESPONSE_TIMEOUT; a late or forged answer is refused', async () => {
  const made = await makeBot('silent_cb_bot');
  await say(alice, made.user.id, 'hi');
  let r;
  await eventually(async () => {
    r = await botCall(made.token, 'getUpdates');
    assert.equal(r.body.result.length, 1); // delivery to the bot's box is asynchronous
  });
  const next = r.body.result[0].update_id + 1;
  r = await botCall(made.token, 'sendMessage', { chat_id: alice.user.id, text: 'Press', reply_markup: menu });
  assert.equal(r.status, 200);
  const m = await keyboardMessage(alice, made.user.id);
  const started = Date.now();
  const answer = await press(alice, made.user.id, m.id, 'ping');
  assert.equal(answer.ok, false);
  assert.equal(answer.error, 'BOT_RESPONSE_TIMEOUT');
  const waited = Date.now() - started;
  assert.ok(waited >= 1900 && waited < 6000, `waited ${waited} ms (bots.callback_timeout_s = 2)`);
  // The query is still the bot's update (durable, in order), but too late to answer.
  r = await botCall(made.token, 'getUpdates', { offset: next });
  const q = r.body.result.find((u) => u.callback_query)?.callback_query;
  assert.ok(q, JSON.stringify(r.body));
  assert.equal(q.data, 'ping');
  assert.equal(q.message.text, 'Press');
  const late = await botCall(made.token, 'answerCallbackQuery', { callback_query_id: q.id, text: 'late' });
  assert.equal(late.status, 400);
  assert.equal(late.body.description, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
  for (const id of ['', 'abc', '-1', '99999999']) {
    const f = await botCall(made.token, 'answerCallbackQuery', { callback_query_id: id });
    assert.equal(f.status, 400, id);
    assert.match(f.body.description, /query ID is invalid/, id);
  }
  // Another bot cannot answer this bot's query: ids are per bot.
  const other = await makeBot('other_cb_bot');
  const pending = press(alice, made.user.id, m.id, 'ping');
  let qid;
  await eventually(async () => {
    const u = await botCall(made.token, 'getUpdates', { offset: next });
    qid = u.body.result.filter((x) => x.callback_query).at(-1)?.callback_query.id;
    assert.ok(qid && qid !== q.id);
  });
  const stolen = await botCall(other.token, 'answerCallbackQuery', { callback_query_id: qid, text: 'mine' });
  assert.equal(stolen.status, 400);
  const own = await botCall(made.token, 'answerCallbackQuery', { callback_query_id: qid, text: 'in time' });
  assert.equal(own.body.result, true);
  assert.equal((await pending).result.message, 'in time');
  // Answered once: a second answer is refused.
  const twice = await botCall(made.token, 'answerCallbackQuery', { callback_query_id: qid });
  assert.equal(twice.status, 400);
  // Text over 200 characters is refused before anything else.
  const long = await botCall(made.token, 'answerCallbackQuery', { callback_query_id: qid, text: 'x'.repeat(201) });
  assert.equal(long.status, 400);
});
