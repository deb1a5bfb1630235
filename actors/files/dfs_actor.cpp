#include "actors/files/dfs_actor.hpp"

#include <map>
#include <unordered_map>
#include <unordered_set>

#include <openssl/evp.h>

#include "actors/files/dfs_protocol.hpp"
#include "actors/node/commit.hpp"
#include "actors/protocol/atoms.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/codec/content_type.hpp"
#include "core/rules/upload_rules.hpp"
#include "storage/files/file_repo.hpp"
#include "storage/files/upload_repo.hpp"
#include "storage/keys.hpp"

namespace ag {

namespace {

/// How often unfinished uploads are checked for expiry (and a slice of the
/// stored files for purging).
constexpr auto expiry_interval = std::chrono::minutes(10);
/// A stored file no live message carries is purged this long after its
/// last upload (time to send it, with every retry).
constexpr std::int64_t purge_grace_s = 24 * 3600;
/// Stored files looked at per tick.
constexpr std::size_t purge_slice = 2000;

/// An unfinished upload. `sizes` and `record.bytes` are what is stored:
/// a part enters them only once its batch committed, so a failed write is
/// never listed. `record.total` and `record.updated` are as submitted (the
/// checks of the next parts and the record the next batch writes need them).
struct open_upload {
  upload_record record;
  std::map<std::uint32_t, std::uint32_t> sizes; ///< part index -> size
  std::uint32_t writing = 0;                    ///< part batches not yet committed
  bool finishing = false;                       ///< being hashed: no more parts
};

struct dfs_state {
  commit_tracker commits;
  caf::actor hasher;
  std::map<std::pair<std::uint64_t, std::uint64_t>, open_upload> uploads; ///< (owner, file_id)
  std::unordered_map<std::uint64_t, std::size_t> open_count;              ///< per owner
  std::uint64_t purge_cursor = 0;            ///< the last file id looked at
  std::unordered_set<std::uint64_t> purging; ///< purges submitted, not yet committed
  static inline const char* name = "dfs";
};

/// With its commit answers and its maintenance tick.
using dfs_impl = dfs_actor::extend<caf::reacts_to<commit_atom, std::uint64_t, caf::error>,
                                   caf::reacts_to<tick_atom>>;
using self_ptr = dfs_impl::stateful_pointer<dfs_state>;

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
    // The part sizes are written with each part, in its batch: they are the
    // truth (a record written while another part was in flight may not be).
    u.record.bytes = 0;
    for (auto& [index, size] : u.sizes)
      u.record.bytes += size;
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
    if (u.record.updated < cutoff && !u.finishing && u.writing == 0) {
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

/// Looks at up to `limit` stored files after the cursor and purges those no
/// live message carries whose last upload is over a day old; answers how
/// many. The cursor wraps at the end, so every file is seen in turn.
caf::expected<std::size_t> purge(self_ptr self, node_context& ctx, std::size_t limit) {
  auto& st = self->state;
  // In a cluster a copy's reference to a file is written on its reader's
  // node, so no node alone may conclude that a file is unreferenced: stored
  // files are kept until references are counted across nodes
  // (docs/cluster.md, "Known gaps").
  if (ctx.routes)
    return std::size_t{0};
  file_repo files{ctx.db};
  auto batch = files.originals(st.purge_cursor, limit);
  if (!batch)
    return batch.error();
  st.purge_cursor = batch->size() < limit ? 0 : batch->back().id;
  auto cutoff = ctx.now_s() - purge_grace_s;
  write_batch b;
  std::vector<std::uint64_t> gone;
  for (auto& f : *batch) {
    if (f.touched >= cutoff || st.purging.count(f.id) > 0)
      continue; // recent, or its purge is still being committed
    auto used = files.referenced(f.id);
    if (!used)
      return used.error();
    if (*used)
      continue;
    if (auto err = files.purge(b, f))
      return err;
    st.purging.insert(f.id);
    gone.push_back(f.id);
  }
  if (!gone.empty())
    st.commits.submit(self, ctx.writer, std::move(b), [self, gone](const caf::error&) {
      for (auto id : gone)
        self->state.purging.erase(id);
    });
  return gone.size();
}

caf::result<std::uint64_t> store_part(self_ptr self, node_context& ctx, save_part& p) {
  auto& st = self->state;
  auto owner = p.owner.value;
  auto fid = p.file_id.value;
  if (fid == 0)
    return make_error(errc::file_id_invalid, "file_id must not be 0");
  auto key = std::make_pair(owner, fid);
  auto found = st.uploads.find(key);
  if (found != st.uploads.end() && found->second.finishing)
    return make_error(errc::file_id_invalid, "this upload is being finished");
  if (found == st.uploads.end()) {
    auto spent = file_repo{ctx.db}.spent(owner, fid);
    if (!spent)
      return spent.error();
    if (*spent)
      return make_error(errc::file_id_invalid, "this file_id is a finished file: pick a new one");
  }
  auto total = p.total != 0 ? p.total : found != st.uploads.end() ? found->second.record.total : 0;
  if (auto e = uploads::check_part(p.index, p.bytes.size(), total); e != errc::none)
    return make_error(e, e == errc::file_part_invalid
                           ? "part numbers run from 0 to the total parts - 1 (at most 3999)"
                           : "a part has 1 byte to 512 KiB");
  if (found != st.uploads.end() && p.total != 0 && found->second.record.total != 0
      && p.total != found->second.record.total)
    return make_error(errc::file_parts_invalid, "total_parts changed during the upload");
  if (total == 0 && std::uint64_t{p.index + 1} * p.bytes.size() > uploads::big_file_threshold)
    return make_error(errc::file_parts_invalid,
                      "parts of files over 10 MB must carry the total part count");
  if (found == st.uploads.end()) {
    if (st.open_count[owner] >= uploads::max_open_uploads)
      return make_error(errc::uploads_too_many, "at most 64 unfinished uploads");
    auto& u = st.uploads[key];
    u.record = upload_record{owner, fid, ctx.now_s(), ctx.now_s(), 0, 0};
    ++st.open_count[owner];
    found = st.uploads.find(key);
  }
  auto& u = found->second;
  auto size = static_cast<std::uint32_t>(p.bytes.size());
  auto index = p.index;
  u.record.updated = ctx.now_s();
  if (p.total != 0)
    u.record.total = p.total;
  auto stored = u.record; // the record once this part is stored
  if (auto old = u.sizes.find(index); old != u.sizes.end())
    stored.bytes -= old->second;
  stored.bytes += size;
  ++u.writing;
  write_batch b;
  upload_repo::put_part(b, owner, fid, index, std::move(p.bytes));
  upload_repo::put(b, stored);
  auto rp = self->make_response_promise();
  st.commits.submit(self, ctx.writer, std::move(b), [=](const caf::error& err) mutable {
    auto i = self->state.uploads.find(key);
    if (i == self->state.uploads.end()) { // finished meanwhile
      if (err)
        return rp.deliver(err);
      return rp.deliver(stored.bytes);
    }
    auto& u = i->second;
    --u.writing;
    if (err) {
      // An upload none of whose parts was stored does not exist.
      if (u.sizes.empty() && u.writing == 0 && !u.finishing)
        forget(self, key);
      return rp.deliver(err);
    }
    auto& slot = u.sizes[index];
    u.record.bytes = u.record.bytes - slot + size;
    slot = size;
    rp.deliver(u.record.bytes);
  });
  return rp;
}

/// Reads an upload's parts in order and digests them (sha256 and md5), on
/// a detached thread: a 2 GB file takes seconds and must not hold the dfs
/// actor or a scheduler thread.
caf::actor spawn_file_hasher(caf::actor_system& sys, node_context_ptr ctx) {
  return sys.spawn<caf::detached>([ctx]() -> caf::behavior {
    return {
      [ctx](hash_atom, std::uint64_t owner, std::uint64_t file_id,
            std::uint32_t parts) -> caf::result<file_digest> {
        upload_repo repo{ctx->db};
        std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> sha{EVP_MD_CTX_new(), EVP_MD_CTX_free};
        std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> md5{EVP_MD_CTX_new(), EVP_MD_CTX_free};
        EVP_DigestInit_ex(sha.get(), EVP_sha256(), nullptr);
        EVP_DigestInit_ex(md5.get(), EVP_md5(), nullptr);
        file_digest d;
        for (std::uint32_t i = 0; i < parts; ++i) {
          auto bytes = repo.part(owner, file_id, i);
          if (!bytes)
            return bytes.error();
          if (!*bytes)
            return make_error(errc::file_parts_invalid,
                              "part " + std::to_string(i) + " is missing");
          if (i == 0)
            d.mime_type = sniff_mime(**bytes);
          EVP_DigestUpdate(sha.get(), (*bytes)->data(), (*bytes)->size());
          EVP_DigestUpdate(md5.get(), (*bytes)->data(), (*bytes)->size());
        }
        unsigned char out[EVP_MAX_MD_SIZE];
        unsigned int n = 0;
        EVP_DigestFinal_ex(sha.get(), out, &n);
        d.sha256.assign(reinterpret_cast<char*>(out), n);
        EVP_DigestFinal_ex(md5.get(), out, &n);
        d.md5.assign(reinterpret_cast<char*>(out), n);
        return d;
      },
    };
  });
}

std::string hex(std::string_view raw) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

/// Commits the finished upload as a file (or as one more reference to an
/// equal file) and answers it.
void store_file(self_ptr self, node_context_ptr ctx, open_upload u, file_digest d,
                std::uint32_t parts, std::uint32_t part_size, std::uint64_t size,
                std::string mime_type, std::string file_name, caf::response_promise rp) {
  file_repo files{ctx->db};
  auto key = std::make_pair(u.record.owner, u.record.file_id);
  auto fail = [=](const caf::error& err) mutable {
    if (auto i = self->state.uploads.find(key); i != self->state.uploads.end())
      i->second.finishing = false;
    rp.deliver(err);
  };
  auto existing = files.by_hash(d.sha256);
  if (!existing)
    return fail(existing.error());
  if (*existing && self->state.purging.count(**existing) > 0)
    *existing = std::nullopt; // being purged: this upload becomes the content's file
  auto commit = [=](stored_file f, write_batch b) mutable {
    self->state.commits.submit(self, ctx->writer, std::move(b), [=](const caf::error& err) mutable {
      if (err)
        return fail(err);
      forget(self, key);
      rp.deliver(f);
    });
  };
  if (*existing) {
    auto f = files.find(**existing);
    if (!f)
      return fail(f.error());
    if (!*f)
      return fail(storage_error("file index points nowhere"));
    // Same content: one more reference; this upload's bytes go.
    auto file = **f;
    ++file.refs;
    file.touched = ctx->now_s();
    write_batch b;
    file_repo::put(b, file);
    file_repo::put_spent(b, key.first, key.second, file.id);
    file_repo::put_grant(b, key.first, file.id);
    upload_repo::erase(b, u.record, entries(u));
    return commit(file, std::move(b));
  }
  self->request(ctx->idgen, internal_call, next_id_atom_v)
    .then(
      [=](std::uint64_t fid) mutable {
        stored_file file{fid,       key.first, key.first, key.second,   size,
                         part_size, parts,     d.sha256,  ctx->now_s(), 1};
        file.mime_type = !mime_type.empty() ? mime_type : d.mime_type;
        file.touched = file.created;
        file.file_name = file_name;
        write_batch b;
        file_repo::put(b, file);
        file_repo::put_hash(b, file);
        file_repo::put_spent(b, key.first, key.second, fid);
        file_repo::put_grant(b, key.first, fid);
        // The parts stay where they are; only the upload record goes.
        b.erase(cf::files, keys::upload(key.first, key.second));
        commit(file, std::move(b));
      },
      [=](caf::error& err) mutable { fail(err); });
}

caf::result<stored_file> finish(self_ptr self, node_context_ptr ctx, const finish_upload& req) {
  auto& st = self->state;
  auto owner = req.owner.value;
  auto fid = req.file_id.value;
  auto i = st.uploads.find({owner, fid});
  if (i == st.uploads.end()) {
    // Finished before (a retried send): the same file again.
    file_repo files{ctx->db};
    auto spent = files.spent(owner, fid);
    if (!spent)
      return spent.error();
    if (!*spent)
      return make_error(errc::file_id_invalid, "no upload with this file_id");
    auto f = files.find(**spent);
    if (!f)
      return f.error();
    if (!*f || st.purging.count(**spent) > 0)
      return make_error(errc::file_id_invalid,
                        "this upload's file was purged (never sent for a day): upload again");
    return std::move(**f);
  }
  auto& u = i->second;
  if (u.finishing)
    return make_error(errc::file_id_invalid, "this upload is being finished");
  if (u.record.total != 0 && req.parts != u.record.total)
    return make_error(errc::file_parts_invalid, "parts differs from the declared total");
  std::vector<std::uint32_t> sizes;
  for (auto& [index, size] : u.sizes) {
    if (index >= sizes.size())
      sizes.resize(index + 1, 0);
    sizes[index] = size;
  }
  auto c = uploads::check_complete(sizes, req.parts);
  if (c.error != errc::none)
    return make_error(c.error, c.error == errc::file_parts_invalid
                                 ? "part " + std::to_string(c.first_bad) + " is missing or extra"
                                 : "part " + std::to_string(c.first_bad) + " has the wrong size");
  u.finishing = true;
  auto rp = self->make_response_promise();
  auto snapshot = u;
  auto key = std::make_pair(owner, fid);
  auto md5 = req.md5;
  auto parts = req.parts;
  auto mime_type = req.mime_type;
  auto file_name = req.file_name;
  self->request(st.hasher, caf::infinite, hash_atom_v, owner, fid, req.parts)
    .then(
      [=](file_digest& d) mutable {
        if (!md5.empty() && hex(d.md5) != md5) {
          if (auto j = self->state.uploads.find(key); j != self->state.uploads.end())
            j->second.finishing = false;
          return rp.deliver(
            make_error(errc::md5_checksum_invalid, "the content's md5 is " + hex(d.md5)));
        }
        store_file(self, ctx, snapshot, std::move(d), parts, c.part_size, c.size, mime_type,
                   file_name, rp);
      },
      [=](caf::error& err) mutable {
        if (auto j = self->state.uploads.find(key); j != self->state.uploads.end())
          j->second.finishing = false;
        rp.deliver(err);
      });
  return rp;
}

} // namespace

dfs_actor spawn_dfs(caf::actor_system& sys, node_context_ptr ctx) {
  auto hasher = spawn_file_hasher(sys, ctx);
  return sys.spawn([ctx, hasher](self_ptr self) -> dfs_impl::behavior_type {
    self->state.hasher = hasher;
    self->attach_functor(
      [hasher] { caf::anon_send_exit(hasher, caf::exit_reason::user_shutdown); });
    // A typed actor has no empty behavior: on a load failure it quits, and
    // the behavior below never runs.
    if (auto err = load(self, *ctx))
      self->quit(err);
    else
      self->send(self, tick_atom_v);
    return {
      [=](commit_atom, std::uint64_t token, const caf::error& err) {
        self->state.commits.done(token, err);
      },
      [=](save_part& p) { return store_part(self, *ctx, p); },
      [=](const finish_upload& req) { return finish(self, ctx, req); },
      [=](parts_atom, user_id owner, upload_id file) -> caf::result<uploaded_parts> {
        auto i = self->state.uploads.find({owner.value, file.value});
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
      [=](purge_atom) -> caf::result<std::size_t> {
        // Everything now (tests, maintenance): from the start, to the end.
        self->state.purge_cursor = 0;
        std::size_t total = 0;
        do {
          auto n = purge(self, *ctx, purge_slice);
          if (!n)
            return n.error();
          total += *n;
        } while (self->state.purge_cursor != 0);
        return total;
      },
      [=](tick_atom) {
        expire(self, *ctx);
        if (auto n = purge(self, *ctx, purge_slice); !n)
          self->state.purge_cursor = 0; // try again from the start next time
        self->delayed_send(self, expiry_interval, tick_atom_v);
      },
    };
  });
}

} // namespace ag
