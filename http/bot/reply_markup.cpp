#include "http/bot/reply_markup.hpp"

#include <simdjson.h>

#include "core/codec/json_writer.hpp"
#include "core/codec/utf8.hpp"

namespace ag {

namespace {

namespace dom = simdjson::dom;

constexpr std::size_t max_buttons = 100;
constexpr std::size_t max_row = 12;
constexpr std::size_t max_text_bytes = 256;
constexpr std::size_t max_url_bytes = 2048;

using refusal = std::string;

bool good_text(std::string_view t) {
  return !t.empty() && t.size() <= max_text_bytes && valid_utf8(t);
}

bool good_url(std::string_view u) {
  return u.size() <= max_url_bytes && valid_utf8(u)
         && (u.starts_with("http://") || u.starts_with("https://") || u.starts_with("tg://"))
         && u.find_first_of(" \t\r\n") == std::string_view::npos;
}

bool flag(dom::object o, const char* key) {
  bool b = false;
  return o[key].get_bool().get(b) == simdjson::SUCCESS && b;
}

/// Rows of buttons; `inline_buttons` picks the inline kind's rules.
std::optional<refusal> rows(json_writer& w, dom::element e, bool inline_buttons) {
  dom::array rs;
  if (e.get_array().get(rs) != simdjson::SUCCESS)
    return refusal("keyboard must be an array of button rows");
  std::size_t total = 0;
  w.begin_array();
  for (auto r : rs) {
    dom::array row;
    if (r.get_array().get(row) != simdjson::SUCCESS)
      return refusal("keyboard row must be an array of buttons");
    if (row.size() > max_row)
      return refusal("too many buttons in a row");
    w.begin_array();
    for (auto b : row) {
      if (++total > max_buttons)
        return refusal("too many buttons");
      std::string_view text;
      dom::object o;
      if (!inline_buttons && b.get_string().get(text) == simdjson::SUCCESS) {
        if (!good_text(text))
          return refusal("button text is empty or too long");
        w.begin_object().field("text", text).end_object();
        continue;
      }
      if (b.get_object().get(o) != simdjson::SUCCESS)
        return refusal("can't parse keyboard button");
      if (o["text"].get_string().get(text) != simdjson::SUCCESS || !good_text(text))
        return refusal("button text is empty or too long");
      w.begin_object().field("text", text);
      if (inline_buttons) {
        std::string_view data, url;
        bool has_data = o["callback_data"].get_string().get(data) == simdjson::SUCCESS;
        bool has_url = o["url"].get_string().get(url) == simdjson::SUCCESS;
        if (has_data == has_url)
          return refusal("an inline button needs exactly one of callback_data and url");
        if (has_data) {
          if (data.empty() || data.size() > 64)
            return refusal("BUTTON_DATA_INVALID");
          w.field("callback_data", data);
        } else {
          if (!good_url(url))
            return refusal("BUTTON_URL_INVALID");
          w.field("url", url);
        }
      }
      w.end_object();
    }
    w.end_array();
  }
  w.end_array();
  return std::nullopt;
}

} // namespace

read_markup read_reply_markup(std::string_view json) {
  dom::parser parser;
  simdjson::padded_string padded{json};
  dom::element doc;
  dom::object o;
  if (json.size() > 16 * 1024 || parser.parse(padded).get(doc) != simdjson::SUCCESS
      || doc.get_object().get(o) != simdjson::SUCCESS)
    return {{}, "can't parse reply keyboard markup JSON object"};
  json_writer w;
  w.begin_object();
  dom::element e;
  if (o["inline_keyboard"].get(e) == simdjson::SUCCESS) {
    w.key("inline_keyboard");
    if (auto r = rows(w, e, true))
      return {{}, *r};
  } else if (o["keyboard"].get(e) == simdjson::SUCCESS) {
    w.key("keyboard");
    if (auto r = rows(w, e, false))
      return {{}, *r};
    for (auto key : {"resize_keyboard", "one_time_keyboard", "is_persistent", "selective"})
      if (flag(o, key))
        w.field(key, true);
  } else if (flag(o, "remove_keyboard")) {
    w.field("remove_keyboard", true);
    if (flag(o, "selective"))
      w.field("selective", true);
  } else if (flag(o, "force_reply")) {
    w.field("force_reply", true);
    if (flag(o, "selective"))
      w.field("selective", true);
  } else {
    return {{}, "can't parse reply keyboard markup JSON object"};
  }
  std::string_view placeholder;
  if (o["input_field_placeholder"].get_string().get(placeholder) == simdjson::SUCCESS) {
    if (placeholder.size() > 256 || !valid_utf8(placeholder))
      return {{}, "input_field_placeholder is too long"};
    w.field("input_field_placeholder", placeholder);
  }
  w.end_object();
  return {w.take(), {}};
}

} // namespace ag
