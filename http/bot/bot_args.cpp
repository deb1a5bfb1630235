#include "http/bot/bot_args.hpp"

#include <simdjson.h>

#include "core/codec/ascii.hpp"
#include "core/codec/form.hpp"
#include "core/codec/multipart.hpp"

namespace ag {

namespace {

namespace dom = simdjson::dom;

bot_args_error bad(std::string what) {
  return bot_args_error{400, "Bad Request: " + std::move(what)};
}

std::string media_type(std::string_view content_type) {
  return ascii::lower(ascii::trim(content_type.substr(0, content_type.find(';'))));
}

class gatherer {
public:
  explicit gatherer(const bot_args_limits& limits) : limits_(limits) {}

  /// False once the arguments outgrow their bound.
  bool add(std::string name, std::string value) {
    used_ += name.size() + value.size();
    if (used_ > limits_.max_args_bytes)
      return false;
    if (args_.values.find(name) == args_.values.end()) // the first value counts
      args_.values.emplace(std::move(name), std::move(value));
    return true;
  }

  std::optional<bot_args_error> form(std::string_view text) {
    auto pairs = parse_form(text);
    if (!pairs)
      return bad("malformed percent-encoding in the arguments");
    for (auto& [k, v] : *pairs)
      if (!add(std::move(k), std::move(v)))
        return too_large();
    return std::nullopt;
  }

  std::optional<bot_args_error> json(std::string_view text) {
    thread_local dom::parser parser;
    simdjson::padded_string padded{text};
    dom::element doc;
    if (auto err = parser.parse(padded).get(doc); err != simdjson::SUCCESS)
      return bad(std::string("can't parse JSON body: ") + simdjson::error_message(err));
    if (doc.is_string()) {
      if (!add("content", std::string(doc.get_string().value())))
        return too_large();
      return std::nullopt;
    }
    dom::object o;
    if (doc.get_object().get(o) != simdjson::SUCCESS)
      return bad("the JSON body is not an object");
    for (auto field : o) {
      if (field.value.is_null())
        continue; // as if absent
      std::string value = field.value.is_string() ? std::string(field.value.get_string().value())
                                                  : simdjson::minify(field.value);
      if (!add(std::string(field.key), std::move(value)))
        return too_large();
    }
    return std::nullopt;
  }

  std::optional<bot_args_error> multipart(std::string_view content_type, std::string_view body) {
    auto boundary = multipart_boundary(content_type);
    if (!boundary)
      return bad("multipart/form-data without a valid boundary");
    auto parsed = parse_multipart(body, *boundary, limits_.max_parts);
    if (auto* err = std::get_if<std::string>(&parsed))
      return bad(*err);
    for (auto& p : std::get<std::vector<multipart_part>>(parsed)) {
      if (p.filename) {
        if (args_.files.size() == limits_.max_files)
          return bot_args_error{413, "Request Entity Too Large: too many files"};
        args_.files.try_emplace(p.name, bot_file{*p.filename, p.content_type, p.body});
      } else if (media_type(p.content_type) == "application/x-www-form-urlencoded") {
        if (auto err = form(p.body))
          return err;
      } else if (!add(p.name, std::string(p.body))) {
        return too_large();
      }
    }
    return std::nullopt;
  }

  bot_args take() { return std::move(args_); }

private:
  static bot_args_error too_large() {
    return bot_args_error{413, "Request Entity Too Large: the arguments are over 1 MiB"};
  }

  const bot_args_limits& limits_;
  bot_args args_;
  std::size_t used_ = 0;
};

} // namespace

std::optional<std::string_view> bot_args::get(std::string_view name) const {
  auto it = values.find(name);
  if (it == values.end())
    return std::nullopt;
  return std::string_view{it->second};
}

std::variant<bot_args, bot_args_error> read_bot_args(std::string_view content_type,
                                                     std::string_view query, std::string_view body,
                                                     const bot_args_limits& limits) {
  gatherer g{limits};
  if (auto err = g.form(query))
    return *err;
  auto type = media_type(content_type);
  std::optional<bot_args_error> err;
  if (type == "multipart/form-data")
    err = g.multipart(content_type, body);
  else if (type == "application/json")
    err = g.json(body);
  else if (type == "application/x-www-form-urlencoded" || (type.empty() && !body.empty()))
    err = g.form(body);
  else if (!body.empty())
    err = bad("unsupported Content-Type " + type);
  if (err)
    return *err;
  return g.take();
}

} // namespace ag
