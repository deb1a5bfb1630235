#include "storage/account_repo.hpp"

#include "core/error.hpp"
#include "core/limits.hpp"
#include "storage/keys.hpp"

namespace ag {

namespace {

template <class T, class Decode>
caf::expected<std::optional<T>> load(kv_store& db, cf f, const std::string& key, Decode decode) {
  auto v = db.get(f, key);
  if (!v)
    return v.error();
  if (!*v)
    return std::optional<T>{};
  auto rec = decode(**v);
  if (!rec)
    return make_error(errc::storage_failure,
                      "corrupt record in " + std::string{cf_names[cf_index(f)]});
  return std::optional<T>{std::move(*rec)};
}

} // namespace

caf::expected<std::optional<user_info>> account_repo::find_user(std::uint64_t uid) {
  return load<user_info>(db_, cf::users, keys::user(uid), records::decode_user);
}

caf::expected<std::optional<std::uint64_t>> account_repo::find_username(std::string_view lower) {
  return load<std::uint64_t>(db_, cf::users, keys::username(lower), records::decode_u64);
}

caf::expected<std::optional<std::string>> account_repo::password_hash(std::uint64_t uid) {
  return db_.get(cf::auth, keys::password(uid));
}

caf::expected<std::optional<authorization>> account_repo::find_authorization(std::uint64_t sid) {
  return load<authorization>(db_, cf::auth, keys::authorization(sid),
                             records::decode_authorization);
}

void account_repo::add_user(write_batch& b, const user_info& u, const std::string& hash) {
  b.put(cf::users, keys::user(u.id), records::encode(u));
  b.put(cf::users, keys::username(limits::normalize_username(u.username)),
        records::encode_u64(u.id));
  b.put(cf::auth, keys::password(u.id), hash);
}

void account_repo::add_authorization(write_batch& b, const authorization& a) {
  b.put(cf::auth, keys::authorization(a.id), records::encode(a));
  b.put(cf::auth, keys::user_authorization(a.user, a.id), {});
}

void account_repo::remove_authorization(write_batch& b, const authorization& a) {
  b.erase(cf::auth, keys::authorization(a.id));
  b.erase(cf::auth, keys::user_authorization(a.user, a.id));
}

} // namespace ag
