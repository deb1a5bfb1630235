// Every message type that crosses an actor boundary survives CAF's binary
// serializer, alone and inside a caf::message (as it would cross nodes).
#include <doctest/doctest.h>

#include <caf/all.hpp>
#include <set>
#include <string>
#include <utility>

#include "actors/auth/auth_protocol.hpp"
#include "actors/dialog/dialog_protocol.hpp"
#include "actors/files/dfs_protocol.hpp"
#include "actors/protocol/type_ids.hpp"
#include "actors/user/user_protocol.hpp"
#include "test/actors/actor_fixture.hpp"

using namespace ag;

namespace {

message sample_message() {
  message m;
  m.id = 17;
  m.dialog_message_id = 0x0123456789abcdefull;
  m.owner = 5;
  m.to = peer{peer_type::chat, 99};
  m.from_id = 6;
  m.out = true;
  m.date = 1800000000;
  m.text = "héllo\0world";
  m.reply_to = 3;
  m.reply_to_dmid = 77;
  m.edit_date = 1800000001;
  m.random_id = 0xffffffffffffffffull;
  return m;
}

template <class T>
std::vector<char> bytes_of(caf::actor_system& sys, T& x) {
  std::vector<char> buf;
  caf::binary_serializer sink{sys, buf};
  auto err = sink(x);
  REQUIRE(!err);
  return buf;
}

/// The type IDs round_trip has seen: the test ends by checking that every
/// type of the block was among them.
std::set<caf::type_id_t>& covered() {
  static std::set<caf::type_id_t> ids;
  return ids;
}

template <class T>
void round_trip(caf::actor_system& sys, T x) {
  covered().insert(caf::type_id<T>::value);
  auto buf = bytes_of(sys, x);
  CHECK(!buf.empty());
  T y{};
  caf::binary_deserializer source{sys, buf};
  REQUIRE(!source(y));
  CHECK(bytes_of(sys, y) == buf);
  // Inside a message, typed by the announced names.
  auto msg = caf::make_message(x);
  auto mbuf = bytes_of(sys, msg);
  caf::message back;
  caf::binary_deserializer msource{sys, mbuf};
  REQUIRE(!msource(back));
  REQUIRE(back.match_elements<T>());
  auto z = back.get_as<T>(0);
  CHECK(bytes_of(sys, z) == buf);
}

template <caf::type_id_t... Is>
std::vector<std::string> names_of(std::integer_sequence<caf::type_id_t, Is...>) {
  return {caf::type_name_by_id<caf::id_block::actorgram::begin + Is>::value...};
}

} // namespace

TEST_CASE("every cross-actor message type round-trips through CAF's serializer") {
  caf::actor_system_config cfg;
  caf::actor_system sys{ag::test::test_config(cfg)};
  auto m = sample_message();
  m.action = message_action{action_kind::chat_add_user, {4, 5}, "title"};
  m.fwd_from_id = 77;
  m.fwd_date = 1700000000;
  update u;
  u.kind = update_kind::chat_participants;
  u.pts = 12;
  u.pts_count = 1;
  u.msg = m;
  u.status = user_status{6, true, 1800000090, 1799999999};
  u.to = peer{peer_type::chat, 9};
  u.max_id = 33;
  u.still_unread = 2;
  u.ids = {4, 5};
  u.user_id = 3;
  u.action = "typing";
  u.expires = 1800000006;
  u.members = {chat_member{3, chat_role::creator, 3, 1700000000}};
  u.version = 4;
  u.pinned = true;
  u.data = "vote:yes";
  u.date = 1800000007;
  history_query q{peer{peer_type::user, 8}, 100, -5, 20, 90, 10};
  pending_delivery p{m, {1, 2, 3}, pending_op::remove, 99, {7, 8}, true};
  round_trip(sys, peer{peer_type::user, 42});
  round_trip(sys, m);
  round_trip(sys, std::vector<message>{m, m});
  round_trip(sys, user_info{5, "alice", "Alice", "Liddell", true, false});
  round_trip(sys, std::vector<user_info>{user_info{5, "a", "b", "", false, true}});
  round_trip(sys, user_status{6, true, 10, 20});
  round_trip(sys, std::vector<user_status>{user_status{6, false, 0, 20}});
  round_trip(sys, dialog_state{peer{peer_type::user, 8}, 5, 1800000000, 3, 2, 1, 2});
  round_trip(sys, u);
  round_trip(sys, std::vector<update>{u});
  round_trip(sys, q);
  round_trip(sys, p);
  round_trip(sys, outbox_write{m, {2}, caf::actor{}, 0x0123456789abcdefull});
  round_trip(sys, outbox_result{m, 12, true});
  round_trip(sys, inbox_write{m, pending_op::edit, 5, {}, false});
  round_trip(sys, edit_write{peer{peer_type::chat, 3}, box_id{4}, "new", {5, 6}, 7, caf::actor{}});
  round_trip(sys,
             delete_write{
               {box_id{1}, box_id{2}}, true, peer{peer_type::chat, 3}, true, {5}, 7, caf::actor{}});
  round_trip(sys, delete_result{{9, 2}, {11, 12}});
  round_trip(sys, pin_request{peer{peer_type::user, 3}, true, caf::actor{}});
  round_trip(sys, search_request{search_query{peer{peer_type::chat, 3}, "hello", 10, 20}});
  round_trip(sys, search_page{{m}, 4});
  round_trip(sys, fetch_request{{box_id{1}, box_id{2}}});
  round_trip(sys, edit_request{user_id{1}, peer{peer_type::user, 2}, box_id{3}, "x", caf::actor{}});
  round_trip(sys, delete_request{
                    user_id{1}, peer{peer_type::chat, 2}, {box_id{3}, box_id{4}}, caf::actor{}});
  round_trip(sys, create_chat{user_id{1}, "team", {user_id{2}, user_id{3}}, caf::actor{}});
  round_trip(sys,
             chat_change{chat_change_kind::admin, user_id{1}, user_id{2}, "", true, caf::actor{}});
  round_trip(sys, chat_view{chat_info{1, "team", 1, 1700000000, 2},
                            {chat_member{1, chat_role::creator, 1, 1700000000}},
                            1});
  round_trip(sys, chat_created{chat_info{1, "team", 1, 1700000000, 2}, outbox_result{m, 3, false}});
  round_trip(sys, session_push{{u}, 12});
  round_trip(sys, history_request{q});
  round_trip(sys, dialogs_request{1800000000, 50});
  round_trip(sys, dialogs_result{{dialog_state{}}, {m}});
  round_trip(sys, difference_request{5, 100});
  round_trip(sys, difference_result{2, {m}, {u}, 9});
  round_trip(sys, bot_log_request{5, 0, 7, 100, 1700000000});
  round_trip(sys, bot_log_result{{u}, 9, 5});
  round_trip(sys, bot_poll{user_id{6}, 1000010, 100, 30});
  round_trip(sys, bot_batch{{u}});
  round_trip(sys, callback_ask{user_id{8}, 0x0123456789abcdefull, peer{peer_type::user, 8}, "a:1"});
  round_trip(sys, callback_answer{"done", true, "https://example.com", 60});
  round_trip(sys, callback_reply{17, callback_answer{"ok", false, "", 0}});
  round_trip(sys, status_broadcast{user_status{6, true, 10, 20}});
  round_trip(sys, read_request{peer{peer_type::user, 8}, box_id{42}, caf::actor{}});
  round_trip(sys, affected_messages{17, 1});
  round_trip(sys, read_notice{user_id{8}, 0x0123456789abcdefull, chat_id{4}});
  round_trip(sys, send_request{user_id{5}, peer{peer_type::user, 6}, "text", 7, box_id{8},
                               caf::actor{}, user_id{9}, 10});
  round_trip(sys, redeliver{p});
  round_trip(sys, sign_up_request{"alice", "secret pw", "Alice", "L", "a@example.org", "123456",
                                  client_info{"phone", "127.0.0.1"}});
  round_trip(sys, sign_in_request{"alice", "secret pw", client_info{"phone", "::1"}});
  round_trip(sys, code_request{"a@example.org", 2});
  round_trip(sys, password_reset{"a@example.org", "123456", "new secret", client_info{"d", "i"}});
  round_trip(sys, profile_change{user_id{5}, true, false, true, "Ann", "", "ann_new"});
  round_trip(sys, password_change{user_id{5}, auth_session_id{9}, "old secret", "new secret"});
  round_trip(sys, account_deletion{user_id{5}, "secret pw"});
  round_trip(sys, user_search{"ann", 20});
  round_trip(sys, block_request{user_id{6}, false});
  round_trip(sys, save_part{user_id{7}, upload_id{99}, 3, 10, std::string("\0\xff bytes", 8)});
  round_trip(sys, uploaded_parts{{0, 1, 5}, 4096, 8292});
  round_trip(sys, finish_upload{user_id{7}, upload_id{99}, 3, "900150983cd24fb0d6963f7d28e17f72"});
  round_trip(sys, file_digest{std::string(32, 'h'), std::string(16, 'm'), "image/png"});
  round_trip(sys, stored_file{1, 7, 7, 99, 8292, 4096, 3, std::string(32, 'h'), 1800000000, 2});
  round_trip(sys, processed_photo{640, 480, {photo_size{'s', 90, 68, "jpeg"}}, "tiny"});
  round_trip(sys, std::vector<authorization>{
                    authorization{9, 5, 1700000000, "phone", "10.0.0.1", 1700000100}});
  round_trip(
    sys, auth_result{"v4.local.x", user_info{5, "a", "b", "", false, true}, auth_session_id{9}});
  round_trip(sys, token_owner{user_id{5}, auth_session_id{9}});
  round_trip(sys, bot_create{user_id{5}, "echo_bot", "Echo"});
  round_trip(sys, bot_token_reset{user_id{5}, user_id{6}});
  round_trip(sys, bot_created{user_info{6, "echo_bot", "Echo", "", true, false}, "6:secret"});
  round_trip(sys, std::vector<std::uint64_t>{1, 2, 0xffffffffffffffffull});
  round_trip(sys, message_media{media_kind::video,
                                4,
                                5,
                                "video/mp4",
                                "a.mp4",
                                640,
                                360,
                                1000,
                                {media_size{'m', 320, 180, 900, 6}},
                                "thumb"});
  round_trip(sys, authorization{9, 5, 1700000000, "phone", "10.0.0.1", 1700000100});
  round_trip(sys, chat_info{1, "team", 1, 1700000000, 2});
  round_trip(sys, std::vector<chat_view>{chat_view{chat_info{1, "t", 1, 2, 3}, {}, 2}});
  round_trip(sys, std::vector<std::uint32_t>{0, 7, 0xffffffffu});
  round_trip(sys,
             describe_media{user_id{7}, file_id{99}, media_kind::photo, "image/jpeg", "p.jpg"});
  round_trip(sys, client_info{"phone", "127.0.0.1"});
  // Handles the directory answers (null here; a live one is its address).
  round_trip(sys, user_actor{});
  round_trip(sys, user_id{0x001fffffffffffffull});
  round_trip(sys, std::vector<user_id>{user_id{1}, user_id{2}});
  round_trip(sys, chat_id{7});
  round_trip(sys, auth_session_id{9});
  round_trip(sys, upload_id{99});
  round_trip(sys, chat_actor{});
  cluster::member mb{3, "10.0.0.3", 7003, 1764650000123, cluster::member_state::suspect, 0};
  round_trip(sys, mb);
  round_trip(sys, std::vector<cluster::member>{mb, mb});
  round_trip(sys, cluster_view{mb, {mb}, 4, 0xfeedfacecafebeefull});
  round_trip(sys, member_status{mb, 341, true});
  round_trip(sys, std::vector<member_status>{member_status{mb, 0, false}});
  round_trip(sys,
             cluster_status{1, {member_status{mb, 512, true}}, 2, {"waiting for seed"}, {1, 2}});
  round_trip(sys, membership_actor{});
  round_trip(sys, node_services{2, {}, {}, {}, {}, {}, {}, {dialog_actor{}}, {}});
  round_trip(sys, directory_actor{});
  round_trip(sys, auth_actor{});
  round_trip(sys, status_actor{});
  round_trip(sys, dfs_actor{});
  round_trip(sys, media_actor{});
  round_trip(sys, file_server_actor{});
  round_trip(sys, dialog_actor{});
  round_trip(sys, std::vector<dialog_actor>{dialog_actor{}});
  round_trip(sys, cluster::shard_move{1023, 2, 4});
  round_trip(sys, std::vector<cluster::shard_move>{{1, 1, 4}, {2, 3, 4}});
  stored_record rec{static_cast<std::uint8_t>(cf::messages), std::string{"m\0\x01", 3}, "value"};
  round_trip(sys, rec);
  round_trip(sys, std::vector<stored_record>{rec, rec});
  round_trip(sys, handoff_report{256, 2690, 164658, 5, 19, 58, 257});
  round_trip(sys, handoff_actor{});
  // Every type of the block, so a type added there without a case here fails.
  using block = caf::id_block::actorgram;
  auto names = names_of(std::make_integer_sequence<caf::type_id_t, block::end - block::begin>{});
  for (caf::type_id_t id = block::begin; id < block::end; ++id) {
    INFO("type ", names[id - block::begin]);
    CHECK(covered().count(id) == 1);
  }
}

TEST_CASE("errors keep their code, description and retry_after through serialization") {
  caf::actor_system_config cfg;
  caf::actor_system sys{ag::test::test_config(cfg)};
  auto err = make_error(errc::flood_wait, "slow down", 7);
  auto buf = bytes_of(sys, err);
  caf::error back;
  caf::binary_deserializer source{sys, buf};
  REQUIRE(!source(back));
  auto f = to_failure(back);
  CHECK(f.code == errc::flood_wait);
  CHECK(f.description == "slow down");
  CHECK(f.retry_after == 7);
  CHECK(info(errc::flood_wait).http_status == 420);
  CHECK(info(errc::peer_id_invalid).name == "PEER_ID_INVALID");
}
