// What a node answers about the legacy data directory (make_legacy_data.mjs
// records it with the old build; legacy_data.test.mjs compares a new build's
// answers with it), and the media that directory was made with.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/// Drops what depends on the moment of the call, not on stored data:
/// presence and the date of the current state.
function stable(v, key = '') {
  if (Array.isArray(v)) return v.map((x) => stable(x));
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'status' || (key === 'state' && k === 'date')) continue;
      o[k] = stable(x, k);
    }
    return o;
  }
  return v;
}

function locations(v, out = new Set()) {
  if (Array.isArray(v)) v.forEach((x) => locations(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'location' && typeof x === 'string') out.add(x);
      else locations(x, out);
    }
  }
  return out;
}

/// Every answer about each user's data, with the sha256 of every file the
/// user can download.
export async function snapshot(node, users, chatId) {
  const snap = {};
  for (const [name, u] of Object.entries(users)) {
    const t = u.token;
    const s = {};
    s.me = await node.ok('users.getMe', {}, t);
    s.dialogs = await node.ok('messages.getDialogs', {}, t);
    s.history = {};
    for (const d of s.dialogs.dialogs) {
      s.history[`${d.peer.type}:${d.peer.id}`] = await node.ok('messages.getHistory', { peer: d.peer }, t);
    }
    s.difference = await node.ok('updates.getDifference', { pts: 0 }, t);
    s.state = await node.ok('updates.getState', {}, t);
    s.chats = await node.ok('messages.getChats', { ids: [chatId] }, t);
    const full = await node.call('messages.getFullChat', { chat_id: chatId }, t);
    s.full_chat = full.body;
    s.blocked = await node.ok('contacts.getBlocked', {}, t);
    s.search = await node.ok('messages.search', { q: 'e' }, t);
    s.files = {};
    for (const loc of [...locations(s)].sort()) {
      const r = await fetch(`${node.http}/file/${loc}`, { headers: { Authorization: `Bearer ${t}` } });
      const body = Buffer.from(await r.arrayBuffer());
      s.files[loc] = { http: r.status, type: r.headers.get('content-type'),
        sha256: createHash('sha256').update(body).digest('hex') };
    }
    snap[name] = stable(s);
  }
  return snap;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/// A 160x120 RGB PNG with a gradient, made without any image library.
export function picture(w = 160, h = 120) {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; ++y) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; ++x) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = (x * 255) / w; raw[o + 1] = (y * 255) / h; raw[o + 2] = ((x + y) * 7) & 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export function documentBytes() {
  return Buffer.from('notes kept across versions\n'.repeat(40));
}
