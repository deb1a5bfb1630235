#pragma once
/// mailer: sends the node's email (verification codes), one per node.
///
/// With `smtp_url` set it speaks SMTP through libcurl (STARTTLS when the
/// server offers it, or smtps://). Without, each mail is written to
/// `<data_dir>/outbox-mail/` (mode 0600) and to the node log, so a local
/// user can read the code. Detached: a slow server never blocks a scheduler
/// thread; mails go out one at a time, each bounded by a 20 s timeout.
#include <caf/actor_system.hpp>
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <string>

#include "actors/protocol/atoms.hpp"
#include "core/settings.hpp"

namespace ag {

using mailer_actor = caf::typed_actor<
  /// Sends (to, subject, body) as a plain-text mail; answers true once the
  /// SMTP server took it (or the file is written). UNAVAILABLE when the
  /// server refused or did not answer, or the file could not be written.
  caf::replies_to<mail_atom, std::string, std::string, std::string>::with<bool>>;

mailer_actor spawn_mailer(caf::actor_system& sys, const actor_settings& settings);

/// The RFC 5322 text of a plain-text mail (CRLF line ends).
std::string compose_mail(const std::string& from, const std::string& to, const std::string& subject,
                         const std::string& body, std::int64_t now_s);

} // namespace ag
