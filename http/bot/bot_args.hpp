#pragma once
/// A Bot API call's arguments, read as the official server reads them
/// (tdlib/telegram-bot-api, td/net/HttpReader): the query string for any
/// verb, then the body — `application/x-www-form-urlencoded`,
/// `application/json` (a top-level object: strings decoded, any other value
/// kept as its JSON text, so `reply_markup` works the same as an object or
/// as stringified JSON; a bare JSON string is the argument `content`) or
/// `multipart/form-data` (parts with a filename are files). When a name
/// repeats, the first value counts. Files are views into the body.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace ag {

struct bot_file {
  std::string filename;
  std::string content_type;
  std::string_view bytes;
};

struct bot_args {
  std::map<std::string, std::string, std::less<>> values; ///< text, or JSON text for non-strings
  std::map<std::string, bot_file, std::less<>> files;     ///< by part name

  /// The argument's text; nullopt when absent.
  std::optional<std::string_view> get(std::string_view name) const;
};

/// What the official server refuses before the method runs: 400 with a
/// description such as "Bad Request: …", 413 for oversized arguments.
struct bot_args_error {
  int status = 400;
  std::string description;
};

/// The official server's bounds on a request's arguments (HttpReader.h).
struct bot_args_limits {
  std::size_t max_args_bytes = 1 << 20; ///< all non-file arguments together
  std::size_t max_files = 100;
  std::size_t max_parts = 1000;
};

std::variant<bot_args, bot_args_error> read_bot_args(std::string_view content_type,
                                                     std::string_view query, std::string_view body,
                                                     const bot_args_limits& limits = {});

} // namespace ag
