#include "actors/auth/hasher_pool.hpp"

#include <caf/actor_pool.hpp>
#include <sodium.h>

#include "actors/protocol/atoms.hpp"
#include "core/error.hpp"

namespace ag {

caf::actor spawn_hasher_pool(caf::actor_system& sys, const actor_settings& s) {
  auto ops = s.password_opslimit;
  auto mem = s.password_memlimit;
  auto factory = [&sys, ops, mem] {
    return sys.spawn<caf::detached>([ops, mem]() -> caf::behavior {
      return {
        [=](hash_atom, const std::string& password) -> caf::result<std::string> {
          char out[crypto_pwhash_STRBYTES];
          if (crypto_pwhash_str(out, password.data(), password.size(), ops, mem) != 0)
            return make_error(errc::internal, "out of memory while hashing");
          return std::string{out};
        },
        [](verify_atom, const std::string& hash, const std::string& password) {
          if (hash.size() >= crypto_pwhash_STRBYTES)
            return false;
          return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
        },
      };
    });
  };
  return caf::actor_pool::make(sys.dummy_execution_unit(), s.hash_workers, factory,
                               caf::actor_pool::round_robin());
}

} // namespace ag
