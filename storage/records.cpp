#include "storage/records.hpp"

#include "core/codec/bytes.hpp"

namespace ag::records {

namespace {

constexpr std::uint8_t v1 = 1;
constexpr std::uint8_t v2 = 2; ///< v1 plus trailing fields; v1 still decodes
constexpr std::uint8_t v3 =
  3; ///< messages and pending operations: v2 plus media; updates: v2 plus a callback query
constexpr std::uint8_t v4 = 4; ///< messages and pending operations: v3 plus entities and markup

/// At most this many entities decode (the rules allow 100).
constexpr std::uint32_t max_stored_entities = 1000;

void put_media(byte_writer& w, const message_media& m) {
  w.u8(static_cast<std::uint8_t>(m.kind));
  if (m.kind == media_kind::none)
    return;
  w.u64(m.file)
    .u64(m.size)
    .str(m.mime_type)
    .str(m.file_name)
    .u32(static_cast<std::uint32_t>(m.width))
    .u32(static_cast<std::uint32_t>(m.height))
    .u32(static_cast<std::uint32_t>(m.duration_ms))
    .u32(static_cast<std::uint32_t>(m.sizes.size()));
  for (auto& s : m.sizes)
    w.u8(static_cast<std::uint8_t>(s.type))
      .u32(static_cast<std::uint32_t>(s.width))
      .u32(static_cast<std::uint32_t>(s.height))
      .u64(s.size)
      .u64(s.file);
  w.str(m.stripped);
}

message_media get_media(byte_reader& r) {
  message_media m;
  auto kind = r.u8();
  if (kind > 3) {
    r.fail();
    return m;
  }
  m.kind = static_cast<media_kind>(kind);
  if (m.kind == media_kind::none)
    return m;
  m.file = r.u64();
  m.size = r.u64();
  m.mime_type = r.str();
  m.file_name = r.str();
  m.width = static_cast<std::int32_t>(r.u32());
  m.height = static_cast<std::int32_t>(r.u32());
  m.duration_ms = static_cast<std::int32_t>(r.u32());
  auto n = r.u32();
  if (n > 16) {
    r.fail();
    return m;
  }
  for (std::uint32_t i = 0; i < n && !r.failed(); ++i) {
    media_size s;
    s.type = static_cast<char>(r.u8());
    s.width = static_cast<std::int32_t>(r.u32());
    s.height = static_cast<std::int32_t>(r.u32());
    s.size = r.u64();
    s.file = r.u64();
    m.sizes.push_back(s);
  }
  m.stripped = r.str();
  return m;
}

void put_message(byte_writer& w, const message& m) {
  w.u64(m.id)
    .u64(m.dialog_message_id)
    .u64(m.owner)
    .u8(static_cast<std::uint8_t>(m.to.type))
    .u64(m.to.id)
    .u64(m.from_id)
    .u8(m.out ? 1 : 0)
    .i64(m.date)
    .str(m.text)
    .u64(m.reply_to)
    .u64(m.reply_to_dmid)
    .i64(m.edit_date)
    .u64(m.random_id)
    .u8(static_cast<std::uint8_t>(m.action.kind))
    .u32(static_cast<std::uint32_t>(m.action.users.size()));
  for (auto u : m.action.users)
    w.u64(u);
  w.str(m.action.title).u64(m.fwd_from_id).i64(m.fwd_date).u8(m.deleted ? 1 : 0);
  put_media(w, m.media);
  w.u32(static_cast<std::uint32_t>(m.entities.size()));
  for (auto& e : m.entities)
    w.u8(static_cast<std::uint8_t>(e.kind))
      .u32(static_cast<std::uint32_t>(e.offset))
      .u32(static_cast<std::uint32_t>(e.length))
      .str(e.url)
      .u64(e.user_id)
      .str(e.language);
  w.str(m.reply_markup);
}

void get_entities(byte_reader& r, message& m) {
  auto n = r.u32();
  if (n > max_stored_entities) {
    r.fail();
    return;
  }
  for (std::uint32_t i = 0; i < n && !r.failed(); ++i) {
    message_entity e;
    auto kind = r.u8();
    if (kind == 0 || kind > max_entity_kind) {
      r.fail();
      return;
    }
    e.kind = static_cast<entity_kind>(kind);
    e.offset = static_cast<std::int32_t>(r.u32());
    e.length = static_cast<std::int32_t>(r.u32());
    e.url = r.str();
    e.user_id = r.u64();
    e.language = r.str();
    m.entities.push_back(std::move(e));
  }
  m.reply_markup = r.str();
}

bool valid_peer_type(std::uint8_t t) {
  return t == 1 || t == 2;
}

message get_message(byte_reader& r, std::uint8_t version) {
  message m;
  m.id = r.u64();
  m.dialog_message_id = r.u64();
  m.owner = r.u64();
  auto t = r.u8();
  m.to.type = static_cast<peer_type>(valid_peer_type(t) ? t : 1);
  m.to.id = r.u64();
  m.from_id = r.u64();
  m.out = r.u8() != 0;
  m.date = r.i64();
  m.text = r.str();
  m.reply_to = r.u64();
  m.reply_to_dmid = r.u64();
  m.edit_date = r.i64();
  m.random_id = r.u64();
  if (version >= v2) {
    auto kind = r.u8();
    m.action.kind = kind <= 4 ? static_cast<action_kind>(kind) : action_kind::none;
    auto n = r.u32();
    for (std::uint32_t i = 0; i < n && !r.failed(); ++i)
      m.action.users.push_back(r.u64());
    m.action.title = r.str();
    m.fwd_from_id = r.u64();
    m.fwd_date = r.i64();
    m.deleted = r.u8() != 0;
  }
  if (version >= v3)
    m.media = get_media(r);
  if (version >= v4)
    get_entities(r, m);
  return m;
}

/// Reads the version byte; only 1 to 4 are known.
std::uint8_t version_of(byte_reader& r) {
  auto v = r.u8();
  return v >= v1 && v <= v4 ? v : 0;
}

template <class T>
std::optional<T> finish(byte_reader& r, T value) {
  if (r.failed() || !r.at_end())
    return std::nullopt;
  return value;
}

} // namespace

std::string encode(const message& m) {
  byte_writer w{160 + m.text.size()};
  w.u8(v4);
  put_message(w, m);
  return w.take();
}

std::optional<message> decode_message(std::string_view v) {
  byte_reader r{v};
  auto version = version_of(r);
  if (version == 0)
    return std::nullopt;
  auto m = get_message(r, version);
  return finish(r, std::move(m));
}

std::string encode(const message_media& m) {
  byte_writer w;
  w.u8(v1);
  put_media(w, m);
  return w.take();
}

std::optional<message_media> decode_media(std::string_view v) {
  byte_reader r{v};
  if (r.u8() != v1)
    return std::nullopt;
  auto m = get_media(r);
  return finish(r, std::move(m));
}

std::string encode(const user_info& u) {
  return byte_writer{}
    .u8(v2)
    .u64(u.id)
    .str(u.username)
    .str(u.first_name)
    .str(u.last_name)
    .u8(u.is_bot ? 1 : 0)
    .u8(u.deleted ? 1 : 0)
    .take();
}

std::optional<user_info> decode_user(std::string_view v) {
  byte_reader r{v};
  auto version = version_of(r);
  if (version == 0)
    return std::nullopt;
  user_info u;
  u.id = r.u64();
  u.username = r.str();
  u.first_name = r.str();
  u.last_name = r.str();
  u.is_bot = r.u8() != 0;
  if (version >= v2)
    u.deleted = r.u8() != 0;
  return finish(r, std::move(u));
}

std::string encode(const authorization& a) {
  return byte_writer{}
    .u8(v2)
    .u64(a.id)
    .u64(a.user)
    .i64(a.created)
    .str(a.device)
    .str(a.ip)
    .i64(a.active)
    .take();
}

std::optional<authorization> decode_authorization(std::string_view v) {
  byte_reader r{v};
  auto version = version_of(r);
  if (version == 0)
    return std::nullopt;
  authorization a;
  a.id = r.u64();
  a.user = r.u64();
  a.created = r.i64();
  a.device = r.str();
  if (version >= v2) {
    a.ip = r.str();
    a.active = r.i64();
  } else {
    a.active = a.created;
  }
  return finish(r, std::move(a));
}

std::string encode(const bot_record& b) {
  return byte_writer{}
    .u8(v1)
    .u64(b.id)
    .u64(b.owner)
    .str(b.secret_hash)
    .u8(b.privacy ? 1 : 0)
    .i64(b.created)
    .take();
}

std::optional<bot_record> decode_bot(std::string_view v) {
  byte_reader r{v};
  if (version_of(r) == 0)
    return std::nullopt;
  bot_record b;
  b.id = r.u64();
  b.owner = r.u64();
  b.secret_hash = r.str();
  b.privacy = r.u8() != 0;
  b.created = r.i64();
  return finish(r, std::move(b));
}

std::string encode(const dialog_state& d) {
  return byte_writer{}
    .u8(v2)
    .u8(static_cast<std::uint8_t>(d.to.type))
    .u64(d.to.id)
    .u64(d.top_message)
    .i64(d.top_date)
    .u32(static_cast<std::uint32_t>(d.unread_count))
    .u64(d.read_inbox_max_id)
    .u64(d.read_outbox_max_id)
    .u64(d.pinned)
    .take();
}

std::optional<dialog_state> decode_dialog(std::string_view v) {
  byte_reader r{v};
  auto version = version_of(r);
  if (version == 0)
    return std::nullopt;
  dialog_state d;
  auto t = r.u8();
  if (!valid_peer_type(t))
    return std::nullopt;
  d.to.type = static_cast<peer_type>(t);
  d.to.id = r.u64();
  d.top_message = r.u64();
  d.top_date = r.i64();
  d.unread_count = static_cast<std::int32_t>(r.u32());
  d.read_inbox_max_id = r.u64();
  d.read_outbox_max_id = r.u64();
  if (version >= v2)
    d.pinned = r.u64();
  return finish(r, std::move(d));
}

std::string encode(const update_record& u) {
  byte_writer w;
  w.u8(v3)
    .u8(static_cast<std::uint8_t>(u.kind))
    .u32(static_cast<std::uint32_t>(u.pts_count))
    .u32(static_cast<std::uint32_t>(u.boxes.size()));
  for (auto b : u.boxes)
    w.u64(b);
  w.u8(static_cast<std::uint8_t>(u.to.type))
    .u64(u.to.id)
    .u64(u.max_id)
    .u32(static_cast<std::uint32_t>(u.still_unread))
    .u8(u.pinned ? 1 : 0)
    .u64(u.from)
    .i64(u.date)
    .str(u.data);
  return w.take();
}

std::optional<update_record> decode_update(std::string_view v) {
  byte_reader r{v};
  auto version = version_of(r);
  if (version == 0)
    return std::nullopt;
  update_record u;
  u.kind = static_cast<update_kind>(r.u8());
  u.pts_count = static_cast<std::int32_t>(r.u32());
  auto n = r.u32();
  if (n > 100000)
    return std::nullopt;
  for (std::uint32_t i = 0; i < n && !r.failed(); ++i)
    u.boxes.push_back(r.u64());
  auto t = r.u8();
  u.to.type = static_cast<peer_type>(valid_peer_type(t) ? t : 1);
  u.to.id = r.u64();
  u.max_id = r.u64();
  u.still_unread = static_cast<std::int32_t>(r.u32());
  if (version >= v2)
    u.pinned = r.u8() != 0;
  if (version >= v3) {
    u.from = r.u64();
    u.date = r.i64();
    u.data = r.str();
  }
  return finish(r, std::move(u));
}

std::string encode(const pending_delivery& p) {
  byte_writer w{180 + p.msg.text.size() + 8 * (p.dmids.size() + p.recipients.size())};
  w.u8(v4).u8(static_cast<std::uint8_t>(p.op)).u64(p.op_id);
  put_message(w, p.msg);
  w.u32(static_cast<std::uint32_t>(p.dmids.size()));
  for (auto d : p.dmids)
    w.u64(d);
  w.u32(static_cast<std::uint32_t>(p.recipients.size()));
  for (auto r : p.recipients)
    w.u64(r);
  return w.take();
}

std::vector<std::string> encode_per_recipient(const pending_delivery& p) {
  auto shared = p;
  shared.recipients.clear();
  auto base = encode(shared);
  base.resize(base.size() - 4); // the recipient count, u32 0
  std::vector<std::string> out;
  out.reserve(p.recipients.size());
  for (auto r : p.recipients) {
    auto v = base;
    v += byte_writer{}.u32(1).u64(r).take();
    out.push_back(std::move(v));
  }
  return out;
}

std::optional<pending_delivery> decode_pending(std::string_view v) {
  byte_reader r{v};
  auto version = version_of(r);
  if (version == 0)
    return std::nullopt;
  pending_delivery p;
  if (version >= v2) {
    auto op = r.u8();
    if (op < 1 || op > 3)
      return std::nullopt;
    p.op = static_cast<pending_op>(op);
    p.op_id = r.u64();
  }
  p.msg = get_message(r, version);
  if (version == v1)
    p.op_id = p.msg.dialog_message_id;
  if (version >= v2) {
    auto n = r.u32();
    if (n > 100000)
      return std::nullopt;
    for (std::uint32_t i = 0; i < n && !r.failed(); ++i)
      p.dmids.push_back(r.u64());
  }
  auto n = r.u32();
  if (n > 1000000)
    return std::nullopt;
  for (std::uint32_t i = 0; i < n && !r.failed(); ++i)
    p.recipients.push_back(r.u64());
  return finish(r, std::move(p));
}

std::string encode(const chat_info& c) {
  return byte_writer{}
    .u8(v1)
    .u64(c.id)
    .str(c.title)
    .u64(c.creator)
    .i64(c.date)
    .u32(c.version)
    .take();
}

std::optional<chat_info> decode_chat(std::string_view v) {
  byte_reader r{v};
  if (r.u8() != v1)
    return std::nullopt;
  chat_info c;
  c.id = r.u64();
  c.title = r.str();
  c.creator = r.u64();
  c.date = r.i64();
  c.version = r.u32();
  return finish(r, std::move(c));
}

std::string encode(const chat_member& m) {
  return byte_writer{}
    .u8(v1)
    .u64(m.user)
    .u8(static_cast<std::uint8_t>(m.role))
    .u64(m.inviter)
    .i64(m.date)
    .take();
}

std::optional<chat_member> decode_chat_member(std::string_view v) {
  byte_reader r{v};
  if (r.u8() != v1)
    return std::nullopt;
  chat_member m;
  m.user = r.u64();
  auto role = r.u8();
  if (role > 2)
    return std::nullopt;
  m.role = static_cast<chat_role>(role);
  m.inviter = r.u64();
  m.date = r.i64();
  return finish(r, std::move(m));
}

std::string encode_random(std::uint64_t box, std::int64_t date) {
  return byte_writer{}.u8(v1).u64(box).i64(date).take();
}

std::optional<std::pair<std::uint64_t, std::int64_t>> decode_random(std::string_view v) {
  byte_reader r{v};
  if (r.u8() != v1)
    return std::nullopt;
  auto box = r.u64();
  auto date = r.i64();
  return finish(r, std::make_pair(box, date));
}

std::string encode_u64(std::uint64_t x) {
  return byte_writer{}.u64(x).take();
}

std::optional<std::uint64_t> decode_u64(std::string_view v) {
  byte_reader r{v};
  auto x = r.u64();
  return finish(r, x);
}

} // namespace ag::records
