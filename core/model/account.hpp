#pragma once
/// Accounts: an authorization (one signed-in device).
#include <cstdint>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>

namespace ag {

/// An authorization: one signed-in device.
struct authorization {
  std::uint64_t id = 0;
  std::uint64_t user = 0;
  std::int64_t created = 0;
  std::string device;
  std::string ip;          ///< client address at sign-in, then at last activity
  std::int64_t active = 0; ///< Unix seconds of the last request (coarse: see auth)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, authorization& x) {
  return f(caf::meta::type_name("authorization"), x.id, x.user, x.created, x.device, x.ip,
           x.active);
}

} // namespace ag
