#pragma once
/// Socket addresses as the HTTP server reports and counts them.
#include <string>
#include <sys/socket.h>

namespace ag {

/// The numeric IP ("127.0.0.1", "::1") and port of an IPv4 or IPv6 address;
/// empty and 0 for any other family.
void ip_and_port(const sockaddr_storage& addr, std::string& ip, int& port);

/// The address's IP as raw bytes (4 or 16), the key of per-address counts:
/// shorter than its text, and one client is one key whatever its port.
std::string ip_key(const sockaddr_storage& addr);

} // namespace ag
