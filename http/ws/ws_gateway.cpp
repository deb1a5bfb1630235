#include "http/ws/ws_gateway.hpp"

#include <caf/io/all.hpp>
#include <tuple>
#include <unordered_map>

#include "actors/protocol/atoms.hpp"
#include "actors/protocol/type_ids.hpp"
#include "actors/session/session_actor.hpp"
#include "core/codec/ws_codec.hpp"
#include "core/envelope.hpp"
#include "core/error.hpp"
#include "http/rpc/json_decode.hpp"

namespace ag {

namespace {

using caf::io::connection_handle;

/// Closes a socket that was not authenticated within ws.auth_timeout_s.
constexpr std::uint16_t auth_timeout_close = 4008;

struct connection {
  bool upgraded = false;
  bool closing = false;
  bool authenticated = false; ///< its session bound a user (ws_auth_atom)
  std::string head;           // request head until upgraded
  std::string client;         // the peer's address
  ws::decoder decoder;
  caf::actor session;
  std::int64_t opened_ms = 0;
  std::int64_t last_rx_ms = 0;
  bool pinged = false;
  connection(std::size_t max_message, std::int64_t now, std::string addr)
    : client(std::move(addr)), decoder(max_message, true), opened_ms(now), last_rx_ms(now) {}
};

struct gateway_state {
  std::unordered_map<std::int64_t, connection> conns;
  std::unordered_map<std::string, std::size_t> per_client; ///< open connections by address
  std::shared_ptr<const rpc_decoder> decoder = std::make_shared<jsonrpc_decoder>();
  static inline const char* name = "ws_gateway";
};

using self_ptr = caf::stateful_actor<gateway_state, caf::io::broker>*;

void raw_write(self_ptr self, connection_handle hdl, const std::string& bytes) {
  self->write(hdl, bytes.size(), bytes.data());
  self->flush(hdl);
}

/// Whether `bytes` more would take the connection's write buffer past
/// `ws.max_write_buffer_bytes`: a reader that far behind is closed, whatever
/// the frame (results, pushes and pongs alike).
bool too_slow(self_ptr self, connection_handle hdl, std::size_t bytes,
              const ws_gateway_options& opts) {
  return self->wr_buf(hdl).size() + bytes > opts.ws.max_write_buffer_bytes;
}

void drop(self_ptr self, node_context& ctx, std::int64_t id) {
  auto i = self->state.conns.find(id);
  if (i == self->state.conns.end())
    return;
  if (i->second.session)
    self->send(i->second.session, ws_close_atom_v);
  if (i->second.upgraded)
    ctx.stats.ws_connections_open.fetch_sub(1, std::memory_order_relaxed);
  auto& per_client = self->state.per_client;
  if (auto n = per_client.find(i->second.client); n != per_client.end() && --n->second == 0)
    per_client.erase(n);
  self->state.conns.erase(i);
}

/// Sends a close frame (when upgraded) and closes after the buffer drains.
void close_conn(self_ptr self, node_context& ctx, std::int64_t id, std::uint16_t code,
                std::string_view reason = {}) {
  auto hdl = connection_handle::from_int(id);
  auto i = self->state.conns.find(id);
  if (i == self->state.conns.end())
    return;
  if (i->second.upgraded && !i->second.closing)
    raw_write(self, hdl, ws::encode_close(code, reason));
  i->second.closing = true;
  self->close(hdl);
  drop(self, ctx, id);
}

/// Answers a call with FLOOD_WAIT "the node is busy" here, without the hop
/// to its session and back: under overload the refusals are most of the
/// frames, and each cost two actor messages more. False when the reader is
/// too slow to take the answer.
bool refuse_busy(self_ptr self, node_context& ctx, const ws_gateway_options& opts,
                 connection_handle hdl, std::string_view frame) {
  auto decoded = self->state.decoder->decode(frame);
  auto* call = std::get_if<jsonrpc_call>(&decoded);
  const auto& id_json = call != nullptr ? call->id_json : std::get<jsonrpc_reject>(decoded).id_json;
  auto out = ws::encode_frame(ws::opcode::text, envelope::rpc_error(id_json, busy_refusal()));
  if (too_slow(self, hdl, out.size(), opts))
    return false;
  ctx.stats.ws_frames_out.fetch_add(1, std::memory_order_relaxed);
  raw_write(self, hdl, out);
  return true;
}

void handle_frames(self_ptr self, node_context& ctx, const ws_gateway_options& opts,
                   std::int64_t id, std::string_view bytes) {
  auto i = self->state.conns.find(id);
  if (i == self->state.conns.end())
    return;
  auto hdl = connection_handle::from_int(id);
  std::vector<ws::event> events;
  i->second.decoder.feed(bytes, events);
  for (auto& ev : events) {
    switch (ev.kind) {
    case ws::event::text:
      ctx.stats.ws_frames_in.fetch_add(1, std::memory_order_relaxed);
      if (node_busy(ctx)) {
        if (!refuse_busy(self, ctx, opts, hdl, ev.payload))
          return close_conn(self, ctx, id, ws::close_code::policy, "reader too slow");
        break;
      }
      self->send(i->second.session, ws_in_atom_v, std::move(ev.payload));
      break;
    case ws::event::binary:
      return close_conn(self, ctx, id, ws::close_code::unsupported, "text frames only");
    case ws::event::ping: {
      // A client that pings and never reads would otherwise make the node
      // buffer its pongs without bound.
      auto pong = ws::encode_frame(ws::opcode::pong, ev.payload);
      if (too_slow(self, hdl, pong.size(), opts))
        return close_conn(self, ctx, id, ws::close_code::policy, "reader too slow");
      raw_write(self, hdl, pong);
      self->send(i->second.session, ping_atom_v); // still online
      break;
    }
    case ws::event::pong:
      break;
    case ws::event::close:
      return close_conn(self, ctx, id,
                        ev.code == ws::close_code::no_status ? ws::close_code::normal : ev.code);
    case ws::event::error:
      return close_conn(self, ctx, id, ev.code, ev.payload);
    }
  }
}

void handle_handshake(self_ptr self, node_context_ptr ctx, const ws_gateway_options& opts,
                      std::int64_t id, std::string_view bytes) {
  auto& c = self->state.conns.at(id);
  auto hdl = connection_handle::from_int(id);
  c.head.append(bytes);
  auto res = ws::parse_handshake(c.head);
  auto refuse = [&](int status, std::string_view why) {
    raw_write(self, hdl, ws::http_error_response(status, why));
    self->close(hdl);
    drop(self, *ctx, id);
  };
  switch (res.status) {
  case ws::handshake_result::incomplete:
    return;
  case ws::handshake_result::too_large:
    return refuse(431, "request head too large");
  case ws::handshake_result::bad_request:
    return refuse(400, res.reason);
  case ws::handshake_result::ok:
    break;
  }
  if (res.request.path != "/ws")
    return refuse(404, "the WebSocket endpoint is /ws");
  if (opts.ready != nullptr && !opts.ready->load())
    return refuse(503, "the node is starting");
  raw_write(self, hdl, ws::handshake_response(res.request.key));
  c.upgraded = true;
  c.opened_ms = ctx->now_ms(); // from now on: the time to authenticate
  ctx->stats.ws_connections_open.fetch_add(1, std::memory_order_relaxed);
  ctx->stats.ws_connections_total.fetch_add(1, std::memory_order_relaxed);
  auto rest = c.head.substr(res.consumed);
  std::string().swap(c.head);
  session_options so;
  so.max_in_flight = opts.ws.max_in_flight;
  so.client = c.client;
  so.auth_attempts = opts.auth_attempts;
  c.session =
    spawn_session(self->system(), ctx, self->state.decoder, caf::actor_cast<caf::actor>(self),
                  static_cast<std::uint64_t>(id), ws::query_param(res.request.query, "token"), so);
  if (!rest.empty())
    handle_frames(self, *ctx, opts, id, rest);
}

caf::behavior gateway(self_ptr self, node_context_ptr ctx, ws_gateway_options opts) {
  self->delayed_send(self, std::chrono::seconds(1), tick_atom_v);
  return {
    [=](const caf::io::new_connection_msg& msg) {
      auto id = msg.handle.id();
      if (self->state.conns.size() >= opts.ws.max_connections) {
        raw_write(self, msg.handle, ws::http_error_response(503, "too many connections"));
        self->close(msg.handle);
        return;
      }
      // One address must not take the whole of max_connections.
      auto addr = self->remote_addr(msg.handle);
      auto& from_addr = self->state.per_client[addr];
      if (from_addr >= opts.ws.max_connections_per_ip) {
        raw_write(self, msg.handle,
                  ws::http_error_response(429, "too many connections from this address"));
        self->close(msg.handle);
        return;
      }
      ++from_addr;
      self->state.conns.try_emplace(id, opts.ws.max_message_bytes, ctx->now_ms(), std::move(addr));
      self->configure_read(msg.handle, caf::io::receive_policy::at_most(1024));
    },
    [=](caf::io::new_data_msg& msg) {
      auto id = msg.handle.id();
      auto i = self->state.conns.find(id);
      if (i == self->state.conns.end() || i->second.closing)
        return;
      i->second.last_rx_ms = ctx->now_ms();
      i->second.pinged = false;
      std::string_view bytes{msg.buf.data(), msg.buf.size()};
      if (!i->second.upgraded)
        handle_handshake(self, ctx, opts, id, bytes);
      else
        handle_frames(self, *ctx, opts, id, bytes);
    },
    [=](const caf::io::connection_closed_msg& msg) { drop(self, *ctx, msg.handle.id()); },
    [=](const caf::io::acceptor_closed_msg&) {},
    [=](bind_atom, const std::string& host, std::uint16_t port) -> caf::result<bool> {
      auto r = self->add_tcp_doorman(port, host.c_str(), true);
      if (!r)
        return make_error(errc::unavailable, "cannot listen on " + host + ":" + std::to_string(port)
                                               + ": " + to_string(r.error()));
      return true;
    },
    [=](ws_out_atom, std::uint64_t conn, const std::string& text) {
      auto id = static_cast<std::int64_t>(conn);
      auto i = self->state.conns.find(id);
      if (i == self->state.conns.end() || i->second.closing)
        return;
      auto hdl = connection_handle::from_int(id);
      if (too_slow(self, hdl, text.size(), opts))
        return close_conn(self, *ctx, id, ws::close_code::policy, "reader too slow");
      ctx->stats.ws_frames_out.fetch_add(1, std::memory_order_relaxed);
      raw_write(self, hdl, ws::encode_frame(ws::opcode::text, text));
    },
    [=](ws_close_atom, std::uint64_t conn, std::uint16_t code) {
      close_conn(self, *ctx, static_cast<std::int64_t>(conn), code);
    },
    [=](ws_auth_atom, std::uint64_t conn) {
      if (auto i = self->state.conns.find(static_cast<std::int64_t>(conn));
          i != self->state.conns.end())
        i->second.authenticated = true;
    },
    [=](tick_atom) {
      auto now = ctx->now_ms();
      auto idle_ms = opts.ws.idle_timeout_s * 1000;
      std::vector<std::tuple<std::int64_t, std::uint16_t, std::string_view>> expired;
      for (auto& [id, c] : self->state.conns) {
        if (!c.upgraded && now - c.opened_ms > opts.ws.handshake_timeout_s * 1000) {
          expired.emplace_back(id, 0, "timeout");
        } else if (c.upgraded && now - c.last_rx_ms > idle_ms) {
          expired.emplace_back(id, ws::close_code::going_away, "timeout");
        } else if (c.upgraded && !c.authenticated
                   && now - c.opened_ms > opts.ws.auth_timeout_s * 1000) {
          // Pings keep a socket open, not a seat: an anonymous socket has
          // this long to sign in or bind a token.
          expired.emplace_back(id, auth_timeout_close, "not authenticated in time");
        } else if (c.upgraded && !c.pinged && now - c.last_rx_ms > idle_ms / 2) {
          // A ping makes a live client answer (pong), which counts as activity.
          c.pinged = true;
          raw_write(self, connection_handle::from_int(id), ws::encode_frame(ws::opcode::ping, {}));
        }
      }
      for (auto& [id, code, reason] : expired)
        close_conn(self, *ctx, id, code, reason);
      self->delayed_send(self, std::chrono::seconds(1), tick_atom_v);
    },
  };
}

} // namespace

caf::expected<caf::actor> spawn_ws_gateway(caf::actor_system& sys, node_context_ptr ctx,
                                           ws_gateway_options opts) {
  auto broker = sys.middleman().spawn_broker(gateway, ctx, opts);
  caf::scoped_actor self{sys};
  caf::expected<caf::actor> result{broker};
  // Bind inside the broker: add_tcp_doorman must run in its context.
  auto host = opts.ws.host;
  auto port = opts.ws.port;
  self->request(broker, std::chrono::seconds(5), bind_atom_v, host, port)
    .receive([](bool) {}, [&](caf::error& err) { result = err; });
  if (!result)
    caf::anon_send_exit(broker, caf::exit_reason::user_shutdown);
  return result;
}

} // namespace ag
