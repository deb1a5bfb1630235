#pragma once
/// actorgram's one vocabulary of messages: every type that crosses an actor
/// boundary, in one CAF type-ID block (registered at once by
/// `announce_types`), so that the same messages can cross nodes unchanged.
/// test/actors/protocol/serialization_test.cpp round-trips every type of the
/// block.
#include <caf/actor_system_config.hpp>
#include <caf/type_id.hpp>

#include "actors/auth/auth_protocol.hpp"
#include "actors/bots/bot_protocol.hpp"
#include "actors/cluster/handoff_actor.hpp"
#include "actors/cluster/membership_actor.hpp"
#include "actors/dialog/chat_actor.hpp"
#include "actors/dialog/dialog_protocol.hpp"
#include "actors/files/dfs_protocol.hpp"
#include "actors/files/file_server.hpp"
#include "actors/media/codec/photo.hpp"
#include "actors/media/media_pool.hpp"
#include "actors/media/media_protocol.hpp"
#include "actors/protocol/atoms.hpp"
#include "actors/user/user_actor.hpp"
#include "actors/user/user_protocol.hpp"
#include "core/model/model.hpp"

CAF_BEGIN_TYPE_ID_BLOCK(actorgram, caf::first_custom_type_id)

CAF_ADD_TYPE_ID(actorgram, (ag::peer))
CAF_ADD_TYPE_ID(actorgram, (ag::message))
CAF_ADD_TYPE_ID(actorgram, (std::vector<ag::message>) )
CAF_ADD_TYPE_ID(actorgram, (ag::user_info))
CAF_ADD_TYPE_ID(actorgram, (std::vector<ag::user_info>) )
CAF_ADD_TYPE_ID(actorgram, (ag::user_status))
CAF_ADD_TYPE_ID(actorgram, (std::vector<ag::user_status>) )
CAF_ADD_TYPE_ID(actorgram, (ag::dialog_state))
CAF_ADD_TYPE_ID(actorgram, (ag::update))
CAF_ADD_TYPE_ID(actorgram, (std::vector<ag::update>) )
CAF_ADD_TYPE_ID(actorgram, (ag::history_query))
CAF_ADD_TYPE_ID(actorgram, (ag::pending_delivery))
CAF_ADD_TYPE_ID(actorgram, (ag::outbox_write))
CAF_ADD_TYPE_ID(actorgram, (ag::outbox_result))
CAF_ADD_TYPE_ID(actorgram, (ag::inbox_write))
CAF_ADD_TYPE_ID(actorgram, (ag::session_push))
CAF_ADD_TYPE_ID(actorgram, (ag::history_request))
CAF_ADD_TYPE_ID(actorgram, (ag::dialogs_request))
CAF_ADD_TYPE_ID(actorgram, (ag::dialogs_result))
CAF_ADD_TYPE_ID(actorgram, (ag::difference_request))
CAF_ADD_TYPE_ID(actorgram, (ag::difference_result))
CAF_ADD_TYPE_ID(actorgram, (ag::status_broadcast))
CAF_ADD_TYPE_ID(actorgram, (ag::read_request))
CAF_ADD_TYPE_ID(actorgram, (ag::affected_messages))
CAF_ADD_TYPE_ID(actorgram, (ag::delete_result))
CAF_ADD_TYPE_ID(actorgram, (ag::edit_write))
CAF_ADD_TYPE_ID(actorgram, (ag::delete_write))
CAF_ADD_TYPE_ID(actorgram, (ag::pin_request))
CAF_ADD_TYPE_ID(actorgram, (ag::search_request))
CAF_ADD_TYPE_ID(actorgram, (ag::search_page))
CAF_ADD_TYPE_ID(actorgram, (ag::fetch_request))
CAF_ADD_TYPE_ID(actorgram, (ag::edit_request))
CAF_ADD_TYPE_ID(actorgram, (ag::delete_request))
CAF_ADD_TYPE_ID(actorgram, (ag::create_chat))
CAF_ADD_TYPE_ID(actorgram, (ag::chat_change))
CAF_ADD_TYPE_ID(actorgram, (ag::chat_view))
CAF_ADD_TYPE_ID(actorgram, (ag::chat_created))
CAF_ADD_TYPE_ID(actorgram, (ag::chat_info))
CAF_ADD_TYPE_ID(actorgram, (std::vector<ag::chat_view>) )
CAF_ADD_TYPE_ID(actorgram, (ag::read_notice))
CAF_ADD_TYPE_ID(actorgram, (ag::send_request))
CAF_ADD_TYPE_ID(actorgram, (ag::describe_media))
CAF_ADD_TYPE_ID(actorgram, (ag::message_media))
CAF_ADD_TYPE_ID(actorgram, (ag::redeliver))
CAF_ADD_TYPE_ID(actorgram, (ag::sign_up_request))
CAF_ADD_TYPE_ID(actorgram, (ag::sign_in_request))
CAF_ADD_TYPE_ID(actorgram, (ag::auth_result))
CAF_ADD_TYPE_ID(actorgram, (ag::token_owner))
CAF_ADD_TYPE_ID(actorgram, (ag::bot_create))
CAF_ADD_TYPE_ID(actorgram, (ag::bot_token_reset))
CAF_ADD_TYPE_ID(actorgram, (ag::bot_created))
CAF_ADD_TYPE_ID(actorgram, (ag::bot_log_request))
CAF_ADD_TYPE_ID(actorgram, (ag::bot_log_result))
CAF_ADD_TYPE_ID(actorgram, (ag::bot_poll))
CAF_ADD_TYPE_ID(actorgram, (ag::callback_ask))
CAF_ADD_TYPE_ID(actorgram, (ag::callback_answer))
CAF_ADD_TYPE_ID(actorgram, (ag::callback_reply))
CAF_ADD_TYPE_ID(actorgram, (ag::bot_batch))
CAF_ADD_TYPE_ID(actorgram, (ag::client_info))
CAF_ADD_TYPE_ID(actorgram, (ag::code_request))
CAF_ADD_TYPE_ID(actorgram, (ag::password_reset))
CAF_ADD_TYPE_ID(actorgram, (ag::profile_change))
CAF_ADD_TYPE_ID(actorgram, (ag::password_change))
CAF_ADD_TYPE_ID(actorgram, (ag::account_deletion))
CAF_ADD_TYPE_ID(actorgram, (ag::user_search))
CAF_ADD_TYPE_ID(actorgram, (ag::block_request))
CAF_ADD_TYPE_ID(actorgram, (ag::save_part))
CAF_ADD_TYPE_ID(actorgram, (ag::uploaded_parts))
CAF_ADD_TYPE_ID(actorgram, (ag::finish_upload))
CAF_ADD_TYPE_ID(actorgram, (ag::file_digest))
CAF_ADD_TYPE_ID(actorgram, (ag::stored_file))
CAF_ADD_TYPE_ID(actorgram, (ag::processed_photo))
CAF_ADD_TYPE_ID(actorgram, (std::vector<uint32_t>) )
CAF_ADD_TYPE_ID(actorgram, (ag::authorization))
CAF_ADD_TYPE_ID(actorgram, (std::vector<ag::authorization>) )
CAF_ADD_TYPE_ID(actorgram, (std::vector<uint64_t>) )
CAF_ADD_TYPE_ID(actorgram, (ag::user_actor))
CAF_ADD_TYPE_ID(actorgram, (ag::user_id))
CAF_ADD_TYPE_ID(actorgram, (std::vector<ag::user_id>) )
CAF_ADD_TYPE_ID(actorgram, (ag::chat_id))
CAF_ADD_TYPE_ID(actorgram, (ag::auth_session_id))
CAF_ADD_TYPE_ID(actorgram, (ag::upload_id))
CAF_ADD_TYPE_ID(actorgram, (ag::chat_actor))
CAF_ADD_TYPE_ID(actorgram, (ag::cluster::member))
CAF_ADD_TYPE_ID(actorgram, (std::vector<ag::cluster::member>) )
CAF_ADD_TYPE_ID(actorgram, (ag::cluster_view))
CAF_ADD_TYPE_ID(actorgram, (ag::member_status))
CAF_ADD_TYPE_ID(actorgram, (std::vector<ag::member_status>) )
CAF_ADD_TYPE_ID(actorgram, (ag::cluster_status))
CAF_ADD_TYPE_ID(actorgram, (ag::membership_actor))
CAF_ADD_TYPE_ID(actorgram, (ag::node_services))
CAF_ADD_TYPE_ID(actorgram, (ag::directory_actor))
CAF_ADD_TYPE_ID(actorgram, (ag::auth_actor))
CAF_ADD_TYPE_ID(actorgram, (ag::status_actor))
CAF_ADD_TYPE_ID(actorgram, (ag::dfs_actor))
CAF_ADD_TYPE_ID(actorgram, (ag::media_actor))
CAF_ADD_TYPE_ID(actorgram, (ag::file_server_actor))
CAF_ADD_TYPE_ID(actorgram, (ag::dialog_actor))
CAF_ADD_TYPE_ID(actorgram, (std::vector<ag::dialog_actor>) )
CAF_ADD_TYPE_ID(actorgram, (ag::cluster::shard_move))
CAF_ADD_TYPE_ID(actorgram, (std::vector<ag::cluster::shard_move>) )
CAF_ADD_TYPE_ID(actorgram, (ag::stored_record))
CAF_ADD_TYPE_ID(actorgram, (std::vector<ag::stored_record>) )
CAF_ADD_TYPE_ID(actorgram, (ag::handoff_report))
CAF_ADD_TYPE_ID(actorgram, (ag::handoff_actor))

CAF_END_TYPE_ID_BLOCK(actorgram)

namespace ag {

/// Registers every type of the block with an actor system config.
void announce_types(caf::actor_system_config& cfg);

} // namespace ag
