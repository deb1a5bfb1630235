#include "actors/auth/mailer.hpp"

#include <atomic>
#include <caf/typed_event_based_actor.hpp>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <curl/curl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sys/stat.h>

#include "actors/protocol/atoms.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/error.hpp"

namespace ag {

namespace {

struct upload {
  const std::string& data;
  std::size_t pos = 0;
};

std::size_t read_chunk(char* buf, std::size_t size, std::size_t n, void* p) {
  auto* u = static_cast<upload*>(p);
  auto len = std::min(size * n, u->data.size() - u->pos);
  std::memcpy(buf, u->data.data() + u->pos, len);
  u->pos += len;
  return len;
}

caf::error send_smtp(const actor_settings& s, const std::string& to, const std::string& text) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  CURL* c = curl_easy_init();
  if (c == nullptr)
    return make_error(errc::unavailable, "could not send the email");
  upload u{text};
  auto from = "<" + s.mail.from + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + to + ">").c_str());
  curl_easy_setopt(c, CURLOPT_URL, s.mail.smtp_url.c_str());
  if (!s.mail.smtp_user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, s.mail.smtp_user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, s.mail.smtp_password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_chunk);
  curl_easy_setopt(c, CURLOPT_READDATA, &u);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
  auto rc = curl_easy_perform(c);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(c);
  if (rc != CURLE_OK) {
    // The URL and reason only: never the credentials.
    std::cerr << "actorgram: mail to " << to << " failed: " << curl_easy_strerror(rc) << "\n";
    return make_error(errc::unavailable, "could not send the email; try again later");
  }
  return {};
}

caf::error write_file(const actor_settings& s, const std::string& to, const std::string& subject,
                      const std::string& body, const std::string& text) {
  static std::atomic<std::uint64_t> seq{0};
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::path{s.node.data_dir} / "outbox-mail";
  fs::create_directories(dir, ec);
  ::chmod(dir.c_str(), 0700);
  auto name = std::to_string(std::time(nullptr)) + "-" + std::to_string(seq++) + ".eml";
  auto path = dir / name;
  auto old = ::umask(077);
  std::ofstream out{path, std::ios::binary};
  out << text;
  out.close();
  ::umask(old);
  if (!out)
    return make_error(errc::unavailable, "could not write the email");
  // No SMTP server: the log is a delivery channel for the local operator.
  std::cerr << "actorgram: mail to " << to << " (no SMTP configured, see " << path.string()
            << "): " << subject << ": " << body << std::endl;
  return {};
}

} // namespace

std::string compose_mail(const std::string& from, const std::string& to, const std::string& subject,
                         const std::string& body, std::int64_t now_s) {
  char date[64];
  std::time_t t = static_cast<std::time_t>(now_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
  std::string text;
  text += "Date: " + std::string{date} + "\r\n";
  text += "From: " + from + "\r\n";
  text += "To: " + to + "\r\n";
  text += "Subject: " + subject + "\r\n";
  text += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";
  for (char c : body) {
    if (c == '\n')
      text += "\r\n";
    else
      text.push_back(c);
  }
  text += "\r\n";
  return text;
}

mailer_actor spawn_mailer(caf::actor_system& sys, const actor_settings& settings) {
  return sys.spawn<caf::detached>([settings]() -> mailer_actor::behavior_type {
    return {
      [=](mail_atom, const std::string& to, const std::string& subject,
          const std::string& body) -> caf::result<bool> {
        auto text = compose_mail(settings.mail.from, to, subject, body, std::time(nullptr));
        auto err = settings.mail.smtp_url.empty() ? write_file(settings, to, subject, body, text)
                                                  : send_smtp(settings, to, text);
        if (err)
          return err;
        return true;
      },
    };
  });
}

} // namespace ag
