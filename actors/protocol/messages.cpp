#include "actors/protocol/messages.hpp"

namespace ag {

void announce_types(caf::actor_system_config& cfg) {
  cfg.add_message_type<peer>("ag::peer");
  cfg.add_message_type<message>("ag::message");
  cfg.add_message_type<std::vector<message>>("std::vector<ag::message>");
  cfg.add_message_type<user_info>("ag::user_info");
  cfg.add_message_type<std::vector<user_info>>("std::vector<ag::user_info>");
  cfg.add_message_type<user_status>("ag::user_status");
  cfg.add_message_type<std::vector<user_status>>("std::vector<ag::user_status>");
  cfg.add_message_type<dialog_state>("ag::dialog_state");
  cfg.add_message_type<update>("ag::update");
  cfg.add_message_type<std::vector<update>>("std::vector<ag::update>");
  cfg.add_message_type<history_query>("ag::history_query");
  cfg.add_message_type<pending_delivery>("ag::pending_delivery");
  cfg.add_message_type<outbox_write>("ag::outbox_write");
  cfg.add_message_type<outbox_result>("ag::outbox_result");
  cfg.add_message_type<inbox_write>("ag::inbox_write");
  cfg.add_message_type<session_push>("ag::session_push");
  cfg.add_message_type<history_request>("ag::history_request");
  cfg.add_message_type<dialogs_request>("ag::dialogs_request");
  cfg.add_message_type<dialogs_result>("ag::dialogs_result");
  cfg.add_message_type<difference_request>("ag::difference_request");
  cfg.add_message_type<difference_result>("ag::difference_result");
  cfg.add_message_type<status_broadcast>("ag::status_broadcast");
  cfg.add_message_type<read_request>("ag::read_request");
  cfg.add_message_type<affected_messages>("ag::affected_messages");
  cfg.add_message_type<delete_result>("ag::delete_result");
  cfg.add_message_type<edit_write>("ag::edit_write");
  cfg.add_message_type<delete_write>("ag::delete_write");
  cfg.add_message_type<pin_request>("ag::pin_request");
  cfg.add_message_type<search_request>("ag::search_request");
  cfg.add_message_type<search_page>("ag::search_page");
  cfg.add_message_type<fetch_request>("ag::fetch_request");
  cfg.add_message_type<edit_request>("ag::edit_request");
  cfg.add_message_type<delete_request>("ag::delete_request");
  cfg.add_message_type<create_chat>("ag::create_chat");
  cfg.add_message_type<chat_change>("ag::chat_change");
  cfg.add_message_type<chat_view>("ag::chat_view");
  cfg.add_message_type<chat_created>("ag::chat_created");
  cfg.add_message_type<chat_info>("ag::chat_info");
  cfg.add_message_type<std::vector<chat_view>>("std::vector<ag::chat_view>");
  cfg.add_message_type<read_notice>("ag::read_notice");
  cfg.add_message_type<send_request>("ag::send_request");
  cfg.add_message_type<describe_media>("ag::describe_media");
  cfg.add_message_type<message_media>("ag::message_media");
  cfg.add_message_type<redeliver>("ag::redeliver");
  cfg.add_message_type<sign_up_request>("ag::sign_up_request");
  cfg.add_message_type<sign_in_request>("ag::sign_in_request");
  cfg.add_message_type<auth_result>("ag::auth_result");
  cfg.add_message_type<token_owner>("ag::token_owner");
  cfg.add_message_type<client_info>("ag::client_info");
  cfg.add_message_type<code_request>("ag::code_request");
  cfg.add_message_type<password_reset>("ag::password_reset");
  cfg.add_message_type<profile_change>("ag::profile_change");
  cfg.add_message_type<password_change>("ag::password_change");
  cfg.add_message_type<account_deletion>("ag::account_deletion");
  cfg.add_message_type<user_search>("ag::user_search");
  cfg.add_message_type<block_request>("ag::block_request");
  cfg.add_message_type<save_part>("ag::save_part");
  cfg.add_message_type<uploaded_parts>("ag::uploaded_parts");
  cfg.add_message_type<finish_upload>("ag::finish_upload");
  cfg.add_message_type<file_digest>("ag::file_digest");
  cfg.add_message_type<stored_file>("ag::stored_file");
  cfg.add_message_type<processed_photo>("ag::processed_photo");
  cfg.add_message_type<std::vector<std::uint32_t>>("std::vector<uint32_t>");
  cfg.add_message_type<authorization>("ag::authorization");
  cfg.add_message_type<std::vector<authorization>>("std::vector<ag::authorization>");
  cfg.add_message_type<std::vector<std::uint64_t>>("std::vector<uint64_t>");
}

} // namespace ag
