#include "http/server/deferred_reply.hpp"

namespace ag {

void late_sink::deliver(request_done done) {
  std::lock_guard lock{mutex_};
  if (finish_)
    finish_(std::move(done));
}

void late_sink::close() {
  std::lock_guard lock{mutex_};
  finish_ = nullptr;
}

deferred_reply::~deferred_reply() {
  send(500, "application/json",
       R"({"ok":false,"error_code":500,"error":"INTERNAL","description":"internal error"})");
}

void deferred_reply::send(int status, std::string_view content_type, std::string_view body,
                          std::string_view extra) {
  std::call_once(sent_, [&] {
    auto done = std::move(target_);
    auto& out = done.unsent;
    out.reserve(128 + extra.size() + body.size());
    out += "HTTP/1.1 ";
    out += std::to_string(status);
    out += ' ';
    out += reason_phrase(status);
    out += "\r\nContent-Type: ";
    out += content_type;
    out += "\r\nContent-Length: ";
    out += std::to_string(body.size());
    out += "\r\n";
    if (!done.keep_alive)
      out += "Connection: close\r\n";
    out += extra;
    out += "\r\n";
    out += body;
    sink_->deliver(std::move(done));
  });
}

const char* reason_phrase(int status) {
  switch (status) {
  case 200:
    return "OK";
  case 400:
    return "Bad Request";
  case 401:
    return "Unauthorized";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 405:
    return "Method Not Allowed";
  case 408:
    return "Request Timeout";
  case 409:
    return "Conflict";
  case 413:
    return "Payload Too Large";
  case 414:
    return "URI Too Long";
  case 416:
    return "Range Not Satisfiable";
  case 429:
    return "Too Many Requests";
  case 431:
    return "Request Header Fields Too Large";
  case 500:
    return "Internal Server Error";
  case 502:
    return "Bad Gateway";
  case 503:
    return "Service Unavailable";
  case 504:
    return "Gateway Timeout";
  default:
    return "Unknown";
  }
}

} // namespace ag
