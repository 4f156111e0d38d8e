#include "dmboot/device/dm_tree.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "dmboot/crypto/sha.h"
#include "dmboot/device/test_util.h"

namespace dmboot::device {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/dmboot_device_test_XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(DmTreeTest, ApplyAccountWritesTheW7Structure) {
  DmTree empty;
  Result<DmTree> tree = ApplyAccount(empty, test::Account());
  ASSERT_TRUE(tree.has_value()) << tree.error().message;
  EXPECT_EQ(tree->Get("./DMAcc/dmboot/AppID")->value, "w7");
  EXPECT_EQ(tree->Get("./DMAcc/dmboot/ServerID")->value, "dms.example.test");
  EXPECT_EQ(tree->Get("./DMAcc/dmboot/AAuthPref")->value, "HMAC");
  EXPECT_EQ(tree->Get("./DMAcc/dmboot/AppAddr/1/Addr")->value, "http://127.0.0.1:1/dm");
  EXPECT_EQ(tree->Get("./DMAcc/dmboot/AppAddr/1/AddrType")->value, "URI");
  EXPECT_EQ(tree->Get("./DMAcc/dmboot/AppAuth/1/AAuthLevel")->value, "CLCRED");
  EXPECT_EQ(tree->Get("./DMAcc/dmboot/AppAuth/2/AAuthLevel")->value, "SRVCRED");
  EXPECT_EQ(tree->Get("./DMAcc/dmboot/AppAuth/1/AAuthSecret")->format, NodeFormat::kBin);
  EXPECT_EQ(tree->Get("./DMAcc/dmboot/AppAuth/1/AAuthData")->value, "nonce-1");
  EXPECT_EQ(tree->Get("./DMAcc")->format, NodeFormat::kNode);
  EXPECT_EQ(tree->Children("./DMAcc"), std::vector<std::string>{"dmboot"});
  // The input tree is untouched.
  EXPECT_EQ(empty, DmTree{});
  // ReadAccount gives the account back.
  Result<bootstrap::Account> back = ReadAccount(*tree, "dmboot");
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(bootstrap::AccountToJson(*back), bootstrap::AccountToJson(test::Account()));
}

TEST(DmTreeTest, SameServerReplacesOtherServerIsRefused) {
  DmTree tree = *ApplyAccount(DmTree{}, test::Account("a.example.test"));
  // Same ServerID, new node name: the old account goes.
  Result<DmTree> moved = ApplyAccount(
      tree, test::Account("a.example.test", "BASIC", "http://127.0.0.1:1/dm", "s2", "other"));
  ASSERT_TRUE(moved.has_value()) << moved.error().message;
  EXPECT_EQ(moved->Children("./DMAcc"), std::vector<std::string>{"other"});
  // Another ServerID on the same node: refused, and the tree is unchanged.
  Result<DmTree> takeover = ApplyAccount(tree, test::Account("b.example.test"));
  ASSERT_FALSE(takeover.has_value());
  EXPECT_EQ(takeover.error().code, ErrorCode::kRefused);
  EXPECT_EQ(tree.Get("./DMAcc/dmboot/ServerID")->value, "a.example.test");
  // ... unless the policy allows it.
  Result<DmTree> allowed = ApplyAccount(tree, test::Account("b.example.test"), {true});
  ASSERT_TRUE(allowed.has_value());
  EXPECT_EQ(allowed->Get("./DMAcc/dmboot/ServerID")->value, "b.example.test");
  // Another server on another node: both accounts live side by side.
  Result<DmTree> both = ApplyAccount(
      tree, test::Account("b.example.test", "HMAC", "http://127.0.0.1:1/dm", "x", "bnode"));
  ASSERT_TRUE(both.has_value());
  EXPECT_EQ(both->AccountServerIds(),
            (std::vector<std::string>{"b.example.test", "a.example.test"}));
}

TEST(DmTreeTest, InvalidAccountIsRefusedBeforeAnyChange) {
  bootstrap::Account bad = test::Account();
  bad.node_name = "../etc";
  Result<DmTree> r = ApplyAccount(DmTree{}, bad);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(DmTreeTest, JsonRoundTripKeepsNodesGuardAndPinFailures) {
  DmTree tree = *ApplyAccount(DmTree{}, test::Account());
  std::vector<uint8_t> doc = {1, 2, 3};
  tree.RecordBootstrap(crypto::Sha256(doc));
  tree.set_pin_failures(2);
  Result<DmTree> back = TreeFromJson(TreeToJson(tree));
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(*back, tree);
  EXPECT_TRUE(back->SeenBootstrap(crypto::Sha256(doc)));
  EXPECT_EQ(back->pin_failures(), 2u);
}

TEST(DmTreeTest, JsonRejectsBadFiles) {
  for (const char* text : {
           "", "[]", "{\"format\":\"other\",\"nodes\":[]}",
           "{\"format\":\"dmboot-dm-tree/1\"}",
           "{\"format\":\"dmboot-dm-tree/1\",\"nodes\":[{\"path\":\"./A/B\",\"format\":\"node\"}]}",
           "{\"format\":\"dmboot-dm-tree/1\",\"nodes\":[{\"path\":\"./A\",\"format\":\"xml\",\"value\":\"\"}]}",
           "{\"format\":\"dmboot-dm-tree/1\",\"nodes\":[{\"path\":\"./A\",\"format\":\"bin\",\"value\":\"!!\"}]}",
           "{\"format\":\"dmboot-dm-tree/1\",\"nodes\":[{\"path\":\"./A\",\"format\":\"chr\"}]}",
           "{\"format\":\"dmboot-dm-tree/1\",\"nodes\":[],\"replay_guard\":[\"00\"]}",
           "{\"format\":\"dmboot-dm-tree/1\",\"nodes\":[],\"pin_failures\":-1}",
           "{\"format\":\"dmboot-dm-tree/1\",\"nodes\":[],\"extra\":1}",
           "{\"format\":\"dmboot-dm-tree/1\",\"nodes\":[{\"path\":\"../x\",\"format\":\"node\"}]}",
       }) {
    Result<DmTree> r = TreeFromJson(text);
    ASSERT_FALSE(r.has_value()) << text;
    EXPECT_EQ(r.error().code, ErrorCode::kMalformed) << text;
  }
}

TEST(DmTreeTest, ReplayGuardIsBounded) {
  DmTree tree;
  std::vector<uint8_t> first = {0};
  tree.RecordBootstrap(crypto::Sha256(first));
  for (uint32_t i = 1; i <= kReplayGuardCapacity; ++i) {
    std::vector<uint8_t> d = {static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 8), 1};
    tree.RecordBootstrap(crypto::Sha256(d));
  }
  EXPECT_EQ(tree.replay_guard_size(), kReplayGuardCapacity);
  EXPECT_FALSE(tree.SeenBootstrap(crypto::Sha256(first)));  // the oldest fell out
}

TEST(DmTreeFileTest, SaveAndLoad) {
  TempDir dir;
  const std::string path = dir.path() + "/dmtree.json";
  Result<DmTree> missing = LoadTreeFile(path);
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(*missing, DmTree{});
  DmTree tree = *ApplyAccount(DmTree{}, test::Account());
  ASSERT_TRUE(SaveTreeFile(path, tree).has_value());
  Result<DmTree> loaded = LoadTreeFile(path);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_EQ(*loaded, tree);
  EXPECT_FALSE(fs::exists(path + ".tmp"));
}

// A crash between the temp write and the rename leaves the old tree on disk; the leftover temp
// file is ignored (and removed) by the next load.
TEST(DmTreeFileTest, CrashBeforeRenameLeavesTheOldTree) {
  TempDir dir;
  const std::string path = dir.path() + "/dmtree.json";
  DmTree old_tree = *ApplyAccount(DmTree{}, test::Account("a.example.test"));
  ASSERT_TRUE(SaveTreeFile(path, old_tree).has_value());
  const std::string old_bytes = ReadAll(path);

  DmTree new_tree = *ApplyAccount(old_tree, test::Account(
      "a.example.test", "DIGEST", "http://127.0.0.1:1/dm", "new-secret", "dmboot"));
  SaveHooks crash;
  crash.before_rename = [](const std::string&) -> Result<void> {
    return Fail(ErrorCode::kIo, "simulated crash");
  };
  Result<void> saved = SaveTreeFile(path, new_tree, crash);
  ASSERT_FALSE(saved.has_value());
  // The temp file holds the complete new tree; the real file is the old one, byte for byte.
  EXPECT_TRUE(fs::exists(path + ".tmp"));
  EXPECT_EQ(ReadAll(path), old_bytes);
  EXPECT_EQ(*TreeFromJson(ReadAll(path + ".tmp")), new_tree);

  // "Reboot": the old tree loads, the temp file is gone.
  Result<DmTree> after = LoadTreeFile(path);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(*after, old_tree);
  EXPECT_FALSE(fs::exists(path + ".tmp"));

  // A torn temp file (a crash in the middle of the write) is never read either.
  { std::ofstream(path + ".tmp") << "{\"format\":\"dmboot-dm-tr"; }
  EXPECT_EQ(*LoadTreeFile(path), old_tree);

  // Without the crash, the new tree replaces the old one.
  ASSERT_TRUE(SaveTreeFile(path, new_tree).has_value());
  EXPECT_EQ(*LoadTreeFile(path), new_tree);
}

TEST(DmTreeFileTest, CorruptFileIsAnErrorNotAnEmptyTree) {
  TempDir dir;
  const std::string path = dir.path() + "/dmtree.json";
  { std::ofstream(path) << "garbage"; }
  Result<DmTree> r = LoadTreeFile(path);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
}

TEST(DmTreeFileTest, UnwritableDirectoryIsIo) {
  Result<void> r = SaveTreeFile("/nonexistent-dir/x/dmtree.json", DmTree{});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace dmboot::device
