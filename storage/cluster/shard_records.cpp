#include "storage/cluster/shard_records.hpp"

#include <string>

#include "core/cluster/shard_map.hpp"
#include "core/codec/bytes.hpp"
#include "storage/keys.hpp"
#include "storage/records.hpp"

namespace ag::shard_records {

namespace {

/// The big-endian u64 at `at`, 0 if the key is too short.
std::uint64_t u64_at(std::string_view key, std::size_t at) {
  return key.size() < at + 8 ? 0 : byte_reader{key.substr(at, 8)}.u64();
}

std::uint64_t index_key_id(char prefix, std::string_view text) {
  std::string k(1, prefix);
  k += ':';
  k.append(text);
  return cluster::key_id(k);
}

} // namespace

holders of_key(cf family, std::string_view key) {
  if (key.empty())
    return {};
  auto tag = key[0];
  switch (family) {
  case cf::users:
    if (tag == key_tags::users::username)
      return {index_key_id('u', key.substr(1)), 0};
    if (tag == key_tags::users::email)
      return {index_key_id('e', key.substr(1)), 0};
    if (tag == key_tags::users::name_word)
      return {keys::trailing_u64(key), 0};
    return {u64_at(key, 1), 0};
  case cf::auth:
    if (tag == key_tags::auth::authorization)
      return {};
    return {u64_at(key, 1), 0};
  case cf::dialogs:
  case cf::messages:
  case cf::chats:
    return {u64_at(key, 1), 0};
  case cf::updates:
    return {u64_at(key, 0), 0};
  case cf::files:
    // A reader's rights move with the reader (file_repo::may_read); the
    // files, their bytes and the uploads stay on the node that stored them
    // (downloads come from there, file_fetch.hpp).
    if (tag == key_tags::files::file_ref)
      return {u64_at(key, 9), 0};
    if (tag == key_tags::files::file_grant)
      return {u64_at(key, 1), 0};
    return {};
  case cf::outbox:
  case cf::sequences:
  case cf::meta:
  case cf::count_:
    return {};
  }
  return {};
}

holders of_record(cf family, std::string_view key, std::string_view value) {
  auto h = of_key(family, key);
  if (key.empty())
    return h;
  if (family == cf::users
      && (key[0] == key_tags::users::username || key[0] == key_tags::users::email)) {
    if (auto uid = records::decode_u64(value))
      h.second = *uid;
  } else if (family == cf::auth && key[0] == key_tags::auth::authorization) {
    if (auto a = records::decode_authorization(value))
      h.first = a->user;
  } else if (family == cf::outbox) {
    if (auto p = records::decode_pending(value))
      h.first = p->msg.from_id;
  }
  return h;
}

} // namespace ag::shard_records
