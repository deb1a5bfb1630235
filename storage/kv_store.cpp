#include "storage/kv_store.hpp"

#include "core/error.hpp"

namespace ag {

caf::error corrupt_record(std::string_view what) {
  return make_error(errc::storage_failure, "corrupt " + std::string{what} + " record");
}

} // namespace ag
