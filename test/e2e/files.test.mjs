// Uploads over the real binary: raw parts over HTTP PUT, base64 parts over
// WebSocket, resumption with upload.getUploadedParts, refusals, restarts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Node, device, expectError } from './harness.mjs';

let node;
before(async () => { node = await new Node().start(); });
after(async () => { await node.stop(); node.cleanup(); });

async function put(fileId, part, bytes, token, query = '') {
  const headers = { 'Content-Type': 'application/octet-stream' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(`${node.http}/upload/${fileId}/${part}${query}`, { method: 'PUT', headers, body: bytes });
  return { status: r.status, body: await r.json() };
}

test('parts over HTTP and WebSocket, resumable, checked, and kept across a restart', async () => {
  const ann = await node.signUp('ann_files');
  const bob = await node.signUp('bob_files');
  const part = (n, fill) => Buffer.alloc(n, fill);

  // A three-part upload, out of order, one part resent.
  assert.deepEqual((await put('123', 2, part(100, 3), ann.token)).body, { ok: true, result: true });
  assert.deepEqual((await put('123', 0, part(64 * 1024, 1), ann.token)).body, { ok: true, result: true });
  assert.equal((await put('123', 0, part(64 * 1024, 1), ann.token)).body.ok, true);
  assert.deepEqual(await node.ok('upload.getUploadedParts', { file_id: '123' }, ann.token),
    { parts: [0, 2], part_size: 65536, bytes: 65636 });

  // Over WebSocket: base64 in JSON-RPC.
  const d = await device(node, ann.token);
  assert.equal(await d.ok('upload.saveFilePart', { file_id: 123, file_part: 1, bytes: part(64 * 1024 / 2, 2).toString('base64') }), true);
  const bad = await d.request('upload.saveFilePart', { file_id: 123, file_part: 1, bytes: 'not base64!' });
  assert.equal(bad.error.data.name ?? bad.error.message, 'INPUT_REQUEST_INVALID');
  assert.deepEqual((await d.ok('upload.getUploadedParts', { file_id: 123 })).parts, [0, 1, 2]);
  await d.close();

  // Refusals change nothing.
  expectError(await put('123', 3, part(10, 0)), 401, 'AUTH_KEY_UNREGISTERED');
  expectError(await put('123', 4000, part(10, 0), ann.token), 400, 'FILE_PART_INVALID');
  expectError(await put('123', 3, part(512 * 1024 + 1, 0), ann.token), 400, 'FILE_PART_SIZE_INVALID');
  expectError(await put('123', 3, Buffer.alloc(0), ann.token), 400, 'FILE_PART_SIZE_INVALID');
  expectError(await put('0', 0, part(10, 0), ann.token), 400, 'FILE_ID_INVALID');
  expectError(await put('99999999999999999999', 0, part(10, 0), ann.token), 400, 'INPUT_REQUEST_INVALID');
  expectError(await put('7', 5, part(1024, 0), ann.token, '?total_parts=5'), 400, 'FILE_PART_INVALID');
  expectError(await put('7', 5, part(1024, 0), ann.token, '?total_parts=x'), 400, 'INPUT_REQUEST_INVALID');
  expectError(await put('8', 20, part(512 * 1024, 0), ann.token), 400, 'FILE_PARTS_INVALID');
  const tooBig = await fetch(`${node.http}/upload/9/0`, { method: 'PUT', headers: { Authorization: `Bearer ${ann.token}` }, body: Buffer.alloc(2 << 20) });
  assert.equal(tooBig.status, 413);
  expectError(await node.call('upload.getUploadedParts', { file_id: '123' }, bob.token), 400, 'FILE_ID_INVALID');
  expectError(await node.call('upload.getUploadedParts', {}, ann.token), 400, 'INPUT_REQUEST_INVALID');
  expectError(await node.call('upload.saveFilePart', { file_id: 5, file_part: 0 }, ann.token), 400, 'INPUT_REQUEST_INVALID');
  assert.deepEqual(await node.ok('upload.getUploadedParts', { file_id: '123' }, ann.token),
    { parts: [0, 1, 2], part_size: 65536, bytes: 65636 + 32768 });

  // Durable: a restart keeps every acknowledged part.
  await node.stop();
  await node.start();
  assert.deepEqual((await node.ok('upload.getUploadedParts', { file_id: '123' }, ann.token)).parts, [0, 1, 2]);
});
