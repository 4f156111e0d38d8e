#ifndef DMBOOT_DEVICE_DM_TREE_H_
#define DMBOOT_DEVICE_DM_TREE_H_

// The device's OMA DM management tree (OMA-TS-DM_TND 1.2: nodes named by URI, interior nodes with
// Format "node", leaves with a Format and a value), the bootstrap replay guard and the PIN failure
// count that must survive a restart, with a JSON persistence format and an all-or-nothing apply of
// a bootstrapped DMAcc account (w7, OMA-TS-DM_StdObj 1.2 §5.3). ACLs are not modelled.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/bootstrap/account.h"
#include "dmboot/core/result.h"

namespace dmboot::device {

// NodeFormat is a node's Format (OMA-TS-DM_TND 1.2 §7.7.7, the subset the w7 object uses).
enum class NodeFormat : uint8_t {
  kNode = 0,  // interior node, no value
  kChr = 1,   // text
  kInt = 2,   // decimal text
  kBin = 3,   // raw octets (JSON: base64)
};

// NodeFormatName returns "node", "chr", "int" or "bin".
std::string_view NodeFormatName(NodeFormat format);

// DmNode is one node: its absolute URI ("./DMAcc/dmboot/AppID"), format and value (empty for an
// interior node; octets for bin).
struct DmNode {
  std::string path;
  NodeFormat format = NodeFormat::kNode;
  std::string value;

  bool operator==(const DmNode&) const = default;
};

// kReplayGuardCapacity bounds the replay guard: the digests of the newest this many applied
// bootstraps are kept (older ones fall out first).
inline constexpr size_t kReplayGuardCapacity = 1024;
// kMaxTreeFileLen bounds what LoadTree reads.
inline constexpr size_t kMaxTreeFileLen = 4u << 20;

// DmTree is a device's tree plus the state persisted with it. Value type: copy it, change the
// copy, persist the copy, then swap it in (that is how ApplyAccount is atomic in memory).
class DmTree;
std::string TreeToJson(const DmTree& tree);
Result<DmTree> TreeFromJson(std::string_view json);

class DmTree {
 public:
  // Set adds or replaces a leaf or interior node; the parents must exist (kNotFound), the parent
  // must be interior (kInvalidArgument), the path must be "." or start with "./" and have no empty
  // segment (kInvalidArgument).
  Result<void> Set(const DmNode& node);
  // EnsureInterior creates the interior nodes of `path` that are missing ("./A/B" → ./A, ./A/B).
  Result<void> EnsureInterior(std::string_view path);
  // Get returns the node at `path`, or nullptr.
  const DmNode* Get(std::string_view path) const;
  // Children returns the names of the direct children of `path` (sorted).
  std::vector<std::string> Children(std::string_view path) const;
  // RemoveSubtree removes `path` and everything under it; returns how many nodes went.
  size_t RemoveSubtree(std::string_view path);
  const std::map<std::string, DmNode>& nodes() const { return nodes_; }

  // AccountServerIds returns the ServerID of every ./DMAcc/<x> (sorted by node name).
  std::vector<std::string> AccountServerIds() const;

  // SeenBootstrap reports whether `digest` (SHA-256 of an applied bootstrap document) is held.
  bool SeenBootstrap(std::span<const uint8_t> digest) const;
  // RecordBootstrap adds `digest` to the replay guard (the oldest goes past kReplayGuardCapacity).
  void RecordBootstrap(std::span<const uint8_t> digest);
  size_t replay_guard_size() const { return replay_guard_.size(); }

  // The device's consecutive failed PIN-keyed verifications (bootstrap::PinAttemptCounter state).
  unsigned pin_failures() const { return pin_failures_; }
  void set_pin_failures(unsigned n) { pin_failures_ = n; }

  bool operator==(const DmTree&) const = default;

 private:
  friend std::string TreeToJson(const DmTree& tree);
  friend Result<DmTree> TreeFromJson(std::string_view json);

  std::map<std::string, DmNode> nodes_ = {{".", DmNode{".", NodeFormat::kNode, ""}}};
  std::deque<std::string> replay_guard_;  // lower-case hex digests, oldest first
  unsigned pin_failures_ = 0;
};

// ApplyPolicy is what ApplyAccount may overwrite.
struct ApplyPolicy {
  // Allow a bootstrap to replace ./DMAcc/<name> when that account belongs to another ServerID.
  // Off by default: a bootstrap from server B must not take over server A's account.
  bool allow_replace_other_server = false;
};

// ApplyAccount returns a copy of `tree` with `account` written as ./DMAcc/<node_name>: AppID
// "w7", ServerID, Name, AAuthPref, PrefConRef (when set), AppAddr/<n>/{Addr, AddrType,
// Port/1/PortNbr} and AppAuth/<n>/{AAuthLevel, AAuthType, AAuthName, AAuthSecret, AAuthData}
// (n = 1, 2, ... in account order). `tree` itself is never changed, so a failure leaves nothing
// half-applied. An existing account of the same ServerID (under any node name) is replaced.
// Fails with kRefused when ./DMAcc/<node_name> holds an account of another ServerID and `policy`
// does not allow that, kInvalidArgument when the account does not validate or its nonce is not
// base64.
Result<DmTree> ApplyAccount(const DmTree& tree, const bootstrap::Account& account,
                            const ApplyPolicy& policy = {});

// ReadAccount reads ./DMAcc/<node_name> back into an Account (what the DM client uses for the
// session), or kNotFound / kMalformed.
Result<bootstrap::Account> ReadAccount(const DmTree& tree, std::string_view node_name);

// FindAccountByServerId returns the node name of the account with `server_id`, if any.
std::optional<std::string> FindAccountByServerId(const DmTree& tree, std::string_view server_id);

// TreeToJson writes the persistence format (docs/network-functions.md "Device: implementation
// notes"): {"format": "dmboot-dm-tree/1", "nodes": [{"path", "format", "value"?}],
// "replay_guard": ["<hex>"], "pin_failures": n}; bin values are base64.
std::string TreeToJson(const DmTree& tree);

// TreeFromJson parses that format strictly: kMalformed for bad JSON, an unknown format tag, a
// node whose parent is missing, a bad format name, bad base64, or a bad digest.
Result<DmTree> TreeFromJson(std::string_view json);

// SaveHooks lets a test stop SaveTreeFile at its crash point.
struct SaveHooks {
  // Called after the temp file is written and fsynced, before the rename. An error aborts the save
  // there, leaving the temp file behind exactly as a crash would.
  Result<void> (*before_rename)(const std::string& temp_path) = nullptr;
};

// SaveTreeFile replaces `path` with `tree` atomically: write `path`.tmp, fsync it, rename it over
// `path`, fsync the directory. A crash at any point leaves either the old file or the new one.
// Fails with kIo naming the step.
Result<void> SaveTreeFile(const std::string& path, const DmTree& tree, const SaveHooks& hooks = {});

// LoadTreeFile reads `path`: an empty tree when it does not exist, kIo when it cannot be read,
// kLimitExceeded past kMaxTreeFileLen, TreeFromJson's errors otherwise. A leftover `path`.tmp
// (an interrupted save) is ignored and removed.
Result<DmTree> LoadTreeFile(const std::string& path);

}  // namespace dmboot::device

#endif  // DMBOOT_DEVICE_DM_TREE_H_
