#include "core/rules/limits.hpp"

#include "core/codec/utf8.hpp"

namespace ag::limits {

errc check_username(std::string_view name) {
  if (name.size() < 5 || name.size() > 32)
    return errc::username_invalid;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool digit = c >= '0' && c <= '9';
    if (i == 0 && !letter)
      return errc::username_invalid;
    if (!letter && !digit && c != '_')
      return errc::username_invalid;
  }
  return errc::none;
}

std::string normalize_username(std::string_view name) {
  std::string out{name};
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return out;
}

errc check_password(std::string_view password) {
  if (password.size() < min_password_length || password.size() > max_password_length)
    return errc::password_too_weak;
  return errc::none;
}

errc check_email(std::string_view email) {
  if (email.size() < 6 || email.size() > max_email_length)
    return errc::email_invalid;
  auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || email.find('@', at + 1) != email.npos)
    return errc::email_invalid;
  auto domain = email.substr(at + 1);
  auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.')
    return errc::email_invalid;
  for (char c : email) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '"' || c == '<' || c == '>' || c == ',' || c == ';'
        || c == '(' || c == ')' || c == '[' || c == ']' || c == '\\')
      return errc::email_invalid;
  }
  return errc::none;
}

std::string normalize_email(std::string_view email) {
  return normalize_username(email);
}

errc check_name(std::string_view name, bool required) {
  if (!valid_utf8(name))
    return errc::name_invalid;
  auto n = utf8_length(name);
  if ((required && n == 0) || n > max_name_length)
    return errc::name_invalid;
  for (char c : name)
    if (static_cast<unsigned char>(c) < 0x20)
      return errc::name_invalid;
  return errc::none;
}

errc check_message_text(std::string_view text) {
  if (!valid_utf8(text))
    return errc::input_request_invalid;
  auto n = utf8_length(text);
  if (n == 0)
    return errc::message_empty;
  if (n > max_message_length)
    return errc::message_too_long;
  return errc::none;
}

} // namespace ag::limits
