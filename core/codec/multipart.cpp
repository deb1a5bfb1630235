#include "core/codec/multipart.hpp"

#include "core/codec/ascii.hpp"
#include "core/codec/form.hpp"

namespace ag {

namespace {

/// `; key=value; key="quoted \" value"` after the header's first token:
/// calls `on(key, value)` for each, keys in lower case.
template <class F>
void header_params(std::string_view rest, F on) {
  while (!rest.empty()) {
    auto semi = rest.find(';');
    if (semi == std::string_view::npos)
      return;
    rest.remove_prefix(semi + 1);
    rest = ascii::trim(rest);
    auto eq = rest.find('=');
    auto next_semi = rest.find(';');
    if (eq == std::string_view::npos || (next_semi != std::string_view::npos && next_semi < eq))
      continue; // a parameter without a value
    auto key = ascii::lower(ascii::trim(rest.substr(0, eq)));
    rest.remove_prefix(eq + 1);
    rest = ascii::trim(rest);
    std::string value;
    if (!rest.empty() && rest.front() == '"') {
      std::size_t i = 1;
      for (; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size())
          ++i;
        value.push_back(rest[i]);
      }
      rest.remove_prefix(std::min(rest.size(), i + 1));
    } else {
      auto end = rest.find(';');
      value = std::string(ascii::trim(rest.substr(0, end)));
      rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
    }
    on(key, std::move(value)); // the loop goes on at the next ';'
  }
}

/// RFC 5987 `UTF-8''percent-encoded` (the charset is not checked: names
/// are bytes to us).
std::optional<std::string> extended_value(std::string_view v) {
  auto q = v.find("''");
  if (q == std::string_view::npos)
    return std::nullopt;
  return percent_decode(v.substr(q + 2), false);
}

/// One part's headers; false if it has no form-data name.
std::optional<std::string> read_headers(std::string_view head, multipart_part& part) {
  bool disposition = false;
  std::optional<std::string> extended_name;
  while (!head.empty()) {
    auto eol = head.find("\r\n");
    auto line = head.substr(0, eol);
    head = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos)
      return std::string("a part's header line has no ':'");
    auto name = ascii::lower(ascii::trim(line.substr(0, colon)));
    auto value = ascii::trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      auto first = ascii::lower(ascii::trim(value.substr(0, value.find(';'))));
      if (first != "form-data")
        return std::string("a part's Content-Disposition is not form-data");
      disposition = true;
      header_params(value, [&](const std::string& key, std::string v) {
        if (key == "name")
          part.name = std::move(v);
        else if (key == "filename")
          part.filename = std::move(v);
        else if (key == "filename*")
          extended_name = extended_value(v);
      });
    } else if (name == "content-type") {
      part.content_type = std::string(value);
    }
  }
  if (!disposition)
    return std::string("a part has no Content-Disposition header");
  if (part.name.empty())
    return std::string("a part has no name");
  if (extended_name)
    part.filename = std::move(*extended_name);
  return std::nullopt;
}

} // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  auto semi = content_type.find(';');
  if (ascii::lower(ascii::trim(content_type.substr(0, semi))) != "multipart/form-data")
    return std::nullopt;
  std::optional<std::string> boundary;
  header_params(content_type, [&](const std::string& key, std::string v) {
    if (key == "boundary")
      boundary = std::move(v);
  });
  if (!boundary || boundary->empty() || boundary->size() > 70)
    return std::nullopt;
  return boundary;
}

std::variant<std::vector<multipart_part>, std::string>
parse_multipart(std::string_view body, std::string_view boundary, std::size_t max_parts) {
  const std::string delimiter = "--" + std::string(boundary);
  const std::string next = "\r\n" + delimiter;
  std::vector<multipart_part> parts;
  // The first delimiter starts the body or follows a preamble's CRLF.
  std::size_t at = 0;
  if (body.substr(0, delimiter.size()) != delimiter) {
    auto found = body.find(next);
    if (found == std::string_view::npos)
      return std::string("the multipart body has no opening boundary");
    at = found + 2;
  }
  at += delimiter.size();
  while (true) {
    if (body.substr(at, 2) == "--")
      return parts; // the closing delimiter; an epilogue is ignored
    // Transport padding, then the line's end.
    while (at < body.size() && (body[at] == ' ' || body[at] == '\t'))
      ++at;
    if (body.substr(at, 2) != "\r\n")
      return std::string("a multipart boundary line does not end in CRLF");
    at += 2;
    if (parts.size() == max_parts)
      return "more than " + std::to_string(max_parts) + " parts";
    auto head_end = body.find("\r\n\r\n", at);
    std::string_view head;
    std::size_t content = 0;
    if (body.substr(at, 2) == "\r\n") { // no headers at all
      content = at + 2;
    } else if (head_end == std::string_view::npos) {
      return std::string("a multipart part's headers never end");
    } else {
      head = body.substr(at, head_end - at);
      content = head_end + 4;
    }
    auto end = body.find(next, content);
    if (end == std::string_view::npos)
      return std::string("the multipart body ends before its closing boundary");
    multipart_part part;
    if (auto err = read_headers(head, part))
      return std::move(*err);
    part.body = body.substr(content, end - content);
    parts.push_back(std::move(part));
    at = end + next.size();
  }
}

} // namespace ag
