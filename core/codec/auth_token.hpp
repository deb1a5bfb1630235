#pragma once
/// Access tokens: PASETO v4.local around {"uid","sid","iat"}. A token names
/// an authorization (sid) so the node can revoke it; a valid MAC alone is not
/// enough, the authorization must still exist in storage.
#include <cstdint>
#include <optional>
#include <string>

#include "core/codec/paseto.hpp"

namespace ag {

struct token_claims {
  std::uint64_t user = 0;
  std::uint64_t session = 0;
  std::int64_t issued_at = 0; ///< Unix seconds
};

std::string issue_token(const paseto::key& k, const token_claims& c);

/// nullopt for malformed, forged or foreign tokens.
std::optional<token_claims> read_token(const paseto::key& k, std::string_view token);

} // namespace ag
