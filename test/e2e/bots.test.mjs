// Bots: accounts made by users (bots.*), and the Bot API's front door
// (/bot<token>/<method>) driven by the real grammY library, unmodified,
// and by raw requests for what a library never sends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Bot, GrammyError } from 'grammy';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Node, expectError } from './harness.mjs';

let node;
let owner;
before(async () => {
  node = await new Node({ dataDir: mkdtempSync(join(tmpdir(), 'actorgram-bots-')) }).start();
  owner = await node.signUp('bot_owner');
});
after(async () => {
  await node?.stop();
  if (node) rmSync(node.dataDir, { recursive: true, force: true });
});

const botCall = (token, method, init = {}) =>
  fetch(`${node.http}/bot${token}/${method}`, init).then(async (r) => ({
    status: r.status, body: await r.json(), headers: r.headers,
  }));

test('a user makes a bot; grammY reads it with getMe; the token is <id>:<secret>', async () => {
  const made = await node.ok('bots.createBot', { username: 'Echo_bot', first_name: 'Echo' }, owner.token);
  assert.equal(made.user.is_bot, true);
  assert.equal(made.user.username, 'Echo_bot');
  const [id, secret] = made.token.split(':');
  assert.equal(id, String(made.user.id));
  assert.ok(secret.length >= 32, secret);

  const bot = new Bot(made.token, { client: { apiRoot: node.http } });
  const me = await bot.api.getMe();
  assert.deepEqual(me, {
    id: made.user.id, is_bot: true, first_name: 'Echo', username: 'Echo_bot',
    can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false,
  });
  // Users see it as a user with is_bot.
  const [seen] = await node.ok('users.getUsers', { ids: [made.user.id] }, owner.token);
  assert.equal(seen.is_bot, true);
  // Method names in any case, by GET or POST, arguments anywhere.
  for (const [m, init] of [['GETME', {}], ['getme?x=1', { method: 'POST' }]]) {
    const r = await botCall(made.token, m, init);
    assert.equal(r.status, 200);
    assert.equal(r.body.ok, true);
    assert.equal(r.body.result.id, made.user.id);
  }
  const listed = await node.ok('bots.getBots', {}, owner.token);
  assert.deepEqual(listed.map((u) => u.username), ['Echo_bot']);
});

test('bad tokens get 401 Unauthorized, unknown methods 404, as the official server', async () => {
  const made = await node.ok('bots.createBot', { username: 'strict_bot', first_name: 'S' }, owner.token);
  const [id] = made.token.split(':');
  for (const bad of ['nocolon', '0123:abc', `${id}:`, `${id}:wrong-secret-${'x'.repeat(30)}`,
    `999999:${'y'.repeat(40)}`, `${id}:${'z'.repeat(90)}`]) {
    const r = await botCall(encodeURIComponent(bad), 'getMe');
    assert.equal(r.status, 401, bad);
    assert.equal(r.body.ok, false);
    assert.equal(r.body.error_code, 401);
    assert.match(r.body.description, /^Unauthorized/);
  }
  const r = await botCall(made.token, 'noSuchMethod');
  assert.equal(r.status, 404);
  assert.deepEqual(r.body, { ok: false, error_code: 404, description: 'Not Found: method not found' });
  // A bad token does not learn which methods exist.
  assert.equal((await botCall(`${id}:nope`, 'noSuchMethod')).status, 401);
  // grammY surfaces the error as the library's own type.
  const bot = new Bot(`${id}:nope`, { client: { apiRoot: node.http } });
  await assert.rejects(bot.api.getMe(), (e) => e instanceof GrammyError && e.error_code === 401);
  // A bot token is not an actorgram session token, nor the reverse.
  expectError(await node.call('users.getMe', {}, made.token), 401, 'AUTH_KEY_UNREGISTERED');
  assert.equal((await botCall(owner.token, 'getMe')).status, 401);
  // Malformed arguments are refused with the official wording.
  const j = await botCall(made.token, 'getMe', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{oops',
  });
  assert.equal(j.status, 400);
  assert.match(j.body.description, /^Bad Request: can't parse JSON body/);
  const m = await botCall(made.token, 'getMe', {
    method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=b' }, body: '--b\r\nx',
  });
  assert.equal(m.status, 400);
  assert.match(m.body.description, /^Bad Request: /);
});

test('revokeToken stops the old token at once; only the owner may', async () => {
  const made = await node.ok('bots.createBot', { username: 'rotate_bot', first_name: 'R' }, owner.token);
  const other = await node.signUp('not_the_owner');
  expectError(await node.call('bots.revokeToken', { bot_id: made.user.id }, other.token), 400, 'BOT_INVALID');
  expectError(await node.call('bots.revokeToken', { bot_id: owner.user.id }, owner.token), 400, 'BOT_INVALID');
  assert.equal((await botCall(made.token, 'getMe')).status, 200, 'a refused revoke changes nothing');
  const fresh = await node.ok('bots.revokeToken', { bot_id: made.user.id }, owner.token);
  assert.notEqual(fresh.token, made.token);
  assert.equal(fresh.token.split(':')[0], String(made.user.id));
  assert.equal((await botCall(made.token, 'getMe')).status, 401);
  assert.equal((await botCall(fresh.token, 'getMe')).status, 200);
  assert.deepEqual(await node.ok('bots.getBots', {}, other.token), []);
});

test('bot names: must end in "bot", unique among users and bots; a bot has no password', async () => {
  expectError(await node.call('bots.createBot', { username: 'helper', first_name: 'H' }, owner.token),
    400, 'USERNAME_INVALID');
  expectError(await node.call('bots.createBot', { username: '1bot', first_name: 'H' }, owner.token),
    400, 'USERNAME_INVALID');
  expectError(await node.call('bots.createBot', { username: 'ok_bot', first_name: '' }, owner.token),
    400, 'NAME_INVALID');
  expectError(await node.call('bots.createBot', { username: 'ok_bot' }, owner.token), 400, 'INPUT_REQUEST_INVALID');
  expectError(await node.call('bots.createBot', { username: 'ECHO_BOT', first_name: 'E' }, owner.token),
    400, 'USERNAME_OCCUPIED');
  await node.signUp('taken_bot');
  expectError(await node.call('bots.createBot', { username: 'taken_bot', first_name: 'E' }, owner.token),
    400, 'USERNAME_OCCUPIED');
  expectError(await node.call('bots.createBot', { username: 'anon_bot', first_name: 'A' }), 401, 'AUTH_KEY_UNREGISTERED');
  // Nobody signs in as a bot.
  expectError(await node.call('auth.signIn', { username: 'Echo_bot', password: 'anything at all' }), 400,
    'PASSWORD_HASH_INVALID');
});

test('a user makes at most 20 bots', async () => {
  const u = await node.signUp('many_bots_owner');
  for (let i = 0; i < 20; ++i)
    await node.ok('bots.createBot', { username: `many_${i}_bot`, first_name: `B${i}` }, u.token);
  expectError(await node.call('bots.createBot', { username: 'many_x_bot', first_name: 'X' }, u.token),
    400, 'BOTS_TOO_MUCH');
  assert.equal((await node.ok('bots.getBots', {}, u.token)).length, 20);
});

test('bots survive a restart, tokens included', async () => {
  const made = await node.ok('bots.createBot', { username: 'durable_bot', first_name: 'D' }, owner.token);
  await node.stop();
  await node.start();
  assert.equal((await botCall(made.token, 'getMe')).status, 200);
  assert.ok((await node.ok('bots.getBots', {}, owner.token)).some((u) => u.username === 'durable_bot'));
});
