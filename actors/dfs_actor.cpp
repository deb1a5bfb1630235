#include "actors/dfs_actor.hpp"

#include <map>
#include <unordered_map>

#include "actors/commit.hpp"
#include "actors/messages.hpp"
#include "core/upload_rules.hpp"
#include "storage/upload_repo.hpp"

namespace ag {

namespace {

/// How often unfinished uploads are checked for expiry.
constexpr auto expiry_interval = std::chrono::minutes(10);

struct open_upload {
  upload_record record;
  std::map<std::uint32_t, std::uint32_t> sizes; ///< part index -> size
};

struct dfs_state {
  commit_tracker commits;
  std::map<std::pair<std::uint64_t, std::uint64_t>, open_upload> uploads; ///< (owner, file_id)
  std::unordered_map<std::uint64_t, std::size_t> open_count;              ///< per owner
  static inline const char* name = "dfs";
};

using self_ptr = caf::stateful_actor<dfs_state>*;

std::vector<part_entry> entries(const open_upload& u) {
  return {u.sizes.begin(), u.sizes.end()};
}

caf::error load(self_ptr self, node_context& ctx) {
  upload_repo repo{ctx.db};
  auto all = repo.all();
  if (!all)
    return all.error();
  for (auto& r : *all) {
    auto parts = repo.parts(r.owner, r.file_id);
    if (!parts)
      return parts.error();
    auto& u = self->state.uploads[{r.owner, r.file_id}];
    u.record = r;
    u.sizes.insert(parts->begin(), parts->end());
    ++self->state.open_count[r.owner];
  }
  return {};
}

void forget(self_ptr self, std::pair<std::uint64_t, std::uint64_t> key) {
  auto& st = self->state;
  if (st.uploads.erase(key) > 0 && --st.open_count[key.first] == 0)
    st.open_count.erase(key.first);
}

/// Deletes uploads untouched for upload_ttl_s, with their parts; returns
/// how many.
std::size_t expire(self_ptr self, node_context& ctx) {
  auto cutoff = ctx.now_s() - uploads::upload_ttl_s;
  write_batch b;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> gone;
  for (auto& [key, u] : self->state.uploads)
    if (u.record.updated < cutoff) {
      upload_repo::erase(b, u.record, entries(u));
      gone.push_back(key);
    }
  if (gone.empty())
    return 0;
  for (auto& key : gone)
    forget(self, key);
  self->state.commits.submit(self, ctx.writer, std::move(b), [](const caf::error&) {});
  return gone.size();
}

caf::result<std::uint64_t> store_part(self_ptr self, node_context& ctx, save_part& p) {
  auto& st = self->state;
  if (p.file_id == 0)
    return make_error(errc::file_id_invalid, "file_id must not be 0");
  auto key = std::make_pair(p.owner, p.file_id);
  auto found = st.uploads.find(key);
  auto total = p.total != 0 ? p.total : found != st.uploads.end() ? found->second.record.total : 0;
  if (auto e = uploads::check_part(p.index, p.bytes.size(), total); e != errc::none)
    return make_error(e, e == errc::file_part_invalid
                           ? "part numbers run from 0 to the total parts - 1 (at most 3999)"
                           : "a part has 1 byte to 512 KiB");
  if (found != st.uploads.end() && p.total != 0 && found->second.record.total != 0
      && p.total != found->second.record.total)
    return make_error(errc::file_parts_invalid, "total_parts changed during the upload");
  if (total == 0
      && std::uint64_t{p.index + 1} * p.bytes.size() > uploads::big_file_threshold)
    return make_error(errc::file_parts_invalid,
                      "parts of files over 10 MB must carry the total part count");
  if (found == st.uploads.end()) {
    if (st.open_count[p.owner] >= uploads::max_open_uploads)
      return make_error(errc::uploads_too_many, "at most 64 unfinished uploads");
    auto& u = st.uploads[key];
    u.record = upload_record{p.owner, p.file_id, ctx.now_s(), ctx.now_s(), 0, 0};
    ++st.open_count[p.owner];
    found = st.uploads.find(key);
  }
  auto& u = found->second;
  auto size = static_cast<std::uint32_t>(p.bytes.size());
  auto& slot = u.sizes[p.index];
  u.record.bytes = u.record.bytes - slot + size;
  slot = size;
  u.record.updated = ctx.now_s();
  if (p.total != 0)
    u.record.total = p.total;
  write_batch b;
  upload_repo::put_part(b, p.owner, p.file_id, p.index, std::move(p.bytes));
  upload_repo::put(b, u.record);
  auto bytes = u.record.bytes;
  auto rp = self->make_response_promise();
  st.commits.submit(self, ctx.writer, std::move(b), [=](const caf::error& err) mutable {
    if (err)
      return rp.deliver(err);
    rp.deliver(bytes);
  });
  return rp;
}

} // namespace

caf::actor spawn_dfs(caf::actor_system& sys, node_context_ptr ctx) {
  return sys.spawn([ctx](self_ptr self) -> caf::behavior {
    if (auto err = load(self, *ctx)) {
      self->quit(err);
      return {};
    }
    self->send(self, tick_atom::value);
    return {
      [=](commit_atom, std::uint64_t token, const caf::error& err) {
        self->state.commits.done(token, err);
      },
      [=](save_part& p) { return store_part(self, *ctx, p); },
      [=](parts_atom, std::uint64_t owner,
          std::uint64_t file_id) -> caf::result<uploaded_parts> {
        auto i = self->state.uploads.find({owner, file_id});
        if (i == self->state.uploads.end())
          return make_error(errc::file_id_invalid, "no unfinished upload with this file_id");
        uploaded_parts out;
        for (auto& [index, size] : i->second.sizes)
          out.parts.push_back(index);
        if (auto p0 = i->second.sizes.find(0); p0 != i->second.sizes.end())
          out.part_size = p0->second;
        out.bytes = i->second.record.bytes;
        return out;
      },
      [=](expire_atom) { return expire(self, *ctx); },
      [=](tick_atom) {
        expire(self, *ctx);
        self->delayed_send(self, expiry_interval, tick_atom::value);
      },
    };
  });
}

} // namespace ag
