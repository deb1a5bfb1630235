#pragma once
/// Email verification codes (auth.sendCode): the rules, without I/O or
/// clocks (time is passed in, randomness injected so tests control both).
///
/// - a code has 6 digits and lives 10 minutes;
/// - one address gets a new code at most every 60 s and 5 per hour;
/// - 5 wrong tries destroy the code; a right one consumes it (no replay);
/// - codes are per (address, purpose): a sign-up code cannot reset a password.
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"

namespace ag {

enum class code_purpose : std::uint8_t { sign_up = 1, reset_password = 2 };

struct code_rules {
  std::size_t digits = 6;
  std::int64_t ttl_ms = 10 * 60 * 1000;
  std::int64_t resend_ms = 60 * 1000;
  std::size_t per_hour = 5;
  int attempts = 5;
};

class code_book {
public:
  /// `uniform(n)` returns a uniformly random number in [0, n).
  using random_fn = std::function<std::uint32_t(std::uint32_t)>;

  explicit code_book(code_rules rules = {}, random_fn uniform = {});

  struct issued {
    errc error = errc::none;      ///< flood_wait when asked too often
    std::int32_t retry_after = 0; ///< seconds, with flood_wait
    std::string code;
  };

  /// A fresh code for `email` (normalized), replacing any live one.
  issued issue(const std::string& email, code_purpose purpose, std::int64_t now_ms);

  /// Checks `code`. Success consumes it. email_code_invalid counts a try;
  /// email_code_expired: none live (expired, used, never sent, tries spent).
  errc verify(const std::string& email, code_purpose purpose, std::string_view code,
              std::int64_t now_ms);

  /// Whether a live code exists (and is not consumed by asking).
  bool live(const std::string& email, code_purpose purpose, std::int64_t now_ms) const;

  /// Drops expired entries; call now and then.
  void sweep(std::int64_t now_ms);

  std::size_t size() const { return entries_.size(); }
  const code_rules& rules() const { return rules_; }

private:
  struct entry {
    std::string code;
    std::int64_t expires_ms = 0;
    int tries_left = 0;
    std::vector<std::int64_t> sent_ms; ///< within the last hour
  };
  static std::string key(const std::string& email, code_purpose purpose);

  code_rules rules_;
  random_fn uniform_;
  std::unordered_map<std::string, entry> entries_;
};

} // namespace ag
