#include "actors/node/services.hpp"

#include <chrono>
#include <iostream>
#include <thread>

#include "actors/auth/auth_actor.hpp"
#include "actors/dialog/dialog_protocol.hpp"
#include "actors/dialog/dialog_shard.hpp"
#include "actors/files/dfs_actor.hpp"
#include "actors/files/file_server.hpp"
#include "actors/media/media_pool.hpp"
#include "actors/node/directory_actor.hpp"
#include "actors/node/idgen_actor.hpp"
#include "actors/node/status_actor.hpp"
#include "actors/protocol/type_ids.hpp"
#include "storage/box/outbox_repo.hpp"

namespace ag {

namespace {} // namespace

// In op_id order (Snowflakes: a message before its edits), each through its
// dialog's shard: a chat's all through one shard (the chat's, whatever
// their recipients), a private dialog's through the shard of (author,
// recipient).
caf::expected<std::size_t> replay_pending(const node_context& ctx) {
  auto pending = outbox_repo{ctx.db}.all();
  if (!pending)
    return pending.error();
  std::size_t sent = 0;
  for (auto& p : *pending) {
    if (p.recipients.empty())
      continue;
    auto shard = p.msg.to.type == peer_type::chat
                   ? dialog_shard_for(ctx, 0, p.msg.to.id)
                   : dialog_shard_for(ctx, p.msg.from_id, p.recipients.front());
    if (!shard)
      continue; // its node is down: replayed when it returns
    caf::anon_send(*shard, redeliver{p});
    ++sent;
  }
  if (sent > 0)
    std::cerr << "actorgram: replaying " << sent << " pending deliveries\n";
  return sent;
}

caf::expected<node_context_ptr> spawn_services(caf::actor_system& sys, node_resources res) {
  auto ctx = std::make_shared<node_context>(node_context{
    res.db, res.writer, res.stats, std::move(res.settings), res.token_key, std::move(res.now_ms)});
  ctx->limits = std::make_shared<user_limits>(ctx->settings.limits);
  auto idgen = spawn_idgen(sys, ctx);
  if (!idgen)
    return idgen.error();
  ctx->idgen = *idgen;
  ctx->auth = spawn_auth(sys, ctx);
  ctx->directory = spawn_directory(sys, ctx);
  ctx->status = spawn_status(sys, ctx);
  ctx->dfs = spawn_dfs(sys, ctx);
  ctx->media = spawn_media_pool(sys, ctx->settings.media.workers, ctx);
  ctx->files = spawn_file_server(sys, ctx);
  ctx->bots = spawn_bot_hub(sys, ctx);
  for (std::size_t i = 0; i < ctx->settings.actors.dialog_shards; ++i)
    ctx->dialog_shards.push_back(spawn_dialog_shard(sys, ctx));
  // A cluster's node replays once it knows where the shards are (the
  // membership actor calls replay_pending then, and whenever a node returns).
  if (!ctx->settings.cluster.enabled())
    if (auto sent = replay_pending(*ctx); !sent) {
      stop_services(sys, *ctx);
      return sent.error();
    }
  return ctx;
}

void send_service_exits(const node_context& ctx) {
  auto stop = [](const auto& a) {
    if (a)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  };
  stop(ctx.directory);
  stop(ctx.status);
  stop(ctx.dfs);
  stop(ctx.media);
  stop(ctx.files);
  stop(ctx.bots);
  stop(ctx.auth);
  stop(ctx.idgen);
  for (auto& shard : ctx.dialog_shards)
    caf::anon_send_exit(shard, caf::exit_reason::user_shutdown);
}

void stop_services(caf::actor_system& sys, node_context& ctx) {
  send_service_exits(ctx);
  for (int i = 0; sys.registry().running() > 0 && i < 100; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (auto n = sys.registry().running(); n > 0)
    std::cerr << "actorgram: waiting for " << n << " actors to stop" << std::endl;
  sys.await_all_actors_done();
  ctx.writer.drain();
  ctx.release_actors();
}

} // namespace ag
