// Accounts over the real binary: email codes (files and a real SMTP
// exchange), password reset, profiles, authorizations, password changes,
// account deletion, user search and block lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { Node, device, sleep, expectError, eventually } from './harness.mjs';

/// The codes written to <data>/outbox-mail/ for `email`, oldest first.
function mailedCodes(node, email) {
  const dir = join(node.dataDir, 'outbox-mail');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort((a, b) => parseInt(a.split('-')[1]) - parseInt(b.split('-')[1]))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .filter((text) => text.includes(`To: ${email}\r\n`))
    .map((text) => /Your actorgram code is (\d{6})\./.exec(text)[1]);
}

const lastCode = (node, email) => mailedCodes(node, email).at(-1);

/// A minimal SMTP server: records each mail's envelope and data.
async function smtpServer() {
  const mails = [];
  const server = net.createServer((sock) => {
    let buf = '';
    let inData = false;
    let mail = { rcpt: [] };
    sock.write('220 localhost ESMTP test\r\n');
    sock.on('data', (d) => {
      buf += d.toString();
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mail.data = buf.slice(0, end);
          buf = buf.slice(end + 5);
          inData = false;
          mails.push(mail);
          mail = { rcpt: [] };
          sock.write('250 queued\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') sock.write('250-localhost\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL') { mail.from = line; sock.write('250 ok\r\n'); }
        else if (verb === 'RCPT') { mail.rcpt.push(line); sock.write('250 ok\r\n'); }
        else if (verb === 'DATA') { inData = true; sock.write('354 go ahead\r\n'); }
        else if (verb === 'QUIT') { sock.end('221 bye\r\n'); return; }
        else sock.write('250 ok\r\n');
      }
    });
    sock.on('error', () => {});
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  return { mails, port: server.address().port, close: () => new Promise((r) => server.close(r)) };
}

test('sign-up by email code: required by config, wrong/replayed/brute-forced codes, rate limits', async () => {
  const node = await new Node({ env: { ACTORGRAM_AUTH_REQUIRE_EMAIL: 'true' } }).start();
  try {
    const profile = { username: 'ann_mail', password: 'correct horse', first_name: 'Ann' };
    await expectError(await node.call('auth.signUp', profile), 400, 'EMAIL_REQUIRED');
    await expectError(await node.call('auth.sendCode', {}), 400, 'INPUT_REQUEST_INVALID');
    for (const email of ['nope', 'a@b', 'ann@example.org\r\nBcc: x@evil.org', '<a@example.org>', 'x'.repeat(70) + '@example.org'])
      await expectError(await node.call('auth.sendCode', { email }), 400, 'EMAIL_INVALID');
    await expectError(await node.call('auth.sendCode', { email: 'ann@example.org', purpose: 'hack' }), 400, 'INPUT_REQUEST_INVALID');
    assert.deepEqual(mailedCodes(node, 'ann@example.org'), []);

    const sent = await node.ok('auth.sendCode', { email: 'Ann@Example.org' });
    assert.deepEqual(sent, { email: 'ann@example.org', length: 6, timeout: 600 });
    const code = lastCode(node, 'ann@example.org');
    assert.match(code, /^\d{6}$/);
    assert.ok(node.log.includes(code), 'without SMTP the code is in the node log');
    // Asked again at once: FLOOD_WAIT with a retry time; no new mail.
    const again = await node.call('auth.sendCode', { email: 'ann@example.org' });
    expectError(again, 420, 'FLOOD_WAIT');
    assert.ok(again.body.retry_after > 50 && again.body.retry_after <= 60);
    assert.equal(mailedCodes(node, 'ann@example.org').length, 1);

    await expectError(await node.call('auth.signUp', { ...profile, email: 'ann@example.org' }), 400, 'INPUT_REQUEST_INVALID');
    const wrong = code === '000000' ? '111111' : '000000';
    await expectError(await node.call('auth.signUp', { ...profile, email: 'ann@example.org', code: wrong }), 400, 'EMAIL_CODE_INVALID');
    await expectError(await node.call('auth.signUp', { ...profile, email: 'bob@example.org', code }), 400, 'EMAIL_CODE_EXPIRED');
    const ann = await node.ok('auth.signUp', { ...profile, email: 'ann@example.org', code, device: 'Test phone' });
    assert.equal(ann.user.username, 'ann_mail');
    // The email is taken now, and the used code does not work twice.
    await expectError(await node.call('auth.sendCode', { email: 'ann@example.org' }), 400, 'EMAIL_OCCUPIED');
    await expectError(await node.call('auth.signUp', { ...profile, username: 'ann_two', email: 'ann@example.org', code }), 400, 'EMAIL_OCCUPIED');

    // Brute force: five wrong codes destroy the code; the right one then fails too.
    await node.ok('auth.sendCode', { email: 'eve@example.org' });
    const eveCode = lastCode(node, 'eve@example.org');
    const eve = { username: 'eve_mail', password: 'correct horse', first_name: 'Eve', email: 'eve@example.org' };
    let tries = 0;
    for (let guess = 0; tries < 5; guess++) {
      const g = String(guess).padStart(6, '0');
      if (g === eveCode) continue;
      await expectError(await node.call('auth.signUp', { ...eve, code: g }), 400, 'EMAIL_CODE_INVALID');
      tries++;
    }
    await expectError(await node.call('auth.signUp', { ...eve, code: eveCode }), 400, 'EMAIL_CODE_EXPIRED');
    await expectError(await node.call('auth.signIn', { username: 'eve_mail', password: 'correct horse' }), 400, 'USERNAME_NOT_OCCUPIED');

    // Password reset: unknown addresses answer the same and get no mail.
    assert.deepEqual(await node.ok('auth.sendCode', { email: 'nobody@example.org', purpose: 'resetPassword' }),
      { email: 'nobody@example.org', length: 6, timeout: 600 });
    assert.deepEqual(mailedCodes(node, 'nobody@example.org'), []);
    const other = await node.ok('auth.signIn', { username: 'ann_mail', password: 'correct horse' });
    const od = await device(node, other.token);
    await node.ok('auth.sendCode', { email: 'ann@example.org', purpose: 'resetPassword' });
    const resetCode = lastCode(node, 'ann@example.org');
    assert.notEqual(resetCode, undefined);
    await expectError(await node.call('auth.resetPassword', { email: 'ann@example.org', code: resetCode, new_password: 'short' }), 400, 'PASSWORD_TOO_WEAK');
    await expectError(await node.call('auth.resetPassword', { email: 'ann@example.org', code: resetCode }), 400, 'INPUT_REQUEST_INVALID');
    const fresh = await node.ok('auth.resetPassword', { email: 'ann@example.org', code: resetCode, new_password: 'new battery staple' });
    assert.equal(fresh.user.id, ann.user.id);
    await expectError(await node.call('auth.resetPassword', { email: 'ann@example.org', code: resetCode, new_password: 'another one!' }), 400, 'EMAIL_CODE_EXPIRED');
    // Every earlier session is gone; the socket is closed.
    await expectError(await node.call('users.getMe', {}, ann.token), 401, 'AUTH_KEY_UNREGISTERED');
    await expectError(await node.call('users.getMe', {}, other.token), 401, 'AUTH_KEY_UNREGISTERED');
    await od.closedP;
    await expectError(await node.call('auth.signIn', { username: 'ann_mail', password: 'correct horse' }), 400, 'PASSWORD_HASH_INVALID');
    assert.equal((await node.ok('users.getMe', {}, fresh.token)).id, ann.user.id);
    await node.ok('auth.signIn', { username: 'ann_mail', password: 'new battery staple' });
    // A sign-up code cannot reset a password.
    await node.ok('auth.sendCode', { email: 'zed@example.org' });
    await expectError(await node.call('auth.resetPassword', { email: 'zed@example.org', code: lastCode(node, 'zed@example.org'), new_password: 'whatever123' }), 400, 'EMAIL_CODE_EXPIRED');
  } finally {
    await node.stop();
    node.cleanup();
  }
});

test('codes go out over SMTP when configured; a dead server is a clear error', async () => {
  const smtp = await smtpServer();
  const node = await new Node({ env: { ACTORGRAM_MAIL_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, ACTORGRAM_MAIL_FROM: 'noreply@chat.example' } }).start();
  try {
    await node.ok('auth.sendCode', { email: 'kim@example.org' });
    assert.equal(smtp.mails.length, 1);
    const mail = smtp.mails[0];
    assert.match(mail.from, /<noreply@chat\.example>/);
    assert.deepEqual(mail.rcpt.map((r) => /<(.*)>/.exec(r)[1]), ['kim@example.org']);
    assert.match(mail.data, /^To: kim@example.org\r$/m);
    const code = /Your actorgram code is (\d{6})\./.exec(mail.data)[1];
    assert.ok(!existsSync(join(node.dataDir, 'outbox-mail')), 'nothing written to files with SMTP');
    assert.ok(!node.log.includes(code), 'with SMTP the code is not logged');
    const kim = await node.ok('auth.signUp', { username: 'kim_smtp', password: 'correct horse', first_name: 'Kim', email: 'kim@example.org', code });
    assert.equal(kim.user.first_name, 'Kim');
    // Without a server, sendCode says so.
    await smtp.close();
    await expectError(await node.call('auth.sendCode', { email: 'lee@example.org' }), 503, 'UNAVAILABLE');
  } finally {
    await node.stop();
    node.cleanup();
  }
});

test('profiles, authorizations, password changes and account deletion', async () => {
  const node = await new Node().start();
  try {
    const ann = await node.signUp('ann_prof');
    const bob = await node.signUp('bob_prof');
    // Profile changes, and refusals that change nothing.
    await expectError(await node.call('account.updateProfile', {}, ann.token), 400, 'INPUT_REQUEST_INVALID');
    await expectError(await node.call('account.updateProfile', { username: 'BOB_prof' }, ann.token), 400, 'USERNAME_OCCUPIED');
    await expectError(await node.call('account.updateProfile', { username: '1bad' }, ann.token), 400, 'USERNAME_INVALID');
    await expectError(await node.call('account.updateProfile', { first_name: '' }, ann.token), 400, 'NAME_INVALID');
    await expectError(await node.call('account.updateProfile', { last_name: 'x'.repeat(65) }, ann.token), 400, 'NAME_INVALID');
    assert.equal((await node.ok('users.getMe', {}, ann.token)).username, 'ann_prof');
    const changed = await node.ok('account.updateProfile', { username: 'Ann_Lee', first_name: 'Ann', last_name: 'Lee' }, ann.token);
    assert.deepEqual(changed, { id: ann.user.id, username: 'Ann_Lee', first_name: 'Ann', last_name: 'Lee', is_bot: false });
    await expectError(await node.call('auth.signIn', { username: 'ann_prof', password: 'correct horse' }), 400, 'USERNAME_NOT_OCCUPIED');
    assert.equal((await node.ok('contacts.resolveUsername', { username: 'ann_lee' }, bob.token)).peer.id, ann.user.id);
    await node.signUp('ann_prof'); // the old username is free again

    // Authorizations: device, address, activity; revoke one.
    const phone = await node.ok('auth.signIn', { username: 'ann_lee', password: 'correct horse', device: 'Phone' });
    const laptop = await node.ok('auth.signIn', { username: 'ann_lee', password: 'correct horse', device: 'Laptop' });
    const ld = await device(node, laptop.token);
    const list = (await node.ok('account.getAuthorizations', {}, phone.token)).authorizations;
    assert.equal(list.length, 3);
    assert.equal(list[0].current, true);
    assert.equal(list[0].device, 'Phone');
    assert.ok(list.every((a) => a.ip === '127.0.0.1' && typeof a.hash === 'string' && a.date_active >= a.date_created));
    assert.deepEqual(list.map((a) => a.device).sort(), ['Laptop', 'Phone', 'node']);
    const laptopHash = list.find((a) => a.device === 'Laptop').hash;
    const bobHash = (await node.ok('account.getAuthorizations', {}, bob.token)).authorizations[0].hash;
    await expectError(await node.call('account.resetAuthorization', { hash: bobHash }, phone.token), 400, 'HASH_INVALID');
    await expectError(await node.call('account.resetAuthorization', { hash: '12345' }, phone.token), 400, 'HASH_INVALID');
    await expectError(await node.call('account.resetAuthorization', { hash: list[0].hash }, phone.token), 400, 'HASH_INVALID');
    await expectError(await node.call('account.resetAuthorization', {}, phone.token), 400, 'INPUT_REQUEST_INVALID');
    assert.equal((await node.ok('users.getMe', {}, bob.token)).id, bob.user.id);
    assert.equal(await node.ok('account.resetAuthorization', { hash: laptopHash }, phone.token), true);
    await expectError(await node.call('users.getMe', {}, laptop.token), 401, 'AUTH_KEY_UNREGISTERED');
    await ld.closedP;
    assert.equal((await node.ok('account.getAuthorizations', {}, phone.token)).authorizations.length, 2);

    // Password change: checks the current one, revokes every other session.
    await expectError(await node.call('account.changePassword', { password: 'wrong pass', new_password: 'brand new pw' }, phone.token), 400, 'PASSWORD_HASH_INVALID');
    await expectError(await node.call('account.changePassword', { password: 'correct horse', new_password: 'short' }, phone.token), 400, 'PASSWORD_TOO_WEAK');
    await expectError(await node.call('account.changePassword', { password: 'correct horse' }, phone.token), 400, 'INPUT_REQUEST_INVALID');
    assert.equal((await node.ok('users.getMe', {}, ann.token)).id, ann.user.id);
    assert.deepEqual(await node.ok('account.changePassword', { password: 'correct horse', new_password: 'brand new pw' }, phone.token), { revoked: 1 });
    await expectError(await node.call('users.getMe', {}, ann.token), 401, 'AUTH_KEY_UNREGISTERED');
    assert.equal((await node.ok('users.getMe', {}, phone.token)).id, ann.user.id);
    await expectError(await node.call('auth.signIn', { username: 'ann_lee', password: 'correct horse' }), 400, 'PASSWORD_HASH_INVALID');

    // Deletion: the password is checked; then the account is gone for good.
    await node.ok('messages.sendMessage', { peer: { type: 'user', id: bob.user.id }, message: 'bye' }, phone.token);
    await expectError(await node.call('account.deleteAccount', { password: 'correct horse' }, phone.token), 400, 'PASSWORD_HASH_INVALID');
    assert.equal(await node.ok('account.deleteAccount', { password: 'brand new pw' }, phone.token), true);
    await expectError(await node.call('users.getMe', {}, phone.token), 401, 'AUTH_KEY_UNREGISTERED');
    await expectError(await node.call('auth.signIn', { username: 'ann_lee', password: 'brand new pw' }), 400, 'USERNAME_NOT_OCCUPIED');
    const [gone] = await node.ok('users.getUsers', { ids: [ann.user.id] }, bob.token);
    assert.deepEqual(gone, { id: ann.user.id, username: '', first_name: 'Deleted Account', is_bot: false, deleted: true });
    await expectError(await node.call('messages.sendMessage', { peer: { type: 'user', id: ann.user.id }, message: 'hello?' }, bob.token), 400, 'INPUT_USER_DEACTIVATED');
    await expectError(await node.call('messages.createChat', { title: 't', user_ids: [ann.user.id] }, bob.token), 400, 'INPUT_USER_DEACTIVATED');
    // Bob keeps his copy of what she sent.
    await eventually(async () => {
      const h = await node.ok('messages.getHistory', { peer: { type: 'user', id: ann.user.id }, limit: 10 }, bob.token);
      assert.deepEqual(h.messages.map((m) => m.text), ['bye']);
    });
    assert.deepEqual((await node.ok('contacts.search', { q: 'lee' }, bob.token)).users, []);
    await node.signUp('ann_lee'); // the username is free
  } finally {
    await node.stop();
    node.cleanup();
  }
});

test('contacts.search and block lists', async () => {
  const node = await new Node().start();
  try {
    const ann = await node.ok('auth.signUp', { username: 'annika_s', password: 'correct horse', first_name: 'Annika', last_name: 'Sørensen-Berg' });
    const bob = await node.ok('auth.signUp', { username: 'bob_s', password: 'correct horse', first_name: 'Bob', last_name: 'Annan' });
    await node.signUp('carol_s');
    const ids = (r) => r.users.map((u) => u.id);
    assert.deepEqual(ids(await node.ok('contacts.search', { q: 'ANN' }, bob.token)), [ann.user.id, bob.user.id]);
    assert.deepEqual(ids(await node.ok('contacts.search', { q: '@annika' }, bob.token)), [ann.user.id]);
    assert.deepEqual(ids(await node.ok('contacts.search', { q: 'berg' }, bob.token)), [ann.user.id]);
    assert.deepEqual(ids(await node.ok('contacts.search', { q: 'ann', limit: 1 }, bob.token)), [ann.user.id]);
    assert.deepEqual(ids(await node.ok('contacts.search', { q: 'zzz' }, bob.token)), []);
    await expectError(await node.call('contacts.search', { q: '' }, bob.token), 400, 'SEARCH_QUERY_EMPTY');
    await expectError(await node.call('contacts.search', { q: 'a', limit: 0 }, bob.token), 400, 'LIMIT_INVALID');
    await expectError(await node.call('contacts.search', { q: 'a', limit: 51 }, bob.token), 400, 'LIMIT_INVALID');
    await expectError(await node.call('contacts.search', { q: 'x'.repeat(65) }, bob.token), 400, 'INPUT_REQUEST_INVALID');
    await expectError(await node.call('contacts.search', { q: 'ann' }), 401, 'AUTH_KEY_UNREGISTERED');

    // Bob blocks Ann: her messages and typing never reach him.
    await expectError(await node.call('contacts.block', { id: bob.user.id }, bob.token), 400, 'USER_ID_INVALID');
    await expectError(await node.call('contacts.block', { id: 99999 }, bob.token), 400, 'USER_ID_INVALID');
    await expectError(await node.call('contacts.block', {}, bob.token), 400, 'INPUT_REQUEST_INVALID');
    const toBob = { type: 'user', id: bob.user.id };
    const toAnn = { type: 'user', id: ann.user.id };
    await node.ok('messages.sendMessage', { peer: toBob, message: 'before' }, ann.token);
    assert.equal(await node.ok('contacts.block', { id: ann.user.id }, bob.token), true);
    assert.equal(await node.ok('contacts.block', { id: ann.user.id }, bob.token), true); // idempotent
    assert.deepEqual(ids(await node.ok('contacts.getBlocked', {}, bob.token)), [ann.user.id]);
    const bd = await device(node, bob.token);
    const state = await bd.ok('updates.getState');
    const sent = await node.ok('messages.sendMessage', { peer: toBob, message: 'blocked one' }, ann.token);
    assert.equal(sent.message.text, 'blocked one'); // the sender's copy exists
    await node.ok('messages.setTyping', { peer: toBob, action: 'typing' }, ann.token);
    await sleep(300);
    assert.deepEqual(bd.pushes.filter((p) => p.method === 'updates'), []);
    const h = await node.ok('messages.getHistory', { peer: toAnn, limit: 10 }, bob.token);
    assert.deepEqual(h.messages.map((m) => m.text), ['before']);
    const diff = await node.ok('updates.getDifference', { pts: state.pts }, bob.token);
    assert.deepEqual(diff.new_messages, []);
    // Bob can still write to her; unblocking lets her next messages through.
    await node.ok('messages.sendMessage', { peer: toAnn, message: 'from bob' }, bob.token);
    assert.equal(await node.ok('contacts.unblock', { id: ann.user.id }, bob.token), true);
    assert.deepEqual(ids(await node.ok('contacts.getBlocked', {}, bob.token)), []);
    await node.ok('messages.sendMessage', { peer: toBob, message: 'after' }, ann.token);
    await bd.waitPush((p) => p.params?.updates?.some((u) => u.message?.text === 'after'));
    // The block list survives a restart.
    await node.ok('contacts.block', { id: ann.user.id }, bob.token);
    await bd.close();
    await node.stop();
    await node.start();
    assert.deepEqual(ids(await node.ok('contacts.getBlocked', {}, bob.token)), [ann.user.id]);
    await node.ok('messages.sendMessage', { peer: toBob, message: 'after restart' }, ann.token);
    await sleep(200);
    const h2 = await node.ok('messages.getHistory', { peer: toAnn, limit: 10 }, bob.token);
    assert.deepEqual(h2.messages.map((m) => m.text), ['after', 'from bob', 'before']);
  } finally {
    await node.stop();
    node.cleanup();
  }
});

test('a sign-up flood over many sockets gets FLOOD_WAIT, never TIMEOUT, and leaves the hasher free', { timeout: 90000 }, async () => {
  // Production password hashing (Argon2id, 64 MiB, 2 passes), no per-address limit.
  const n = await new Node({
    env: {
      ACTORGRAM_AUTH_PASSWORD_OPSLIMIT: '2',
      ACTORGRAM_AUTH_PASSWORD_MEMLIMIT_KIB: '65536',
      ACTORGRAM_LIMITS_AUTH_PER_IP_BURST: '100000',
      ACTORGRAM_LIMITS_AUTH_PER_IP_PER_SECOND: '100000',
    },
  }).start();
  try {
    const sockets = await Promise.all(Array.from({ length: 100 }, () => device(n)));
    const t0 = Date.now();
    const answers = await Promise.all(sockets.flatMap((d, i) => Array.from({ length: 5 }, (_, j) => d.request('auth.signUp', {
      username: `flood_${i}_${j}`, password: 'correct horse', first_name: 'F',
    }))));
    const names = {};
    for (const a of answers) {
      const name = a.error ? a.error.message : 'ok';
      names[name] = (names[name] ?? 0) + 1;
      if (a.error?.message === 'FLOOD_WAIT') assert.ok(a.error.data.retry_after >= 1);
    }
    assert.deepEqual(Object.keys(names).sort(), ['FLOOD_WAIT', 'ok'], JSON.stringify(names));
    assert.ok(names.FLOOD_WAIT > names.ok, JSON.stringify(names));
    // Everything was answered within the call timeout, and the hasher is
    // free at once: a new sign-up does not wait behind the flood.
    assert.ok(Date.now() - t0 < 6000, `the flood took ${Date.now() - t0} ms`);
    const t1 = Date.now();
    const late = await n.call('auth.signUp', { username: 'after_flood', password: 'correct horse', first_name: 'A' });
    assert.equal(late.status, 200, JSON.stringify(late.body));
    assert.ok(Date.now() - t1 < 2000, `a sign-up after the flood took ${Date.now() - t1} ms`);
    for (const d of sockets) await d.close();
  } finally {
    await n.stop();
    n.cleanup();
  }
});
