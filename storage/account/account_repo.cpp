#include "storage/account/account_repo.hpp"

#include <algorithm>

#include "core/codec/bytes.hpp"
#include "core/error.hpp"
#include "core/rules/limits.hpp"
#include "storage/keys.hpp"

namespace ag {

caf::expected<std::optional<user_info>> account_repo::find_user(std::uint64_t uid) {
  return get_record<user_info>(db_, cf::users, keys::user(uid), "user", records::decode_user);
}

caf::expected<std::optional<std::uint64_t>> account_repo::find_username(std::string_view lower) {
  return get_record<std::uint64_t>(db_, cf::users, keys::username(lower), "username index",
                                   records::decode_u64);
}

caf::expected<std::optional<std::uint64_t>> account_repo::find_email(std::string_view lower) {
  return get_record<std::uint64_t>(db_, cf::users, keys::email(lower), "email index",
                                   records::decode_u64);
}

caf::expected<std::optional<std::string>> account_repo::email_of(std::uint64_t uid) {
  return db_.get(cf::auth, keys::user_email(uid));
}

caf::expected<std::optional<std::string>> account_repo::password_hash(std::uint64_t uid) {
  return db_.get(cf::auth, keys::password(uid));
}

caf::expected<std::optional<authorization>> account_repo::find_authorization(std::uint64_t sid) {
  return get_record<authorization>(db_, cf::auth, keys::authorization(sid), "authorization",
                                   records::decode_authorization);
}

caf::expected<std::vector<authorization>> account_repo::authorizations(std::uint64_t uid) {
  auto sids = trailing_ids(db_, cf::auth, keys::user_authorization_prefix(uid));
  if (!sids)
    return sids.error();
  std::vector<authorization> out;
  for (auto sid : *sids) {
    auto a = find_authorization(sid);
    if (!a)
      return a.error();
    if (*a)
      out.push_back(std::move(**a));
  }
  return out;
}

caf::expected<std::vector<std::uint64_t>> account_repo::search(std::string_view lower,
                                                               std::size_t limit) {
  std::vector<std::uint64_t> out;
  auto add = [&](std::uint64_t uid) {
    if (std::find(out.begin(), out.end(), uid) == out.end())
      out.push_back(uid);
    return out.size() < limit;
  };
  auto by_name = keys::username(lower);
  auto err = scan_records(db_, cf::users, by_name, keys::prefix_end(by_name), false,
                          "username index", records::decode_u64,
                          [&](std::string_view, std::uint64_t uid) { return add(uid); });
  if (err || out.size() >= limit)
    return err ? caf::expected<std::vector<std::uint64_t>>{err} : out;
  auto by_word = keys::name_word_prefix(lower);
  err = db_.scan(cf::users, by_word, keys::prefix_end(by_word), false,
                 [&](std::string_view k, std::string_view) { return add(keys::trailing_u64(k)); });
  if (err)
    return err;
  return out;
}

caf::expected<std::vector<std::uint64_t>> account_repo::blocked(std::uint64_t uid) {
  return trailing_ids(db_, cf::users, keys::blocked_prefix(uid));
}

std::vector<std::string> account_repo::name_words(const user_info& u) {
  std::vector<std::string> words;
  auto split = [&](std::string_view name) {
    std::string word;
    auto flush = [&] {
      if (!word.empty() && words.size() < 8
          && std::find(words.begin(), words.end(), word) == words.end())
        words.push_back(word.substr(0, 64));
      word.clear();
    };
    for (char c : name) {
      if (c == ' ' || c == '-' || c == '_' || c == '.' || c == ',')
        flush();
      else
        word.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    flush();
  };
  split(u.first_name);
  split(u.last_name);
  return words;
}

void account_repo::add_user(write_batch& b, const user_info& u, const std::string& hash,
                            const std::string& email) {
  update_user(b, user_info{u.id, "", "", "", false, false}, u);
  b.put(cf::auth, keys::password(u.id), hash);
  if (!email.empty()) {
    b.put(cf::users, keys::email(email), records::encode_u64(u.id));
    b.put(cf::auth, keys::user_email(u.id), email);
  }
}

void account_repo::update_user(write_batch& b, const user_info& before, const user_info& after) {
  auto old_name = limits::normalize_username(before.username);
  auto new_name = limits::normalize_username(after.username);
  if (old_name != new_name) {
    if (!old_name.empty())
      b.erase(cf::users, keys::username(old_name));
    if (!new_name.empty())
      b.put(cf::users, keys::username(new_name), records::encode_u64(after.id));
  }
  auto old_words = name_words(before);
  auto new_words = name_words(after);
  for (auto& w : old_words)
    if (std::find(new_words.begin(), new_words.end(), w) == new_words.end())
      b.erase(cf::users, keys::name_word(w, before.id));
  for (auto& w : new_words)
    if (std::find(old_words.begin(), old_words.end(), w) == old_words.end())
      b.put(cf::users, keys::name_word(w, after.id), {});
  b.put(cf::users, keys::user(after.id), records::encode(after));
}

namespace {

std::string index_key(std::string_view key) {
  auto value = key.substr(2);
  return key.rfind("e:", 0) == 0 ? keys::email(value) : keys::username(value);
}

} // namespace

void account_repo::put_index(write_batch& b, std::string_view key, std::uint64_t uid) {
  b.put(cf::users, index_key(key), records::encode_u64(uid));
}

void account_repo::erase_index(write_batch& b, std::string_view key) {
  b.erase(cf::users, index_key(key));
}

void account_repo::set_password(write_batch& b, std::uint64_t uid, const std::string& hash) {
  b.put(cf::auth, keys::password(uid), hash);
}

void account_repo::delete_user(write_batch& b, const user_info& u, const std::string& email) {
  user_info gone{u.id, "", "Deleted Account", "", u.is_bot, true};
  update_user(b, u, gone);
  // "Deleted Account" is not searchable: drop the words update_user indexed.
  for (auto& w : name_words(gone))
    b.erase(cf::users, keys::name_word(w, u.id));
  b.erase(cf::auth, keys::password(u.id));
  if (!email.empty()) {
    b.erase(cf::users, keys::email(email));
    b.erase(cf::auth, keys::user_email(u.id));
  }
}

void account_repo::put_authorization(write_batch& b, const authorization& a) {
  b.put(cf::auth, keys::authorization(a.id), records::encode(a));
  b.put(cf::auth, keys::user_authorization(a.user, a.id), {});
}

void account_repo::remove_authorization(write_batch& b, const authorization& a) {
  b.erase(cf::auth, keys::authorization(a.id));
  b.erase(cf::auth, keys::user_authorization(a.user, a.id));
}

void account_repo::set_blocked(write_batch& b, std::uint64_t uid, std::uint64_t target,
                               bool blocked) {
  if (blocked)
    b.put(cf::users, keys::blocked(uid, target), {});
  else
    b.erase(cf::users, keys::blocked(uid, target));
}

} // namespace ag
