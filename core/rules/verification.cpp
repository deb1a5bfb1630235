#include "core/rules/verification.hpp"

#include <algorithm>
#include <sodium.h>

namespace ag {

namespace {

constexpr std::int64_t hour_ms = 3600 * 1000;

bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace

code_book::code_book(code_rules rules, random_fn uniform)
  : rules_(rules), uniform_(std::move(uniform)) {
  if (!uniform_)
    uniform_ = [](std::uint32_t n) {
      return randombytes_uniform(n);
    };
}

std::string code_book::key(const std::string& email, code_purpose purpose) {
  return std::to_string(static_cast<int>(purpose)) + ":" + email;
}

code_book::issued code_book::issue(const std::string& email, code_purpose purpose,
                                   std::int64_t now_ms) {
  auto& e = entries_[key(email, purpose)];
  auto& sent = e.sent_ms;
  sent.erase(
    std::remove_if(sent.begin(), sent.end(), [&](std::int64_t t) { return t + hour_ms <= now_ms; }),
    sent.end());
  std::int64_t wait_ms = 0;
  if (!sent.empty() && sent.back() + rules_.resend_ms > now_ms)
    wait_ms = sent.back() + rules_.resend_ms - now_ms;
  if (sent.size() >= rules_.per_hour)
    wait_ms = std::max(wait_ms, sent.front() + hour_ms - now_ms);
  if (wait_ms > 0)
    return {errc::flood_wait, static_cast<std::int32_t>((wait_ms + 999) / 1000), {}};
  std::string code;
  for (std::size_t i = 0; i < rules_.digits; ++i)
    code.push_back(static_cast<char>('0' + uniform_(10)));
  e.code = code;
  e.expires_ms = now_ms + rules_.ttl_ms;
  e.tries_left = rules_.attempts;
  sent.push_back(now_ms);
  return {errc::none, 0, std::move(code)};
}

errc code_book::verify(const std::string& email, code_purpose purpose, std::string_view code,
                       std::int64_t now_ms) {
  auto i = entries_.find(key(email, purpose));
  if (i == entries_.end())
    return errc::email_code_expired;
  auto& e = i->second;
  if (e.code.empty() || e.expires_ms <= now_ms || e.tries_left <= 0)
    return errc::email_code_expired;
  if (!same(e.code, code)) {
    if (--e.tries_left <= 0)
      e.code.clear();
    return errc::email_code_invalid;
  }
  e.code.clear(); // used once; the send history stays for the rate limit
  return errc::none;
}

bool code_book::live(const std::string& email, code_purpose purpose, std::int64_t now_ms) const {
  auto i = entries_.find(key(email, purpose));
  return i != entries_.end() && !i->second.code.empty() && i->second.expires_ms > now_ms
         && i->second.tries_left > 0;
}

void code_book::sweep(std::int64_t now_ms) {
  for (auto i = entries_.begin(); i != entries_.end();) {
    auto& e = i->second;
    bool spent = e.code.empty() || e.expires_ms <= now_ms;
    bool quiet = e.sent_ms.empty() || e.sent_ms.back() + hour_ms <= now_ms;
    if (spent && quiet)
      i = entries_.erase(i);
    else
      ++i;
  }
}

} // namespace ag
