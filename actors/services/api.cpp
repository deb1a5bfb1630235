#include "actors/services/api.hpp"

#include <set>
#include <unordered_map>

#include "actors/protocol/type_ids.hpp"
#include "actors/services/detail/api_detail.hpp"
#include "core/shapes.hpp"

namespace ag {

using namespace api_detail;

namespace {

const std::unordered_map<std::string_view, method_fn>& methods() {
  static const std::unordered_map<std::string_view, method_fn> table = {
    {"messages.sendMessage", send_message},
    {"messages.sendMedia", send_media},
    {"messages.getHistory", get_history},
    {"messages.getDialogs", get_dialogs},
    {"messages.readHistory", read_history},
    {"messages.getMessages", get_messages},
    {"messages.editMessage", edit_message},
    {"messages.deleteMessages", delete_messages},
    {"messages.setTyping", set_typing},
    {"messages.toggleDialogPin", toggle_dialog_pin},
    {"messages.search", search},
    {"messages.forwardMessages", forward_messages},
    {"messages.createChat", create_chat_method},
    {"messages.addChatUser", add_chat_user},
    {"messages.deleteChatUser", delete_chat_user},
    {"messages.editChatTitle", edit_chat_title},
    {"messages.editChatAdmin", edit_chat_admin},
    {"messages.getChats", get_chats},
    {"messages.getFullChat", get_full_chat},
    {"updates.getState", get_state},
    {"updates.getDifference", get_difference},
    {"auth.signUp", sign_up},
    {"auth.signIn", sign_in},
    {"auth.sendCode", send_code},
    {"auth.resetPassword", reset_password},
    {"account.updateProfile", update_profile},
    {"account.changePassword", change_password},
    {"account.getAuthorizations", get_authorizations},
    {"account.resetAuthorization", reset_authorization},
    {"account.deleteAccount", delete_account},
    {"contacts.search", search_contacts},
    {"contacts.block", block_contact},
    {"contacts.unblock", unblock_contact},
    {"contacts.getBlocked", get_blocked},
    {"upload.saveFilePart", save_file_part},
    {"upload.getFile", get_file},
    {"upload.getUploadedParts", get_uploaded_parts},
  };
  return table;
}

} // namespace

rpc_outcome failure_outcome(const caf::error& err) {
  rpc_outcome o;
  o.failure = to_failure(err);
  return o;
}

bool is_known_method(std::string_view method) {
  static const std::set<std::string_view> others = {
    "auth.logOut",      "auth.bindToken",           "users.getMe",
    "users.getUsers",   "contacts.resolveUsername", "account.updateStatus",
    "users.getStatuses"};
  return methods().count(method) > 0 || others.count(method) > 0;
}

bool is_public_method(std::string_view method) {
  return is_auth_attempt(method) || method == "auth.bindToken";
}

bool is_auth_attempt(std::string_view method) {
  return method == "auth.signUp" || method == "auth.signIn" || method == "auth.sendCode"
         || method == "auth.resetPassword";
}

void execute(caf::event_based_actor* self, const node_context_ptr& ctx, const caller& who,
             rpc_request req, const caf::actor& origin, rpc_done done, call_cache* cache) {
  ctx->stats.rpc_calls.fetch_add(1, std::memory_order_relaxed);
  auto& m = req.method;
  auto& p = req.params;
  auto on_error = [done](caf::error& err) {
    done(failure_outcome(err));
  };
  if (!is_known_method(m))
    return done(fail(errc::method_invalid, "unknown method: " + m.substr(0, 64)));
  if (!who.authenticated() && !is_public_method(m))
    return done(fail(errc::auth_key_unregistered, "sign in first"));
  p.client_address = req.client;
  p.client_agent = req.agent;
  if (m == "auth.bindToken") {
    if (!p.token)
      return done(missing("token"));
    self->request(ctx->auth, ctx->settings.call_timeout, check_atom_v, *p.token, req.client, origin)
      .then(
        [=](const token_owner& owner) {
          self
            ->request(ctx->auth, ctx->settings.call_timeout, users_atom_v,
                      std::vector<std::uint64_t>{owner.user})
            .then(
              [=](const std::vector<user_info>& users) {
                if (users.empty())
                  return done(fail(errc::auth_key_unregistered, "the account is gone"));
                json_writer w;
                w.begin_object().key("user");
                write_user(w, users.front());
                w.end_object();
                auto o = ok(w.take());
                o.established = caller{owner.user, owner.auth_session};
                done(std::move(o));
              },
              on_error);
        },
        on_error);
    return;
  }
  if (auto f = methods().find(m); f != methods().end())
    return f->second(self, ctx, who, p, origin, std::move(done), cache);
  if (m == "auth.logOut") {
    self->request(ctx->auth, ctx->settings.call_timeout, revoke_atom_v, who.auth_session)
      .then([=](bool) { done(ok("true")); }, on_error);
  } else if (m == "users.getMe" || m == "users.getUsers") {
    std::vector<std::uint64_t> ids{who.user};
    if (m == "users.getUsers") {
      if (auto bad = check_ids(p))
        return done(std::move(*bad));
      ids = *p.ids;
    }
    bool single = m == "users.getMe";
    self->request(ctx->auth, ctx->settings.call_timeout, users_atom_v, ids)
      .then(
        [=](const std::vector<user_info>& users) {
          json_writer w;
          if (single) {
            if (users.empty())
              return done(fail(errc::auth_key_unregistered, "the account is gone"));
            write_user(w, users.front());
          } else {
            w.begin_array();
            for (auto& u : users)
              write_user(w, u);
            w.end_array();
          }
          done(ok(w.take()));
        },
        on_error);
  } else if (m == "contacts.resolveUsername") {
    if (!p.username)
      return done(missing("username"));
    self->request(ctx->auth, ctx->settings.call_timeout, resolve_atom_v, *p.username)
      .then(
        [=](const user_info& u) {
          json_writer w;
          w.begin_object().key("peer");
          write_peer(w, peer{peer_type::user, u.id});
          w.key("users").begin_array();
          write_user(w, u);
          w.end_array().end_object();
          done(ok(w.take()));
        },
        on_error);
  } else if (m == "account.updateStatus") {
    if (!p.offline)
      return done(missing("offline"));
    auto key = origin ? origin.id() : who.auth_session;
    if (*p.offline)
      self->send(ctx->status, offline_atom_v, who.user, key);
    else
      self->send(ctx->status, online_atom_v, who.user, key);
    done(ok("true"));
  } else if (m == "users.getStatuses") {
    if (auto bad = check_ids(p))
      return done(std::move(*bad));
    self->request(ctx->status, ctx->settings.call_timeout, statuses_atom_v, *p.ids)
      .then(
        [=](const std::vector<user_status>& sts) {
          json_writer w;
          w.begin_array();
          for (auto& s : sts) {
            w.begin_object().field("user_id", s.user).key("status");
            write_status(w, s);
            w.end_object();
          }
          w.end_array();
          done(ok(w.take()));
        },
        on_error);
  } else {
    done(fail(errc::method_invalid, "unknown method: " + m.substr(0, 64)));
  }
}

void execute_with_token(caf::event_based_actor* self, const node_context_ptr& ctx,
                        std::string token, rpc_request req, rpc_done done) {
  if (is_public_method(req.method) && req.method != "auth.bindToken")
    return execute(self, ctx, caller{}, std::move(req), caf::actor{}, std::move(done));
  if (token.empty()) {
    if (req.method == "auth.bindToken")
      return execute(self, ctx, caller{}, std::move(req), caf::actor{}, std::move(done));
    return done(fail(errc::auth_key_unregistered, "missing bearer token"));
  }
  auto client = req.client;
  self->request(ctx->auth, ctx->settings.call_timeout, check_atom_v, token, client, caf::actor{})
    .then(
      [=](const token_owner& owner) mutable {
        execute(self, ctx, caller{owner.user, owner.auth_session}, std::move(req), caf::actor{},
                done);
      },
      [=](caf::error& err) { done(failure_outcome(err)); });
}

} // namespace ag
