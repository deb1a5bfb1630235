#pragma once
/// Internal to the user actor (user_actor.cpp and user_changes.cpp): its
/// state and the helpers every handler shares.
#include <caf/stateful_actor.hpp>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "actors/node/commit.hpp"
#include "actors/node/node_context.hpp"
#include "actors/user/unflushed.hpp"
#include "actors/user/user_actor.hpp"
#include "actors/user/user_protocol.hpp"
#include "core/rules/box_ledger.hpp"
#include "core/rules/rate_limiter.hpp"
#include "storage/box/box_repo.hpp"

namespace ag::user_detail {

/// At most this many dialogs may be pinned.
constexpr std::size_t max_pinned = 5;
/// At most this many users may be blocked.
constexpr std::size_t max_blocked = 10000;
/// A bot's callback queries waiting for its answer at once, at most.
constexpr std::size_t max_waiting_callbacks = 10000;

struct user_state {
  std::uint64_t uid = 0;
  box_ledger ledger; ///< pts and box ids: assigned, and committed (what clients see)
  std::unordered_map<peer, dialog_state, peer_hash> dialogs;
  unflushed_messages unflushed; ///< written, not yet committed: reads see them
  std::vector<caf::actor> sessions;
  commit_tracker commits;
  rate_limiter limiter{50, 100};
  std::unordered_set<std::uint64_t> random_inflight;
  /// inbox operations being committed, by op id: later copies wait for them
  std::unordered_map<std::uint64_t, std::vector<caf::response_promise>> inbox_inflight;
  std::unordered_set<std::uint64_t> blocked; ///< users whose messages are dropped
  std::int64_t last_active_ms = 0;
  std::optional<std::uint64_t> bot_cursor; ///< loaded on the first getUpdates
  /// A bot's callback queries waiting for answerCallbackQuery, by pts.
  std::unordered_map<std::uint64_t, caf::typed_response_promise<callback_answer>> callbacks;
  bool stopping = false;
  static inline const char* name = "user";
};

/// The contract plus what the actor sends itself: commit answers and the
/// directory's idle tick.
using user_impl =
  user_actor::extend<caf::reacts_to<commit_atom, std::uint64_t, caf::error>,
                     caf::reacts_to<tick_atom>, caf::reacts_to<expire_atom, std::uint64_t>>;
using self_ptr = user_impl::stateful_pointer<user_state>;

/// Sends `p` to every session of the user except `except`.
void push(self_ptr self, node_context& ctx, const session_push& p, const caf::actor& except);

/// Commits `b`. On success `pts` becomes committed and `ok` runs; on failure
/// `rp` gets the error and the actor stops (memory may be ahead of storage;
/// its next incarnation reloads).
void commit(self_ptr self, node_context& ctx, write_batch b, std::uint64_t pts,
            caf::response_promise rp, std::function<void()> ok);

/// Soft-deletes `msgs` (copies in this box, not yet deleted) into `b`:
/// recomputes each touched dialog's top message and unread count and logs
/// one updateDeleteMessages taking msgs.size() pts. Returns that update.
caf::expected<update> delete_copies(self_ptr self, box_repo& box, const std::vector<message>& msgs,
                                    write_batch& b);

/// An update naming one message (new or edited).
update message_update(update_kind kind, std::uint64_t pts, const message& m);

} // namespace ag::user_detail

namespace ag::user_detail {

/// What applying one inbox operation writes and pushes. pts 0: nothing
/// changes in the box (a replay), only the pending record is settled.
struct inbox_plan {
  write_batch batch;
  std::uint64_t pts = 0;
  std::vector<update> updates;
};

caf::expected<inbox_plan> plan_new_message(self_ptr self, box_repo& box, message m);
caf::expected<inbox_plan> plan_edit(self_ptr self, box_repo& box, const message& edited);
caf::expected<inbox_plan> plan_remove(self_ptr self, box_repo& box,
                                      const std::vector<std::uint64_t>& dmids);

caf::result<outbox_result> edit_own(self_ptr self, node_context& ctx, box_repo& box, edit_write& w);
caf::result<delete_result> delete_own(self_ptr self, node_context& ctx, box_repo& box,
                                      delete_write& w);
caf::result<bot_log_result> bot_log(self_ptr self, node_context& ctx, box_repo& box,
                                    const bot_log_request& r);
caf::result<bool> block_user(self_ptr self, node_context& ctx, const block_request& r);
caf::result<affected_messages> pin_dialog(self_ptr self, node_context& ctx, pin_request& r);
caf::result<affected_messages> read_history(self_ptr self, node_context& ctx, box_repo& box,
                                            read_request& r);
void read_receipt(self_ptr self, node_context& ctx, box_repo& box, const read_notice& n);
caf::result<callback_answer> ask_callback(self_ptr self, node_context& ctx, box_repo& box,
                                          const callback_ask& a);
caf::result<bool> answer_callback(self_ptr self, const callback_reply& r);
/// A callback query's timeout: BOT_RESPONSE_TIMEOUT if still waiting.
void expire_callback(self_ptr self, std::uint64_t pts);

} // namespace ag::user_detail
