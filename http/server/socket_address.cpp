#include "http/server/socket_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

namespace ag {

void ip_and_port(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    auto& a = reinterpret_cast<const sockaddr_in&>(addr);
    port = ntohs(a.sin_port);
    ::inet_ntop(AF_INET, &a.sin_addr, text, sizeof(text));
  } else if (addr.ss_family == AF_INET6) {
    auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
    port = ntohs(a.sin6_port);
    ::inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof(text));
  } else {
    port = 0;
  }
  ip = text;
}

std::string ip_key(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET) {
    auto& a = reinterpret_cast<const sockaddr_in&>(addr);
    return {reinterpret_cast<const char*>(&a.sin_addr), sizeof(a.sin_addr)};
  }
  if (addr.ss_family == AF_INET6) {
    auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
    return {reinterpret_cast<const char*>(&a.sin6_addr), sizeof(a.sin6_addr)};
  }
  return {};
}

} // namespace ag
