#include "actors/services/bot_api_service.hpp"

#include <algorithm>
#include <limits>

#include "actors/protocol/type_ids.hpp"
#include "actors/services/account_service.hpp"
#include "actors/services/detail/lookups.hpp"
#include "actors/services/refs.hpp"
#include "core/rules/bot_updates.hpp"

namespace ag::bot_api_service {

void get_updates(const call_env& env, updates_args a, reply<update_list> done) {
  bot_poll p;
  p.bot = env.who.user;
  p.offset = a.offset;
  p.limit = static_cast<std::int32_t>(std::clamp<std::int64_t>(a.limit, 1, bot_updates::max_limit));
  p.timeout_s =
    static_cast<std::int32_t>(std::clamp<std::int64_t>(a.timeout, 0, bot_updates::max_timeout_s));
  auto wait = std::chrono::seconds(p.timeout_s) + env.ctx->settings.actors.call_timeout() * 2;
  auto ctx = env.ctx;
  auto self = env.self;
  self->request(ctx->bots, wait, p)
    .then(
      [=](bot_batch& b) {
        ref_ids ids;
        for (auto& u : b.updates) {
          ids.add(u.msg);
          if (u.kind == update_kind::callback_query)
            ids.users.insert(u.user_id);
        }
        auto updates = std::make_shared<std::vector<update>>(std::move(b.updates));
        load_refs(env, ids, [=](caf::expected<named_refs> refs) {
          if (!refs)
            return done(refs.error());
          done(update_list{std::move(*updates), std::move(*refs)});
        });
      },
      [=](caf::error& err) { done(std::move(err)); });
}

void drop_pending(const call_env& env, reply<bool> done) {
  bot_log_request r;
  r.confirm = std::numeric_limits<std::uint64_t>::max();
  r.limit = 1;
  r.after = std::numeric_limits<std::uint64_t>::max(); // nothing to read
  services_detail::ask_own_actor(
    env, r, [=](const bot_log_result&) { done(true); }, services_detail::failure_to(done));
}

void send_message(const call_env& env, messages_service::send_args a, reply<sent_with_refs> done) {
  a.existing_dialog_only = true;
  messages_service::send_message(env, std::move(a), [=](caf::expected<sent_message> sent) {
    if (!sent)
      return done(sent.error());
    with_refs(env, std::move(sent->msg), done);
  });
}

void with_refs(const call_env& env, message m, reply<sent_with_refs> done) {
  ref_ids ids;
  ids.add(m);
  load_refs(env, ids, [=](caf::expected<named_refs> refs) {
    if (!refs)
      return done(refs.error());
    done(sent_with_refs{m, std::move(*refs)});
  });
}

void resolve_chat(const call_env& env, std::string username, reply<peer> done) {
  account_service::resolve_username(env, std::move(username), [=](caf::expected<resolved_peer> r) {
    if (!r)
      return done(r.error());
    done(r->to);
  });
}

} // namespace ag::bot_api_service
