#pragma once
/// Internal to the API (api*.cpp): the shape of a method and the helpers the
/// methods share.
#include <functional>
#include <optional>
#include <set>

#include "actors/dialog/dialog_protocol.hpp"
#include "actors/protocol/type_ids.hpp"
#include "actors/services/api.hpp"
#include "actors/user/user_protocol.hpp"
#include "core/codec/json_writer.hpp"

namespace ag::api_detail {

using self_ptr = caf::event_based_actor*;

/// One method of docs/api.md.
using method_fn = void (*)(self_ptr self, const node_context_ptr& ctx, const caller& who,
                           rpc_params& p, const caf::actor& origin, rpc_done done,
                           call_cache* cache);

#define AG_API_METHOD(name)                                                                        \
  void name([[maybe_unused]] self_ptr self, [[maybe_unused]] const node_context_ptr& ctx,          \
            [[maybe_unused]] const caller& who, [[maybe_unused]] rpc_params& p,                    \
            [[maybe_unused]] const caf::actor& origin, rpc_done done,                              \
            [[maybe_unused]] call_cache* cache)

rpc_outcome ok(std::string json);
rpc_outcome fail(errc code, std::string description);
rpc_outcome missing(std::string_view param);
/// A request's error handler that answers the call with the failure.
std::function<void(caf::error&)> failed(rpc_done done);
/// A failure for an errc with its usual description.
rpc_outcome refuse(errc code);

/// The users and chats a result names.
struct refs {
  std::set<std::uint64_t> users;
  std::set<std::uint64_t> chats;
};

/// Renders `{<body>, "chats":[...], "users":[...]}` after loading the chats
/// (as `viewer` may see them) and users named.
void with_refs(self_ptr self, const node_context_ptr& ctx, std::uint64_t viewer, refs r,
               std::function<void(json_writer&)> body, rpc_done done);
/// Adds the users and chats a message names.
void collect(refs& r, const message& m);
/// Runs `then` with the views `viewer` has of `chats` (strangers' omitted).
void with_chat_views(self_ptr self, const node_context_ptr& ctx, std::uint64_t viewer,
                     std::vector<std::uint64_t> chats,
                     std::function<void(std::vector<chat_view>)> then, rpc_done done);
void write_chat_view(json_writer& w, const chat_view& v);
void write_messages(json_writer& w, std::string_view key, const std::vector<message>& msgs);
std::string render_affected(const affected_messages& a);
/// `{"message":..., "pts":N, "pts_count":1}`
std::string render_sent(const outbox_result& r);

/// Resolves the caller's user actor, then runs `then` with it.
void with_own_actor(self_ptr self, const node_context_ptr& ctx, call_cache* cache,
                    std::uint64_t uid, std::function<void(caf::actor)> then, rpc_done done);

/// Sends `req` to the caller's user actor; `on_result` gets its answer,
/// failures go to `done`.
template <class Request, class OnResult>
void ask_own_actor(self_ptr self, const node_context_ptr& ctx, call_cache* cache, std::uint64_t uid,
                   Request req, OnResult on_result, rpc_done done) {
  with_own_actor(
    self, ctx, cache, uid,
    [=](caf::actor me) {
      self->request(me, ctx->settings.call_timeout, req).then(on_result, [=](caf::error& err) {
        done(failure_outcome(err));
      });
    },
    done);
}

/// Checks that `p` names an existing user (chats are checked by their
/// actor, which answers CHAT_ID_INVALID to non-members). `writing`: also
/// refuses a deleted account (INPUT_USER_DEACTIVATED); reads still work.
void check_peer(self_ptr self, const node_context_ptr& ctx, call_cache* cache, const peer& p,
                std::function<void()> then, rpc_done done, bool writing = true);

/// Checks that every id names an existing user.
void check_users(self_ptr self, const node_context_ptr& ctx, std::vector<std::uint64_t> ids,
                 std::function<void()> then, rpc_done done);

std::optional<rpc_outcome> check_ids(const rpc_params& p);

/// Runs `then` with the actor ordering the dialog of `who` with `to`: a
/// dialog shard for private dialogs, the chat's actor for chats.
void with_dialog(self_ptr self, const node_context_ptr& ctx, std::uint64_t who, const peer& to,
                 std::function<void(caf::actor)> then, rpc_done done);

/// How long a gateway waits for a dialog: sessions watch their own deadlines.
caf::duration dialog_timeout(const node_context_ptr& ctx, call_cache* cache);

// -- methods (api_messages.cpp, api_chats.cpp) ---------------------------------
AG_API_METHOD(send_message);
AG_API_METHOD(send_media);
AG_API_METHOD(get_history);
AG_API_METHOD(get_dialogs);
AG_API_METHOD(get_difference);
AG_API_METHOD(get_state);
AG_API_METHOD(read_history);
AG_API_METHOD(get_messages);
AG_API_METHOD(edit_message);
AG_API_METHOD(delete_messages);
AG_API_METHOD(set_typing);
AG_API_METHOD(toggle_dialog_pin);
AG_API_METHOD(search);
AG_API_METHOD(forward_messages);
AG_API_METHOD(create_chat_method);
AG_API_METHOD(add_chat_user);
AG_API_METHOD(delete_chat_user);
AG_API_METHOD(edit_chat_title);
AG_API_METHOD(edit_chat_admin);
AG_API_METHOD(get_chats);
AG_API_METHOD(get_full_chat);
// api_account.cpp
AG_API_METHOD(sign_up);
AG_API_METHOD(sign_in);
AG_API_METHOD(send_code);
AG_API_METHOD(reset_password);
AG_API_METHOD(update_profile);
AG_API_METHOD(change_password);
AG_API_METHOD(get_authorizations);
AG_API_METHOD(reset_authorization);
AG_API_METHOD(delete_account);
AG_API_METHOD(search_contacts);
AG_API_METHOD(block_contact);
AG_API_METHOD(unblock_contact);
AG_API_METHOD(get_blocked);
// api_files.cpp
AG_API_METHOD(save_file_part);
AG_API_METHOD(get_uploaded_parts);
AG_API_METHOD(get_file);

} // namespace ag::api_detail
