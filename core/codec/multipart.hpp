#pragma once
/// `multipart/form-data` (RFC 7578) as the Bot API's clients write it:
/// header names in any case, parameters quoted or not (grammY sends
/// `filename=photo.jpg` unquoted, which cpp-httplib's parser drops),
/// `filename*=UTF-8''…` understood. The parts are views into the body,
/// which must outlive them.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ag {

struct multipart_part {
  std::string name;
  std::optional<std::string> filename; ///< set: the part is a file
  std::string content_type;            ///< the part's own, "" when it names none
  std::string_view body;
};

/// The boundary named by a Content-Type value `multipart/form-data;
/// boundary=…` (quoted or not, 1-70 characters, RFC 2046 §5.1.1); nullopt
/// for any other type or a missing or oversized boundary.
std::optional<std::string> multipart_boundary(std::string_view content_type);

/// The parts of `body` in order, or what is wrong with it (a sentence for
/// the client): no opening or closing delimiter, a part without headers'
/// end, without `Content-Disposition: form-data; name=…`, or more than
/// `max_parts` parts.
std::variant<std::vector<multipart_part>, std::string>
parse_multipart(std::string_view body, std::string_view boundary, std::size_t max_parts);

} // namespace ag
