#include "http/rpc/methods.hpp"

#include <unordered_map>

#include "actors/services/account_service.hpp"
#include "actors/services/bots_service.hpp"
#include "actors/services/chats_service.hpp"
#include "actors/services/files_service.hpp"
#include "actors/services/messages_service.hpp"
#include "core/rules/media_rules.hpp"
#include "http/rpc/render.hpp"

namespace ag {

namespace {

namespace ms = messages_service;
namespace cs = chats_service;
namespace as = account_service;
namespace bs = bots_service;
namespace fs = files_service;

using u64 = std::uint64_t;
using i64 = std::int64_t;
using ids = std::vector<std::uint64_t>;
using box_ids = std::vector<box_id>;
using user_ids = std::vector<user_id>;

rpc_outcome rendered_ok(std::string json) {
  rpc_outcome o;
  o.ok = true;
  o.result = std::move(json);
  return o;
}

/// The identity a sign-in or a bound token establishes for the caller.
caller who_of(const auth_result& r) {
  return caller{user_id{r.user.id}, r.auth_session};
}
caller who_of(const bound_token& r) {
  return r.who;
}

template <class Result>
using renderer = std::string (*)(const Result&);

/// Answers a service's result rendered, or its failure.
template <class Result>
reply<Result> answer(rpc_done done, renderer<Result> render) {
  return [done = std::move(done), render](caf::expected<Result> r) {
    if (!r)
      return done(failure_outcome(r.error()));
    auto o = rendered_ok(render(*r));
    if constexpr (std::is_same_v<Result, auth_result> || std::is_same_v<Result, bound_token>)
      o.established = who_of(*r);
    done(std::move(o));
  };
}

/// Binds decoded arguments to a service and a renderer. A call runs once:
/// its arguments move into the service (a message's text is not copied).
template <class Args, class Result>
rpc_run serve(void (*service)(const call_env&, Args, reply<Result>), Args args,
              renderer<Result> render) {
  return [service, args = std::move(args), render](const call_env& env, rpc_done done) mutable {
    service(env, std::move(args), answer(std::move(done), render));
  };
}

/// A service without arguments.
template <class Result>
rpc_run serve(void (*service)(const call_env&, reply<Result>), renderer<Result> render) {
  return [service, render](const call_env& env, rpc_done done) {
    service(env, answer(std::move(done), render));
  };
}

/// A service taking a flag besides its argument (contacts.block/unblock).
template <class Arg, class Result>
rpc_run serve(void (*service)(const call_env&, Arg, bool, reply<Result>), Arg arg, bool flag,
              renderer<Result> render) {
  return [service, arg = std::move(arg), flag, render](const call_env& env, rpc_done done) mutable {
    service(env, std::move(arg), flag, answer(std::move(done), render));
  };
}

rpc_run failing(std::string description) {
  return [description = std::move(description)](const call_env&, rpc_done done) {
    rpc_outcome o;
    o.failure = rpc_failure{errc::input_request_invalid, description, 0};
    done(std::move(o));
  };
}

struct method {
  bool is_public = false;
  bool auth_attempt = false;
  rpc_run (*decode)(const rpc_params& p);
};

const std::unordered_map<std::string_view, method>& table() {
  static const std::unordered_map<std::string_view, method> t = {
    // -- messages.* and updates.*
    {"messages.sendMessage",
     {false, false,
      [](const rpc_params& p) {
        ms::send_args a{p.need<peer>("peer"), p.need<std::string>("message"),
                        p.get<u64>("random_id", 0), p.get<box_id>("reply_to", {})};
        a.entities = p.get<std::vector<message_entity>>("entities", {});
        return serve(ms::send_message, std::move(a), render::sent);
      }}},
    {"messages.sendMedia",
     {false, false,
      [](const rpc_params& p) {
        ms::send_media_args a;
        a.to = p.need<peer>("peer");
        a.media = p.need<std::string>("media");
        a.file_id = p.opt<upload_id>("file_id");
        a.file_total_parts = p.opt<u64>("file_total_parts");
        a.caption = p.get<std::string>("message", "");
        a.file_name = p.opt<std::string>("file_name");
        a.mime_type = p.opt<std::string>("mime_type");
        a.md5_checksum = p.opt<std::string>("md5_checksum");
        a.random_id = p.get<u64>("random_id", 0);
        a.reply_to = p.get<box_id>("reply_to", {});
        return serve(ms::send_media, std::move(a), render::sent);
      }}},
    {"messages.getHistory",
     {false, false,
      [](const rpc_params& p) {
        ms::history_args a{p.need<peer>("peer")};
        a.offset_id = p.get<u64>("offset_id", 0);
        a.add_offset = p.get<i64>("add_offset", 0);
        a.limit = p.get<i64>("limit", a.limit);
        a.max_id = p.get<u64>("max_id", 0);
        a.min_id = p.get<u64>("min_id", 0);
        return serve(ms::get_history, a, render::messages);
      }}},
    {"messages.getDialogs",
     {false, false,
      [](const rpc_params& p) {
        ms::dialogs_args a;
        a.offset_date = p.get<i64>("offset_date", 0);
        a.limit = p.get<i64>("limit", a.limit);
        return serve(ms::get_dialogs, a, render::dialogs);
      }}},
    {"messages.readHistory",
     {false, false,
      [](const rpc_params& p) {
        return serve(ms::read_history,
                     ms::read_args{p.need<peer>("peer"), p.get<box_id>("max_id", {})},
                     render::affected);
      }}},
    {"messages.getMessages",
     {false, false,
      [](const rpc_params& p) {
        return serve(ms::get_messages, p.need<box_ids>("ids"), render::messages);
      }}},
    {"messages.editMessage",
     {false, false,
      [](const rpc_params& p) {
        return serve(
          ms::edit_message,
          [&] {
            ms::edit_args a{p.need<peer>("peer"), p.need<box_id>("id"),
                            p.need<std::string>("message")};
            a.entities = p.get<std::vector<message_entity>>("entities", {});
            return a;
          }(),
          render::sent);
      }}},
    {"messages.deleteMessages",
     {false, false,
      [](const rpc_params& p) {
        return serve(ms::delete_messages,
                     ms::delete_args{p.need<box_ids>("ids"), p.get<bool>("revoke", false)},
                     render::affected);
      }}},
    {"messages.setTyping",
     {false, false,
      [](const rpc_params& p) {
        return serve(ms::set_typing,
                     ms::typing_args{p.need<peer>("peer"), p.get<std::string>("action", "typing")},
                     render::done);
      }}},
    {"messages.toggleDialogPin",
     {false, false,
      [](const rpc_params& p) {
        return serve(ms::toggle_dialog_pin,
                     ms::pin_args{p.need<peer>("peer"), p.get<bool>("pinned", true)},
                     render::affected);
      }}},
    {"messages.search",
     {false, false,
      [](const rpc_params& p) {
        ms::search_args a{p.need<std::string>("q")};
        a.to = p.opt<peer>("peer");
        a.offset_id = p.get<u64>("offset_id", 0);
        a.limit = p.get<i64>("limit", a.limit);
        return serve(ms::search, std::move(a), render::messages);
      }}},
    {"messages.forwardMessages",
     {false, false,
      [](const rpc_params& p) {
        ms::forward_args a{p.need<peer>("from_peer")};
        a.to = p.need<peer>("peer");
        a.ids = p.need<box_ids>("ids");
        a.random_ids = p.opt<ids>("random_ids");
        return serve(ms::forward_messages, std::move(a), render::messages);
      }}},
    {"updates.getState",
     {false, false,
      [](const rpc_params&) {
        return serve(ms::get_state, render::state);
      }}},
    {"updates.getDifference",
     {false, false,
      [](const rpc_params& p) {
        ms::difference_args a{p.need<u64>("pts")};
        a.limit = p.get<i64>("limit", a.limit);
        return serve(ms::get_difference, a, render::difference);
      }}},
    // -- chats
    {"messages.createChat",
     {false, false,
      [](const rpc_params& p) {
        return serve(cs::create_chat,
                     cs::create_args{p.need<std::string>("title"), p.opt<user_ids>("user_ids")},
                     render::chat_start);
      }}},
    {"messages.addChatUser",
     {false, false,
      [](const rpc_params& p) {
        return serve(cs::add_user,
                     cs::member_args{p.need<chat_id>("chat_id"), p.need<user_id>("user_id")},
                     render::chat_change);
      }}},
    {"messages.deleteChatUser",
     {false, false,
      [](const rpc_params& p) {
        return serve(cs::delete_user,
                     cs::member_args{p.need<chat_id>("chat_id"), p.need<user_id>("user_id")},
                     render::chat_change);
      }}},
    {"messages.editChatTitle",
     {false, false,
      [](const rpc_params& p) {
        return serve(cs::edit_title,
                     cs::title_args{p.need<chat_id>("chat_id"), p.need<std::string>("title")},
                     render::chat_change);
      }}},
    {"messages.editChatAdmin",
     {false, false,
      [](const rpc_params& p) {
        auto is_admin = p.need<bool>("is_admin");
        return serve(
          cs::edit_admin,
          cs::admin_args{p.need<chat_id>("chat_id"), p.need<user_id>("user_id"), is_admin},
          render::chat_change);
      }}},
    {"messages.getChats",
     {false, false,
      [](const rpc_params& p) {
        return serve(cs::get_chats, p.need<std::vector<chat_id>>("ids"), render::chats);
      }}},
    {"messages.getFullChat",
     {false, false,
      [](const rpc_params& p) {
        return serve(cs::get_full_chat, p.need<chat_id>("chat_id"), render::full);
      }}},
    // -- auth.*
    {"auth.signUp",
     {true, true,
      [](const rpc_params& p) {
        as::sign_up_args a{p.need<std::string>("username"), p.need<std::string>("password"),
                           p.need<std::string>("first_name")};
        a.last_name = p.get<std::string>("last_name", "");
        a.email = p.opt<std::string>("email");
        a.code = p.opt<std::string>("code");
        a.device = p.opt<std::string>("device");
        return serve(as::sign_up, std::move(a), render::signed_in);
      }}},
    {"auth.signIn",
     {true, true,
      [](const rpc_params& p) {
        as::sign_in_args a{p.need<std::string>("username"), p.need<std::string>("password")};
        a.device = p.opt<std::string>("device");
        return serve(as::sign_in, std::move(a), render::signed_in);
      }}},
    {"auth.sendCode",
     {true, true,
      [](const rpc_params& p) {
        return serve(
          as::send_code,
          as::send_code_args{p.need<std::string>("email"), p.get<std::string>("purpose", "signUp")},
          render::code);
      }}},
    {"auth.resetPassword",
     {true, true,
      [](const rpc_params& p) {
        as::reset_args a{p.need<std::string>("email"), p.need<std::string>("code"),
                         p.need<std::string>("new_password")};
        a.device = p.opt<std::string>("device");
        return serve(as::reset_password, std::move(a), render::signed_in);
      }}},
    {"auth.bindToken",
     {true, false,
      [](const rpc_params& p) {
        return serve(as::bind_token, p.need<std::string>("token"), render::bound);
      }}},
    {"auth.logOut",
     {false, false,
      [](const rpc_params&) {
        return serve(as::log_out, render::done);
      }}},
    // -- account.*, users.*, contacts.*
    {"account.updateProfile",
     {false, false,
      [](const rpc_params& p) {
        return serve(as::update_profile,
                     as::profile_args{p.opt<std::string>("first_name"),
                                      p.opt<std::string>("last_name"),
                                      p.opt<std::string>("username")},
                     render::user);
      }}},
    {"account.changePassword",
     {false, false,
      [](const rpc_params& p) {
        return serve(
          as::change_password,
          as::password_args{p.need<std::string>("password"), p.need<std::string>("new_password")},
          render::revoked);
      }}},
    {"account.getAuthorizations",
     {false, false,
      [](const rpc_params&) {
        return serve(as::get_authorizations, render::authorizations);
      }}},
    {"account.resetAuthorization",
     {false, false,
      [](const rpc_params& p) {
        return serve(as::reset_authorization, p.need<auth_session_id>("hash"), render::done);
      }}},
    {"account.deleteAccount",
     {false, false,
      [](const rpc_params& p) {
        return serve(as::delete_account, p.need<std::string>("password"), render::done);
      }}},
    {"account.updateStatus",
     {false, false,
      [](const rpc_params& p) {
        return serve(as::update_status, p.need<bool>("offline"), render::done);
      }}},
    {"users.getMe",
     {false, false,
      [](const rpc_params&) {
        return serve(as::get_me, render::user);
      }}},
    {"bots.createBot",
     {false, false,
      [](const rpc_params& p) {
        return serve(
          bs::create_bot,
          bs::create_args{p.need<std::string>("username"), p.need<std::string>("first_name")},
          render::bot);
      }}},
    {"bots.getBots",
     {false, false,
      [](const rpc_params&) {
        return serve(bs::get_bots, render::user_array);
      }}},
    {"bots.revokeToken",
     {false, false,
      [](const rpc_params& p) {
        return serve(bs::revoke_token, p.need<user_id>("bot_id"), render::bot);
      }}},
    {"messages.getBotCallbackAnswer",
     {false, false,
      [](const rpc_params& p) {
        return serve(bs::get_bot_callback_answer,
                     bs::callback_args{p.need<peer>("peer"), p.need<box_id>("msg_id"),
                                       p.need<std::string>("data")},
                     render::callback);
      }}},
    {"users.getUsers",
     {false, false,
      [](const rpc_params& p) {
        return serve(as::get_users, p.need<user_ids>("ids"), render::user_array);
      }}},
    {"users.getStatuses",
     {false, false,
      [](const rpc_params& p) {
        return serve(as::get_statuses, p.need<user_ids>("ids"), render::statuses);
      }}},
    {"contacts.resolveUsername",
     {false, false,
      [](const rpc_params& p) {
        return serve(as::resolve_username, p.need<std::string>("username"), render::resolved);
      }}},
    {"contacts.search",
     {false, false,
      [](const rpc_params& p) {
        as::search_args a{p.need<std::string>("q")};
        a.limit = p.get<i64>("limit", a.limit);
        return serve(as::search_users, std::move(a), render::users);
      }}},
    {"contacts.block",
     {false, false,
      [](const rpc_params& p) {
        return serve(as::set_blocked, p.need<user_id>("id"), true, render::done);
      }}},
    {"contacts.unblock",
     {false, false,
      [](const rpc_params& p) {
        return serve(as::set_blocked, p.need<user_id>("id"), false, render::done);
      }}},
    {"contacts.getBlocked",
     {false, false,
      [](const rpc_params&) {
        return serve(as::get_blocked, render::users);
      }}},
    // -- upload.*
    {"upload.saveFilePart",
     {false, false,
      [](const rpc_params& p) {
        fs::part_args a{p.need<upload_id>("file_id"), p.need<u64>("file_part")};
        a.bytes = p.need<base64_bytes>("bytes").bytes;
        a.file_total_parts = p.get<u64>("file_total_parts", 0);
        return serve(fs::save_part, std::move(a), render::done);
      }}},
    {"upload.getUploadedParts",
     {false, false,
      [](const rpc_params& p) {
        return serve(fs::get_uploaded_parts, p.need<upload_id>("file_id"), render::parts);
      }}},
    {"upload.getFile",
     {false, false,
      [](const rpc_params& p) {
        fs::chunk_args a{p.need<file_id>("location")};
        a.offset = p.get<u64>("offset", 0);
        a.limit = p.get<i64>("limit", a.limit);
        return serve(fs::get_file, a, render::chunk);
      }}},
  };
  return t;
}

} // namespace

rpc_request bind_method(std::string_view name, const rpc_params& params) {
  rpc_request req;
  req.method = std::string{name};
  auto m = table().find(name);
  if (m == table().end())
    return req;
  req.is_public = m->second.is_public;
  req.auth_attempt = m->second.auth_attempt;
  try {
    req.run = m->second.decode(params);
  } catch (const param_error& e) {
    req.run = failing(e.what);
  }
  return req;
}

rpc_request bind_save_part(std::uint64_t file_id, std::uint64_t part, std::uint64_t total_parts,
                           std::string bytes) {
  rpc_request req;
  req.method = "upload.saveFilePart";
  req.run =
    serve(fs::save_part, fs::part_args{upload_id{file_id}, part, total_parts, std::move(bytes)},
          render::done);
  return req;
}

std::vector<std::string_view> method_names() {
  std::vector<std::string_view> names;
  for (auto& [name, _] : table())
    names.push_back(name);
  return names;
}

} // namespace ag
