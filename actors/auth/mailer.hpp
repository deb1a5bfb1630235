#pragma once
/// mailer: sends the node's email (verification codes), one per node.
///
///   (mail_atom, string to, string subject, string body) -> bool
///       UNAVAILABLE when the SMTP server refused or did not answer
///
/// With `smtp_url` set it speaks SMTP through libcurl (STARTTLS when the
/// server offers it, or smtps://). Without, each mail is written to
/// `<data_dir>/outbox-mail/` (mode 0600) and to the node log, so a local
/// user can read the code. Detached: a slow server never blocks a scheduler
/// thread; mails go out one at a time, each bounded by a 20 s timeout.
#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "actors/node/node_context.hpp"

namespace ag {

caf::actor spawn_mailer(caf::actor_system& sys, const actor_settings& settings);

/// The RFC 5322 text of a plain-text mail (CRLF line ends).
std::string compose_mail(const std::string& from, const std::string& to, const std::string& subject,
                         const std::string& body, std::int64_t now_s);

} // namespace ag
