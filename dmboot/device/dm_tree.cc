#include "dmboot/device/dm_tree.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "dmboot/core/base64.h"
#include "dmboot/core/hex.h"

namespace dmboot::device {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kFormatTag = "dmboot-dm-tree/1";
constexpr std::string_view kDmAcc = "./DMAcc";

// ValidPath: "." or "./seg(/seg)*" with non-empty segments (OMA-TS-DM_TND §6.2 URI rules, no
// "..", no trailing '/').
bool ValidPath(std::string_view path) {
  if (path == ".") {
    return true;
  }
  if (path.size() < 3 || path.substr(0, 2) != "./") {
    return false;
  }
  size_t start = 2;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    size_t end = slash == std::string_view::npos ? path.size() : slash;
    std::string_view seg = path.substr(start, end - start);
    if (seg.empty() || seg == "." || seg == "..") {
      return false;
    }
    if (slash == std::string_view::npos) {
      break;
    }
    start = slash + 1;
  }
  return true;
}

std::string ParentOf(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(path.substr(0, slash));
}

std::string Join(std::string_view a, std::string_view b) {
  return std::string(a) + "/" + std::string(b);
}

Result<NodeFormat> ParseFormat(std::string_view name) {
  if (name == "node") return NodeFormat::kNode;
  if (name == "chr") return NodeFormat::kChr;
  if (name == "int") return NodeFormat::kInt;
  if (name == "bin") return NodeFormat::kBin;
  return Fail(ErrorCode::kMalformed, "unknown node format '" + std::string(name) + "'");
}

std::string BytesToString(std::span<const uint8_t> bytes) {
  return std::string(bytes.begin(), bytes.end());
}

std::span<const uint8_t> StringBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::string Errno(const std::string& step, const std::string& path) {
  return step + " " + path + ": " + std::strerror(errno);
}

}  // namespace

std::string_view NodeFormatName(NodeFormat format) {
  switch (format) {
    case NodeFormat::kNode:
      return "node";
    case NodeFormat::kChr:
      return "chr";
    case NodeFormat::kInt:
      return "int";
    case NodeFormat::kBin:
      return "bin";
  }
  return "node";
}

Result<void> DmTree::Set(const DmNode& node) {
  if (!ValidPath(node.path) || node.path == ".") {
    return Fail(ErrorCode::kInvalidArgument, "bad node path '" + node.path + "'");
  }
  auto parent = nodes_.find(ParentOf(node.path));
  if (parent == nodes_.end()) {
    return Fail(ErrorCode::kNotFound, "parent of '" + node.path + "' does not exist");
  }
  if (parent->second.format != NodeFormat::kNode) {
    return Fail(ErrorCode::kInvalidArgument, "parent of '" + node.path + "' is a leaf");
  }
  auto existing = nodes_.find(node.path);
  if (existing != nodes_.end() && existing->second.format == NodeFormat::kNode &&
      node.format != NodeFormat::kNode && !Children(node.path).empty()) {
    return Fail(ErrorCode::kInvalidArgument, "'" + node.path + "' is an interior node with children");
  }
  DmNode copy = node;
  if (copy.format == NodeFormat::kNode) {
    copy.value.clear();
  }
  nodes_[copy.path] = std::move(copy);
  return Ok();
}

Result<void> DmTree::EnsureInterior(std::string_view path) {
  if (!ValidPath(path)) {
    return Fail(ErrorCode::kInvalidArgument, "bad node path '" + std::string(path) + "'");
  }
  size_t pos = 2;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    std::string prefix(path.substr(0, slash == std::string_view::npos ? path.size() : slash));
    const DmNode* have = Get(prefix);
    if (have == nullptr) {
      Result<void> set = Set(DmNode{prefix, NodeFormat::kNode, ""});
      if (!set) {
        return set;
      }
    } else if (have->format != NodeFormat::kNode) {
      return Fail(ErrorCode::kInvalidArgument, "'" + prefix + "' is a leaf");
    }
    if (slash == std::string_view::npos) {
      break;
    }
    pos = slash + 1;
  }
  return Ok();
}

const DmNode* DmTree::Get(std::string_view path) const {
  auto it = nodes_.find(std::string(path));
  return it == nodes_.end() ? nullptr : &it->second;
}

std::vector<std::string> DmTree::Children(std::string_view path) const {
  std::vector<std::string> out;
  std::string prefix = std::string(path) + "/";
  for (auto it = nodes_.lower_bound(prefix); it != nodes_.end(); ++it) {
    const std::string& p = it->first;
    if (p.compare(0, prefix.size(), prefix) != 0) {
      break;
    }
    std::string rest = p.substr(prefix.size());
    if (rest.find('/') == std::string::npos) {
      out.push_back(rest);
    }
  }
  return out;
}

size_t DmTree::RemoveSubtree(std::string_view path) {
  if (path == ".") {
    return 0;
  }
  size_t removed = nodes_.erase(std::string(path));
  std::string prefix = std::string(path) + "/";
  auto it = nodes_.lower_bound(prefix);
  while (it != nodes_.end() && it->first.compare(0, prefix.size(), prefix) == 0) {
    it = nodes_.erase(it);
    ++removed;
  }
  return removed;
}

std::vector<std::string> DmTree::AccountServerIds() const {
  std::vector<std::string> out;
  for (const std::string& name : Children(kDmAcc)) {
    const DmNode* id = Get(Join(Join(kDmAcc, name), "ServerID"));
    if (id != nullptr) {
      out.push_back(id->value);
    }
  }
  return out;
}

bool DmTree::SeenBootstrap(std::span<const uint8_t> digest) const {
  std::string hex = HexEncode(digest);
  return std::find(replay_guard_.begin(), replay_guard_.end(), hex) != replay_guard_.end();
}

void DmTree::RecordBootstrap(std::span<const uint8_t> digest) {
  if (SeenBootstrap(digest)) {
    return;
  }
  replay_guard_.push_back(HexEncode(digest));
  while (replay_guard_.size() > kReplayGuardCapacity) {
    replay_guard_.pop_front();
  }
}

std::optional<std::string> FindAccountByServerId(const DmTree& tree, std::string_view server_id) {
  for (const std::string& name : tree.Children(kDmAcc)) {
    const DmNode* id = tree.Get(Join(Join(kDmAcc, name), "ServerID"));
    if (id != nullptr && id->value == server_id) {
      return name;
    }
  }
  return std::nullopt;
}

Result<DmTree> ApplyAccount(const DmTree& tree, const bootstrap::Account& account,
                            const ApplyPolicy& policy) {
  Result<void> valid = bootstrap::ValidateAccount(account);
  if (!valid) {
    return valid.error();
  }
  const std::string root = Join(kDmAcc, account.node_name);
  if (const DmNode* existing = tree.Get(Join(root, "ServerID"));
      existing != nullptr && existing->value != account.server_id &&
      !policy.allow_replace_other_server) {
    // OMA DM Bootstrap 1.2.1 §5.3 leaves it to the client; a takeover of another server's
    // account is refused by default.
    return Fail(ErrorCode::kRefused, "account node '" + account.node_name +
                                         "' belongs to another server (ServerID '" +
                                         existing->value + "')");
  }
  DmTree out = tree;
  // ServerID is unique among the accounts: the old account of this server goes.
  while (std::optional<std::string> old = FindAccountByServerId(out, account.server_id)) {
    out.RemoveSubtree(Join(kDmAcc, *old));
  }
  out.RemoveSubtree(root);

  auto leaf = [&out](const std::string& path, NodeFormat format, std::string value) {
    return out.Set(DmNode{path, format, std::move(value)});
  };
  auto check = [](const Result<void>& r) -> bool { return r.has_value(); };
  Result<void> r = out.EnsureInterior(root);
  if (!r) return r.error();
  // OMA-TS-DM_StdObj 1.2 §5.3 (DMAcc, w7).
  if (!check(r = leaf(Join(root, "AppID"), NodeFormat::kChr, "w7"))) return r.error();
  if (!check(r = leaf(Join(root, "ServerID"), NodeFormat::kChr, account.server_id))) return r.error();
  if (!check(r = leaf(Join(root, "Name"), NodeFormat::kChr, account.name))) return r.error();
  if (!check(r = leaf(Join(root, "AAuthPref"), NodeFormat::kChr, account.auth_pref))) return r.error();
  if (!account.pref_con_ref.empty()) {
    if (!check(r = leaf(Join(root, "PrefConRef"), NodeFormat::kChr, account.pref_con_ref))) {
      return r.error();
    }
  }
  for (size_t i = 0; i < account.addresses.size(); ++i) {
    const bootstrap::AppAddr& a = account.addresses[i];
    const std::string base = root + "/AppAddr/" + std::to_string(i + 1);
    if (!check(r = out.EnsureInterior(base))) return r.error();
    if (!check(r = leaf(Join(base, "Addr"), NodeFormat::kChr, a.addr))) return r.error();
    if (!check(r = leaf(Join(base, "AddrType"), NodeFormat::kChr, a.addr_type))) return r.error();
    if (a.port) {
      if (!check(r = out.EnsureInterior(base + "/Port/1"))) return r.error();
      if (!check(r = leaf(base + "/Port/1/PortNbr", NodeFormat::kInt, std::to_string(*a.port)))) {
        return r.error();
      }
    }
  }
  for (size_t i = 0; i < account.credentials.size(); ++i) {
    const bootstrap::AppAuth& c = account.credentials[i];
    const std::string base = root + "/AppAuth/" + std::to_string(i + 1);
    Result<std::vector<uint8_t>> nonce = Base64Decode(c.nonce_b64);
    if (!nonce) {
      return Fail(ErrorCode::kInvalidArgument, "AppAuth " + std::to_string(i + 1) +
                                                   " AAuthData is not base64");
    }
    if (!check(r = out.EnsureInterior(base))) return r.error();
    if (!check(r = leaf(Join(base, "AAuthLevel"), NodeFormat::kChr,
                        std::string(bootstrap::AuthLevelName(c.level))))) {
      return r.error();
    }
    if (!check(r = leaf(Join(base, "AAuthType"), NodeFormat::kChr, c.type))) return r.error();
    if (!check(r = leaf(Join(base, "AAuthName"), NodeFormat::kChr, c.name))) return r.error();
    if (!check(r = leaf(Join(base, "AAuthSecret"), NodeFormat::kBin,
                        BytesToString(c.secret.Reveal())))) {
      return r.error();
    }
    if (!check(r = leaf(Join(base, "AAuthData"), NodeFormat::kBin, BytesToString(*nonce)))) {
      return r.error();
    }
  }
  return out;
}

Result<bootstrap::Account> ReadAccount(const DmTree& tree, std::string_view node_name) {
  const std::string root = Join(kDmAcc, node_name);
  if (tree.Get(root) == nullptr) {
    return Fail(ErrorCode::kNotFound, "no account '" + std::string(node_name) + "'");
  }
  auto text = [&tree](const std::string& path) -> Result<std::string> {
    const DmNode* n = tree.Get(path);
    if (n == nullptr) {
      return Fail(ErrorCode::kMalformed, "missing node " + path);
    }
    return n->value;
  };
  bootstrap::Account a;
  a.node_name = std::string(node_name);
  Result<std::string> v = text(Join(root, "ServerID"));
  if (!v) return v.error();
  a.server_id = *v;
  if (!(v = text(Join(root, "Name")))) return v.error();
  a.name = *v;
  if (!(v = text(Join(root, "AAuthPref")))) return v.error();
  a.auth_pref = *v;
  if (const DmNode* p = tree.Get(Join(root, "PrefConRef"))) {
    a.pref_con_ref = p->value;
  }
  for (const std::string& n : tree.Children(Join(root, "AppAddr"))) {
    const std::string base = root + "/AppAddr/" + n;
    bootstrap::AppAddr addr;
    if (!(v = text(Join(base, "Addr")))) return v.error();
    addr.addr = *v;
    if (!(v = text(Join(base, "AddrType")))) return v.error();
    addr.addr_type = *v;
    if (const DmNode* port = tree.Get(base + "/Port/1/PortNbr")) {
      unsigned long number = 0;
      try {
        number = std::stoul(port->value);
      } catch (...) {
        return Fail(ErrorCode::kMalformed, "bad PortNbr under " + base);
      }
      if (number == 0 || number > 65535) {
        return Fail(ErrorCode::kMalformed, "bad PortNbr under " + base);
      }
      addr.port = static_cast<uint16_t>(number);
    }
    a.addresses.push_back(std::move(addr));
  }
  for (const std::string& n : tree.Children(Join(root, "AppAuth"))) {
    const std::string base = root + "/AppAuth/" + n;
    bootstrap::AppAuth c;
    if (!(v = text(Join(base, "AAuthLevel")))) return v.error();
    if (*v == "CLCRED") {
      c.level = bootstrap::AuthLevel::kClient;
    } else if (*v == "SRVCRED") {
      c.level = bootstrap::AuthLevel::kServer;
    } else {
      return Fail(ErrorCode::kMalformed, "bad AAuthLevel under " + base);
    }
    if (!(v = text(Join(base, "AAuthType")))) return v.error();
    c.type = *v;
    if (!(v = text(Join(base, "AAuthName")))) return v.error();
    c.name = *v;
    if (!(v = text(Join(base, "AAuthSecret")))) return v.error();
    c.secret = crypto::SecretBytes(StringBytes(*v));
    if (!(v = text(Join(base, "AAuthData")))) return v.error();
    c.nonce_b64 = v->empty() ? "" : Base64Encode(StringBytes(*v));
    a.credentials.push_back(std::move(c));
  }
  return a;
}

std::string TreeToJson(const DmTree& tree) {
  Json nodes = Json::array();
  for (const auto& [path, node] : tree.nodes()) {
    if (path == ".") {
      continue;
    }
    Json j = {{"path", path}, {"format", NodeFormatName(node.format)}};
    if (node.format == NodeFormat::kBin) {
      j["value"] = Base64Encode(StringBytes(node.value));
    } else if (node.format != NodeFormat::kNode) {
      j["value"] = node.value;
    }
    nodes.push_back(std::move(j));
  }
  Json out = {{"format", kFormatTag},
              {"nodes", std::move(nodes)},
              {"replay_guard", Json(std::vector<std::string>(tree.replay_guard_.begin(),
                                                             tree.replay_guard_.end()))},
              {"pin_failures", tree.pin_failures_}};
  return out.dump(1) + "\n";
}

Result<DmTree> TreeFromJson(std::string_view text) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Fail(ErrorCode::kMalformed, "DM tree file is not a JSON object");
  }
  if (!j.contains("format") || !j["format"].is_string() ||
      j["format"].get<std::string>() != kFormatTag) {
    return Fail(ErrorCode::kMalformed, "DM tree file: format is not " + std::string(kFormatTag));
  }
  for (const auto& [key, value] : j.items()) {
    if (key != "format" && key != "nodes" && key != "replay_guard" && key != "pin_failures") {
      return Fail(ErrorCode::kMalformed, "DM tree file: unknown key '" + key + "'");
    }
  }
  if (!j.contains("nodes") || !j["nodes"].is_array()) {
    return Fail(ErrorCode::kMalformed, "DM tree file: nodes must be an array");
  }
  DmTree tree;
  // Parents sort before their children (std::map order of the writer, and '/' < any name
  // character is not guaranteed), so insert by increasing depth.
  std::vector<std::pair<size_t, DmNode>> pending;
  for (const Json& n : j["nodes"]) {
    if (!n.is_object() || !n.contains("path") || !n["path"].is_string() || !n.contains("format") ||
        !n["format"].is_string()) {
      return Fail(ErrorCode::kMalformed, "DM tree file: a node lacks path or format");
    }
    for (const auto& [key, value] : n.items()) {
      if (key != "path" && key != "format" && key != "value") {
        return Fail(ErrorCode::kMalformed, "DM tree file: unknown node key '" + key + "'");
      }
    }
    DmNode node;
    node.path = n["path"].get<std::string>();
    Result<NodeFormat> format = ParseFormat(n["format"].get<std::string>());
    if (!format) {
      return format.error();
    }
    node.format = *format;
    if (node.format != NodeFormat::kNode) {
      if (!n.contains("value") || !n["value"].is_string()) {
        return Fail(ErrorCode::kMalformed, "DM tree file: leaf " + node.path + " has no value");
      }
      std::string value = n["value"].get<std::string>();
      if (node.format == NodeFormat::kBin) {
        Result<std::vector<uint8_t>> bytes = Base64Decode(value);
        if (!bytes) {
          return Fail(ErrorCode::kMalformed, "DM tree file: leaf " + node.path + " is not base64");
        }
        node.value = BytesToString(*bytes);
      } else {
        node.value = std::move(value);
      }
    }
    size_t depth = static_cast<size_t>(std::count(node.path.begin(), node.path.end(), '/'));
    pending.emplace_back(depth, std::move(node));
  }
  std::stable_sort(pending.begin(), pending.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [depth, node] : pending) {
    Result<void> set = tree.Set(node);
    if (!set) {
      return Fail(ErrorCode::kMalformed, "DM tree file: " + set.error().message);
    }
  }
  if (j.contains("replay_guard")) {
    if (!j["replay_guard"].is_array()) {
      return Fail(ErrorCode::kMalformed, "DM tree file: replay_guard must be an array");
    }
    for (const Json& d : j["replay_guard"]) {
      if (!d.is_string()) {
        return Fail(ErrorCode::kMalformed, "DM tree file: a replay_guard entry is not text");
      }
      Result<std::vector<uint8_t>> digest = HexDecode(d.get<std::string>());
      if (!digest || digest->size() != 32) {
        return Fail(ErrorCode::kMalformed, "DM tree file: a replay_guard entry is not a SHA-256");
      }
      tree.RecordBootstrap(*digest);
    }
  }
  if (j.contains("pin_failures")) {
    const Json& n = j["pin_failures"];
    if (!n.is_number_integer() || n.get<int64_t>() < 0 || n.get<int64_t>() > 1000000) {
      return Fail(ErrorCode::kMalformed, "DM tree file: pin_failures must be a small count");
    }
    tree.pin_failures_ = j["pin_failures"].get<unsigned>();
  }
  return tree;
}

Result<void> SaveTreeFile(const std::string& path, const DmTree& tree, const SaveHooks& hooks) {
  const std::string temp = path + ".tmp";
  const std::string text = TreeToJson(tree);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Fail(ErrorCode::kIo, Errno("create", temp));
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      std::string message = Errno("write", temp);
      ::close(fd);
      return Fail(ErrorCode::kIo, message);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    std::string message = Errno("fsync", temp);
    ::close(fd);
    return Fail(ErrorCode::kIo, message);
  }
  if (::close(fd) != 0) {
    return Fail(ErrorCode::kIo, Errno("close", temp));
  }
  if (hooks.before_rename != nullptr) {
    Result<void> go_on = hooks.before_rename(temp);
    if (!go_on) {
      return go_on;
    }
  }
  // POSIX rename(2) replaces `path` atomically: a reader (or a reboot) sees the old or the new.
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    return Fail(ErrorCode::kIo, Errno("rename", temp));
  }
  // The rename itself is durable only once the directory entry is on disk.
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) {
    return Fail(ErrorCode::kIo, Errno("open directory", dir));
  }
  int rc = ::fsync(dfd);
  ::close(dfd);
  if (rc != 0) {
    return Fail(ErrorCode::kIo, Errno("fsync directory", dir));
  }
  return Ok();
}

Result<DmTree> LoadTreeFile(const std::string& path) {
  const std::string temp = path + ".tmp";
  ::unlink(temp.c_str());  // an interrupted save: never read, never trusted
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      return DmTree{};
    }
    return Fail(ErrorCode::kIo, Errno("open", path));
  }
  std::string text;
  char buf[8192];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      std::string message = Errno("read", path);
      ::close(fd);
      return Fail(ErrorCode::kIo, message);
    }
    if (n == 0) {
      break;
    }
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > kMaxTreeFileLen) {
      ::close(fd);
      return Fail(ErrorCode::kLimitExceeded, path + " is over " +
                                                 std::to_string(kMaxTreeFileLen) + " bytes");
    }
  }
  ::close(fd);
  return TreeFromJson(text);
}

}  // namespace dmboot::device
