// Media over the real binary: messages.sendMedia for photos, videos and
// documents (renditions made by the media actors), downloads with Range and
// conditional requests, upload.getFile, who may read a file, bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { Node, binary, device, expectError, eventually } from './harness.mjs';

const makeMedia = join(dirname(binary), 'actorgram-make-media');
let node;
let dir;
const media = {};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'actorgram-media-'));
  const make = (name, ...args) => {
    execFileSync(makeMedia, [args[0], join(dir, name), ...args.slice(1).map(String)]);
    return readFileSync(join(dir, name));
  };
  media.jpeg = make('photo.jpg', 'jpeg', 1600, 1200);
  media.png = make('pic.png', 'png', 500, 300);
  media.video = make('clip.mp4', 'video', 640, 360, 30, 30);
  node = await new Node().start();
});
after(async () => { await node.stop(); node.cleanup(); rmSync(dir, { recursive: true, force: true }); });

const auth = (token) => (token ? { Authorization: `Bearer ${token}` } : {});

/// Uploads `buf` as file_id in parts of `partSize`; returns the part count.
async function upload(token, fileId, buf, partSize = 64 * 1024) {
  const parts = Math.max(1, Math.ceil(buf.length / partSize));
  for (let i = 0; i < parts; ++i) {
    const r = await fetch(`${node.http}/upload/${fileId}/${i}?total_parts=${parts}`, {
      method: 'PUT', headers: auth(token), body: buf.subarray(i * partSize, (i + 1) * partSize),
    });
    assert.equal(r.status, 200, await r.text());
  }
  return parts;
}

async function download(location, token, headers = {}, method = 'GET') {
  const r = await fetch(`${node.http}/file/${location}`, { method, headers: { ...auth(token), ...headers } });
  return { status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) };
}

const md5 = (b) => createHash('md5').update(b).digest('hex');
let fileIds = 1000;

async function sendMedia(from, to, kind, buf, extra = {}) {
  const file_id = String(++fileIds);
  const parts = await upload(from.token, file_id, buf);
  return node.call('messages.sendMedia', {
    peer: { type: 'user', id: to.user.id }, media: kind, file_id, file_total_parts: parts, ...extra,
  }, from.token);
}

test('a photo: sizes never upscaled, stripped thumbnail inline, everything downloadable by the two sides only', async () => {
  const ann = await node.signUp('ann_media');
  const bob = await node.signUp('bob_media');
  const eve = await node.signUp('eve_media');
  const r = await sendMedia(ann, bob, 'photo', media.jpeg, { message: 'the view', md5_checksum: md5(media.jpeg).toUpperCase(), random_id: '77' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const m = r.body.result.message;
  assert.equal(m.text, 'the view');
  assert.equal(m.media._, 'messageMediaPhoto');
  assert.equal(m.media.w, 1600);
  assert.equal(m.media.h, 1200);
  assert.equal(m.media.size, media.jpeg.length);
  assert.equal(m.media.mime_type, 'image/jpeg');
  assert.deepEqual(m.media.sizes.map((s) => [s.type, s.w, s.h]),
    [['s', 90, 68], ['m', 320, 240], ['x', 800, 600], ['y', 1280, 960], ['w', 1600, 1200]]);
  const stripped = Buffer.from(m.media.stripped_thumb, 'base64');
  assert.equal(stripped.subarray(0, 2).toString('hex'), 'ffd8');
  assert.ok(stripped.length < 2000);

  // The recipient sees the same media and downloads every size and the original.
  const bobMsg = await eventually(async () => {
    const h = await node.ok('messages.getHistory', { peer: { type: 'user', id: ann.user.id } }, bob.token);
    assert.equal(h.messages.length, 1);
    return h.messages[0];
  });
  assert.deepEqual(bobMsg.media, m.media);
  for (const s of m.media.sizes) {
    const d = await download(s.location, bob.token);
    assert.equal(d.status, 200);
    assert.equal(d.headers.get('content-type'), 'image/jpeg');
    assert.equal(d.body.length, s.size);
    assert.equal(d.body.subarray(0, 2).toString('hex'), 'ffd8');
  }
  const orig = await download(m.media.location, bob.token);
  assert.equal(orig.status, 200);
  assert.ok(orig.body.equals(media.jpeg));
  assert.match(orig.headers.get('content-disposition'), /^inline; filename="file-\d+"/);

  // Nobody else: a stranger, no token, a made-up location — the same 404 for
  // a missing and a forbidden file.
  expectError({ status: (await download(m.media.location, eve.token)).status, body: JSON.parse((await download(m.media.location, eve.token)).body) }, 404, 'LOCATION_INVALID');
  expectError({ status: 404, body: JSON.parse((await download(m.media.sizes[1].location, eve.token)).body) }, 404, 'LOCATION_INVALID');
  expectError({ status: 404, body: JSON.parse((await download('123456789', ann.token)).body) }, 404, 'LOCATION_INVALID');
  expectError({ status: 401, body: JSON.parse((await download(m.media.location)).body) }, 401, 'AUTH_KEY_UNREGISTERED');
  assert.equal((await download('abc', ann.token)).status, 404);

  // The same send again (same random_id) is the same message, not a second one.
  const again = await node.call('messages.sendMedia', {
    peer: { type: 'user', id: bob.user.id }, media: 'photo', file_id: String(fileIds), file_total_parts: 1, random_id: '77',
  }, ann.token);
  assert.equal(again.body.result.message.id, m.id);

  // upload.getFile over the RPC.
  const part = await node.ok('upload.getFile', { location: m.media.location, offset: 1000, limit: 4096 }, bob.token);
  assert.ok(Buffer.from(part.bytes, 'base64').equals(media.jpeg.subarray(1000, 5096)));
  assert.equal(part.size, media.jpeg.length);
  assert.equal(part.mime_type, 'image/jpeg');
  const tail = await node.ok('upload.getFile', { location: m.media.location, offset: media.jpeg.length - 10, limit: 4096 }, bob.token);
  assert.equal(Buffer.from(tail.bytes, 'base64').length, 10);
  expectError(await node.call('upload.getFile', { location: m.media.location, offset: 0, limit: 0 }, bob.token), 400, 'LIMIT_INVALID');
  expectError(await node.call('upload.getFile', { location: m.media.location, offset: 0, limit: 131073 }, bob.token), 400, 'LIMIT_INVALID');
  // Over WebSocket the largest read fits a frame (no "reader too slow").
  const ws = await device(node, bob.token);
  const big = await ws.ok('upload.getFile', { location: m.media.location, offset: 0 });
  assert.ok(Buffer.from(big.bytes, 'base64').equals(media.jpeg.subarray(0, 131072)));
  assert.equal((await ws.ok('upload.getFile', { location: m.media.location, offset: 131072 })).offset, 131072);
  await ws.close();
  expectError(await node.call('upload.getFile', { location: m.media.location, offset: media.jpeg.length + 1 }, bob.token), 400, 'OFFSET_INVALID');
  expectError(await node.call('upload.getFile', { location: m.media.location }, eve.token), 404, 'LOCATION_INVALID');
  expectError(await node.call('upload.getFile', {}, eve.token), 400, 'INPUT_REQUEST_INVALID');

  // Deleting one copy takes that reader's access, never the other side's.
  await node.ok('messages.deleteMessages', { ids: [bobMsg.id] }, bob.token);
  assert.equal((await download(m.media.location, bob.token)).status, 404);
  assert.equal((await download(m.media.sizes[0].location, bob.token)).status, 404);
  assert.equal((await download(m.media.location, ann.token)).status, 200);
});

test('ranges, validators and conditional requests', async () => {
  const ann = await node.signUp('ann_ranges');
  const bob = await node.signUp('bob_ranges');
  const big = Buffer.alloc(300 * 1024 + 17);
  for (let i = 0; i < big.length; ++i) big[i] = (i * 7 + (i >> 10)) & 255;
  const r = await sendMedia(ann, bob, 'document', big, { file_name: 'notes €.bin', mime_type: 'application/x-test' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const m = r.body.result.message.media;
  assert.equal(m._, 'messageMediaDocument');
  assert.equal(m.file_name, 'notes €.bin');
  assert.deepEqual(m.sizes, []);
  const loc = m.location;
  const N = big.length;

  // The recipient may read once its copy is committed (just after the
  // sender's acknowledgement: the update is how a client learns of it).
  const whole = await eventually(async () => {
    const d = await download(loc, bob.token);
    assert.equal(d.status, 200);
    return d;
  });
  assert.equal(whole.status, 200);
  assert.ok(whole.body.equals(big));
  assert.equal(whole.headers.get('accept-ranges'), 'bytes');
  assert.equal(whole.headers.get('content-type'), 'application/x-test');
  assert.equal(whole.headers.get('content-disposition'), `attachment; filename="notes _.bin"; filename*=UTF-8''notes%20%E2%82%AC.bin`);
  const etag = whole.headers.get('etag');
  const modified = whole.headers.get('last-modified');
  assert.match(etag, /^"\d+"$/);

  // One range across a part boundary (parts are 64 KiB).
  let d = await download(loc, bob.token, { Range: 'bytes=65000-70000' });
  assert.equal(d.status, 206);
  assert.equal(d.headers.get('content-range'), `bytes 65000-70000/${N}`);
  assert.ok(d.body.equals(big.subarray(65000, 70001)));
  d = await download(loc, bob.token, { Range: 'bytes=-100' });
  assert.equal(d.headers.get('content-range'), `bytes ${N - 100}-${N - 1}/${N}`);
  assert.ok(d.body.equals(big.subarray(N - 100)));
  d = await download(loc, bob.token, { Range: `bytes=${N - 5}-` });
  assert.ok(d.body.equals(big.subarray(N - 5)));
  d = await download(loc, bob.token, { Range: `bytes=10-${N * 2}` });
  assert.equal(d.headers.get('content-range'), `bytes 10-${N - 1}/${N}`);

  // Several ranges: multipart/byteranges, each part with its own Content-Range.
  d = await download(loc, bob.token, { Range: 'bytes=0-9, 131072-131199, -3' });
  assert.equal(d.status, 206);
  const ct = d.headers.get('content-type');
  const boundary = ct.match(/^multipart\/byteranges; boundary=(.+)$/)[1];
  assert.equal(Number(d.headers.get('content-length')), d.body.length);
  const pieces = d.body.toString('latin1').split(`--${boundary}`).slice(1, -1);
  assert.equal(pieces.length, 3);
  const expected = [[0, 9], [131072, 131199], [N - 3, N - 1]];
  pieces.forEach((p, i) => {
    const [head, body] = p.replace(/^\r\n/, '').split('\r\n\r\n');
    assert.match(head, new RegExp(`Content-Range: bytes ${expected[i][0]}-${expected[i][1]}/${N}`));
    assert.match(head, /Content-Type: application\/x-test/);
    const bytes = Buffer.from(body.replace(/\r\n$/, ''), 'latin1');
    assert.ok(bytes.equals(big.subarray(expected[i][0], expected[i][1] + 1)), `range ${i}`);
  });

  // Unsatisfiable: 416 with the size.
  d = await download(loc, bob.token, { Range: `bytes=${N}-` });
  assert.equal(d.status, 416);
  assert.equal(d.headers.get('content-range'), `bytes */${N}`);
  assert.equal(JSON.parse(d.body).error, 'RANGE_NOT_SATISFIABLE');
  // Malformed: refused by the HTTP layer before routing (cpp-httplib).
  for (const bad of ['bytes=9-1', 'items=0-1', 'bytes=abc']) {
    d = await download(loc, bob.token, { Range: bad });
    expectError({ status: d.status, body: JSON.parse(d.body) }, 400, 'INPUT_REQUEST_INVALID');
  }
  // More than 16 ranges: the whole file.
  d = await download(loc, bob.token, { Range: 'bytes=' + Array.from({ length: 20 }, (_, i) => `${i * 10}-${i * 10 + 1}`).join(',') });
  assert.equal(d.status, 200);
  assert.equal(d.body.length, N);

  // Validators.
  assert.equal((await download(loc, bob.token, { 'If-None-Match': etag })).status, 304);
  assert.equal((await download(loc, bob.token, { 'If-None-Match': `"1", W/${etag}` })).status, 304);
  assert.equal((await download(loc, bob.token, { 'If-None-Match': '"1"' })).status, 200);
  assert.equal((await download(loc, bob.token, { 'If-Modified-Since': modified })).status, 304);
  assert.equal((await download(loc, bob.token, { 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status, 200);
  assert.equal((await download(loc, bob.token, { 'If-Match': '"1"' })).status, 412);
  assert.equal((await download(loc, bob.token, { 'If-Match': etag })).status, 200);
  assert.equal((await download(loc, bob.token, { 'If-Unmodified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status, 412);
  d = await download(loc, bob.token, { Range: 'bytes=0-9', 'If-Range': etag });
  assert.equal(d.status, 206);
  d = await download(loc, bob.token, { Range: 'bytes=0-9', 'If-Range': '"stale"' });
  assert.equal(d.status, 200);
  assert.equal(d.body.length, N);
  d = await download(loc, bob.token, {}, 'HEAD');
  assert.equal(d.status, 200);
  assert.equal(Number(d.headers.get('content-length')), N);
  assert.equal(d.body.length, 0);
});

test('videos get dimensions, duration and a first-frame thumbnail; documents that are images get an m thumbnail', async () => {
  const ann = await node.signUp('ann_video');
  const bob = await node.signUp('bob_video');
  let r = await sendMedia(ann, bob, 'video', media.video, { file_name: 'clip.mp4' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  let m = r.body.result.message.media;
  assert.equal(m._, 'messageMediaVideo');
  assert.equal(m.w, 640);
  assert.equal(m.h, 360);
  assert.ok(Math.abs(m.duration_ms - 1000) <= 100, String(m.duration_ms));
  assert.equal(m.mime_type, 'video/mp4');
  assert.deepEqual(m.sizes.map((s) => [s.type, s.w, s.h]), [['m', 320, 180]]);
  assert.ok(m.stripped_thumb.length > 0);
  const thumb = await eventually(async () => {
    const d = await download(m.sizes[0].location, bob.token);
    assert.equal(d.status, 200);
    return d;
  });
  assert.equal(thumb.status, 200);
  assert.equal(thumb.body.subarray(0, 2).toString('hex'), 'ffd8');

  r = await sendMedia(ann, bob, 'document', media.png, { file_name: 'pic.png', mime_type: 'image/png' });
  m = r.body.result.message.media;
  await eventually(async () => assert.equal((await download(m.location, bob.token)).status, 200));
  assert.equal(m._, 'messageMediaDocument');
  assert.deepEqual(m.sizes.map((s) => [s.type, s.w, s.h]), [['m', 320, 192]]);
  assert.equal(m.w, 500);
  const png = await download(m.location, bob.token);
  assert.ok(png.body.equals(media.png));
  assert.equal(png.headers.get('content-type'), 'image/png');
});

test('bad media is refused with a clear error and leaves no message behind', async () => {
  const ann = await node.signUp('ann_badmedia');
  const bob = await node.signUp('bob_badmedia');
  const garbage = Buffer.from('this is not an image at all, just some text '.repeat(50));
  const truncated = media.jpeg.subarray(0, media.jpeg.length >> 1);
  expectError(await sendMedia(ann, bob, 'photo', garbage), 400, 'PHOTO_INVALID');
  expectError(await sendMedia(ann, bob, 'photo', truncated), 400, 'PHOTO_INVALID');
  expectError(await sendMedia(ann, bob, 'video', garbage), 400, 'MEDIA_INVALID');
  expectError(await sendMedia(ann, bob, 'sticker', garbage), 400, 'MEDIA_INVALID');
  // The kind is checked before the file parameters, as before the method table.
  expectError(await node.call('messages.sendMedia', { peer: { type: 'user', id: bob.user.id }, media: 'gif' }, ann.token), 400, 'MEDIA_INVALID');
  expectError(await node.call('messages.sendMedia', { peer: { type: 'user', id: bob.user.id }, media: 'photo' }, ann.token), 400, 'INPUT_REQUEST_INVALID');
  expectError(await sendMedia(ann, bob, 'photo', media.jpeg, { md5_checksum: '0'.repeat(32) }), 400, 'MD5_CHECKSUM_INVALID');
  expectError(await sendMedia(ann, bob, 'photo', media.jpeg, { md5_checksum: 'xyz' }), 400, 'MD5_CHECKSUM_INVALID');
  expectError(await sendMedia(ann, bob, 'document', garbage, { file_name: '../etc/passwd' }), 400, 'INPUT_REQUEST_INVALID');
  expectError(await sendMedia(ann, bob, 'document', garbage, { mime_type: 'text' }), 400, 'INPUT_REQUEST_INVALID');
  expectError(await sendMedia(ann, bob, 'document', garbage, { message: 'x'.repeat(1025) }), 400, 'MESSAGE_TOO_LONG');
  // An upload interrupted half-way: a part is missing.
  await upload(ann.token, '555', media.jpeg.subarray(0, 64 * 1024));
  expectError(await node.call('messages.sendMedia', { peer: { type: 'user', id: bob.user.id }, media: 'photo', file_id: '555', file_total_parts: 3 }, ann.token), 400, 'FILE_PARTS_INVALID');
  // Someone else's upload id is not the caller's.
  await upload(bob.token, '556', garbage);
  expectError(await node.call('messages.sendMedia', { peer: { type: 'user', id: bob.user.id }, media: 'document', file_id: '556', file_total_parts: 1 }, ann.token), 400, 'FILE_ID_INVALID');
  expectError(await node.call('messages.sendMedia', { peer: { type: 'user', id: 987654 }, media: 'document', file_id: '556', file_total_parts: 1 }, bob.token), 400, 'PEER_ID_INVALID');
  expectError(await node.call('messages.sendMedia', { peer: { type: 'user', id: ann.user.id }, media: 'document', file_id: '556' }, bob.token), 400, 'INPUT_REQUEST_INVALID');
  // Nothing was sent.
  const dialogs = await node.ok('messages.getDialogs', {}, bob.token);
  assert.equal(dialogs.dialogs.length, 0);
  // The node is fine and the refused photo's bytes can still go as a document.
  const ok = await sendMedia(ann, bob, 'document', garbage, { file_name: 'notes.txt', mime_type: 'text/plain' });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
});

test('forwarded media is readable by the new recipient; files survive a restart', async () => {
  const ann = await node.signUp('ann_fwd');
  const bob = await node.signUp('bob_fwd');
  const cid = await node.signUp('cid_fwd');
  const sent = (await sendMedia(ann, bob, 'photo', media.png)).body.result.message;
  assert.equal(sent.media.mime_type, 'image/png');
  assert.equal((await download(sent.media.location, cid.token)).status, 404);
  const bobCopy = await eventually(async () => {
    const h = await node.ok('messages.getHistory', { peer: { type: 'user', id: ann.user.id } }, bob.token);
    assert.equal(h.messages.length, 1);
    return h.messages[0];
  });
  await node.ok('messages.forwardMessages', { from_peer: { type: 'user', id: ann.user.id }, ids: [bobCopy.id], peer: { type: 'user', id: cid.user.id } }, bob.token);
  await eventually(async () => assert.equal((await download(sent.media.location, cid.token)).status, 200));
  await node.stop();
  await node.start();
  const d = await download(sent.media.location, cid.token);
  assert.equal(d.status, 200);
  assert.ok(d.body.equals(media.png));
  assert.equal((await download(sent.media.sizes[0].location, bob.token)).status, 200);
});

test('media in a group chat: every member may download, a stranger and a removed member may not', async () => {
  const ann = await node.signUp('ann_chatmedia');
  const bob = await node.signUp('bob_chatmedia');
  const cat = await node.signUp('cat_chatmedia');
  const eve = await node.signUp('eve_chatmedia');
  const created = await node.ok('messages.createChat', { title: 'pics', user_ids: [bob.user.id, cat.user.id] }, ann.token);
  const chat = { type: 'chat', id: created.chat.id };
  const parts = await upload(ann.token, '4242', media.jpeg);
  const r = await node.call('messages.sendMedia', { peer: chat, media: 'photo', file_id: '4242', file_total_parts: parts, message: 'for all' }, ann.token);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const m = r.body.result.message.media;
  for (const who of [bob, cat]) {
    await eventually(async () => assert.equal((await download(m.location, who.token)).status, 200));
    assert.equal((await download(m.sizes[2].location, who.token)).status, 200);
  }
  assert.equal((await download(m.location, eve.token)).status, 404);
  // A removed member keeps their copy (history stays) and so their access;
  // media sent after the removal is not theirs.
  await node.ok('messages.deleteChatUser', { chat_id: chat.id, user_id: cat.user.id }, ann.token);
  const later = await sendMediaTo(ann, chat, 'document', Buffer.from('after the removal'));
  await eventually(async () => assert.equal((await download(later.location, bob.token)).status, 200));
  assert.equal((await download(later.location, cat.token)).status, 404);
  assert.equal((await download(m.location, cat.token)).status, 200);
});

test('a refused download answers its whole JSON error, whatever the Range header', async () => {
  const ann = await node.signUp('ann_refused');
  const bob = await node.signUp('bob_refused');
  const eve = await node.signUp('eve_refused');
  const m = await sendMediaTo(ann, { type: 'user', id: bob.user.id }, 'document', Buffer.alloc(5000, 9));
  const bobCopy = await eventually(async () => {
    const h = await node.ok('messages.getHistory', { peer: { type: 'user', id: ann.user.id } }, bob.token);
    assert.equal(h.messages.length, 1);
    return h.messages[0];
  });
  await node.ok('messages.deleteMessages', { ids: [bobCopy.id] }, bob.token);
  const refusals = [
    [m.location, eve.token, 404, 'LOCATION_INVALID'], // a stranger
    [m.location, bob.token, 404, 'LOCATION_INVALID'], // deleted access
    ['123456789', ann.token, 404, 'LOCATION_INVALID'], // no such file
    [m.location, undefined, 401, 'AUTH_KEY_UNREGISTERED'],
    ['abc', ann.token, 404, 'METHOD_INVALID'], // no such route
  ];
  for (const [loc, token, status, name] of refusals) {
    for (const range of ['bytes=0-9', 'bytes=-5', 'bytes=0-1,5-7']) {
      const d = await download(loc, token, { Range: range });
      assert.equal(d.headers.get('content-range'), null, `${loc} ${range}`);
      expectError({ status: d.status, body: JSON.parse(d.body) }, status, name);
    }
  }
  // A Range header on an API call changes nothing either.
  const r = await fetch(`${node.http}/api/users.getMe`, {
    method: 'POST', headers: { ...auth(ann.token), Range: 'bytes=0-9' }, body: '{}',
  });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-range'), null);
  assert.equal((await r.json()).result.id, ann.user.id);
  // The owner still gets the range.
  const d = await download(m.location, ann.token, { Range: 'bytes=0-9' });
  assert.equal(d.status, 206);
  assert.equal(d.body.length, 10);
});

async function sendMediaTo(from, peer, kind, buf) {
  const file_id = String(++fileIds);
  const parts = await upload(from.token, file_id, buf);
  const r = await node.call('messages.sendMedia', { peer, media: kind, file_id, file_total_parts: parts }, from.token);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.result.message.media;
}

test('downloads past http.max_downloads get 429 and never starve API calls', async () => {
  const small = await new Node({ env: { ACTORGRAM_HTTP_MAX_DOWNLOADS: '1' } }).start();
  try {
    const ann = await small.signUp('ann_slots');
    const bob = await small.signUp('bob_slots');
    const big = Buffer.alloc(32 << 20, 7);
    const PART = 512 * 1024;
    const total = big.length / PART;
    for (let i = 0; i < total; ++i) {
      const r = await fetch(`${small.http}/upload/9/${i}?total_parts=${total}`, {
        method: 'PUT', headers: auth(ann.token), body: big.subarray(i * PART, (i + 1) * PART),
      });
      assert.equal(r.status, 200);
    }
    const sent = await small.ok('messages.sendMedia', { peer: { type: 'user', id: bob.user.id }, media: 'document', file_id: 9, file_total_parts: total }, ann.token);
    const url = `${small.http}/file/${sent.message.media.location}`;
    // A reader that stops reading holds its slot (and a pool thread).
    const stalled = new AbortController();
    const first = await fetch(url, { headers: auth(ann.token), signal: stalled.signal });
    assert.equal(first.status, 200);
    const second = await fetch(url, { headers: auth(ann.token) });
    assert.equal(second.status, 429);
    assert.equal(second.headers.get('retry-after'), '1');
    assert.equal((await second.json()).error, 'TOO_MANY_CONNECTIONS');
    assert.ok(await small.ok('messages.getDialogs', {}, ann.token));
    // The slot comes back when the stalled reader goes.
    stalled.abort();
    await eventually(async () => {
      const r = await fetch(url, { headers: { ...auth(ann.token), Range: 'bytes=0-9' } });
      assert.equal(r.status, 206);
      assert.equal(Buffer.from(await r.arrayBuffer()).length, 10);
    }, 20000);
  } finally {
    await small.stop();
    small.cleanup();
  }
});
