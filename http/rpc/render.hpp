#pragma once
/// actorgram's JSON for each service result (docs/api.md): one function per
/// result type, built on the object shapes of core/shapes.hpp.
#include <string>
#include <vector>

#include "actors/auth/auth_protocol.hpp"
#include "actors/files/dfs_protocol.hpp"
#include "actors/services/results.hpp"
#include "actors/user/user_protocol.hpp"

namespace ag::render {

std::string ok_true();
/// `true`: the result of a method that only does something.
std::string done(const bool& ok);
std::string sent(const sent_message& r);
std::string affected(const affected_messages& a);
std::string messages(const message_list& r);
std::string dialogs(const dialog_list& r);
std::string difference(const updates_difference& r);
std::string state(const updates_state& s);
std::string chat_change(const chat_changed& r);
std::string chat_start(const chat_started& r);
std::string chats(const std::vector<chat_view>& views);
std::string full(const full_chat& r);
std::string signed_in(const auth_result& r);
std::string bot(const bot_created& r); ///< {"token","user"}
/// messages.botCallbackAnswer: {"alert","message","url","cache_time"}
std::string callback(const callback_answer& a);
std::string bound(const bound_token& r);
std::string code(const code_sent& r);
std::string user(const user_info& u);
std::string user_array(const std::vector<user_info>& users);
std::string users(const std::vector<user_info>& users); ///< {"users":[...]}
std::string revoked(const std::uint32_t& n);
std::string authorizations(const authorization_list& r);
std::string resolved(const resolved_peer& r);
std::string statuses(const std::vector<user_status>& sts);
std::string parts(const uploaded_parts& u);
std::string chunk(const file_chunk& c);

} // namespace ag::render
