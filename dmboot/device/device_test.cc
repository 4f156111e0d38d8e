#include "dmboot/device/device.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>

#include "dmboot/crypto/sha.h"
#include "dmboot/device/test_util.h"
#include "dmboot/gba/aka.h"
#include "dmboot/gba/sqn.h"

namespace dmboot::device {
namespace {

using bootstrap::SecurityType;
using test::kNow;

// Disk stands in for the tree file: what the sink was last given, and a switch to make it fail.
struct Disk {
  std::optional<DmTree> tree;
  bool fail = false;
  int writes = 0;
};

DeviceConfig Config(std::optional<std::string> pin = std::nullopt) {
  DeviceConfig c;
  c.imei = "490154203237518";
  c.imsi = test::kImsi;
  c.msisdn = "358401234567";
  c.impi = test::kImpi;
  c.keys = test::Keys();
  if (pin) {
    c.pin = *bootstrap::Pin::Parse(*pin);
  }
  c.trusted_nafs = {test::Dms()};
  c.reassembly.timeout_ms = 1000;
  return c;
}

Device Make(DeviceConfig config, std::shared_ptr<Disk> disk, DmTree tree = {}) {
  Result<Device> d = Device::Create(std::move(config), std::move(tree),
                                    [disk](const DmTree& t) -> Result<void> {
                                      if (disk->fail) {
                                        return Fail(ErrorCode::kIo, "disk full");
                                      }
                                      disk->tree = t;
                                      ++disk->writes;
                                      return Ok();
                                    });
  EXPECT_TRUE(d.has_value()) << (d ? "" : d.error().message);
  return std::move(*d);
}

void Enroll(Device& device, const bootstrap::Account& account, const PushOutcome& out) {
  ASSERT_TRUE(out.session.has_value()) << (out.failure ? out.failure->kind + " " + out.failure->message : "");
  auto hmac = out.session->headers.find("x-syncml-hmac");
  std::vector<uint8_t> p2 = test::AnswerPackage1(
      account, out.session->body, hmac == out.session->headers.end() ? "" : hmac->second);
  device.OnDmSessionReply(p2);
}

TEST(DeviceTest, GbaPushThenBootstrapThenSessionEnrolls) {
  auto disk = std::make_shared<Disk>();
  Device device = Make(Config(), disk);
  test::Network net;
  test::GpiPush gpi = net.Push({0x01, 0x02});
  PushOutcome first = device.OnPush(gpi.pdu, kNow);
  ASSERT_TRUE(first.report.has_value());
  EXPECT_EQ(first.report->status, "accepted");
  EXPECT_FALSE(first.failure.has_value());
  EXPECT_EQ(device.state(), DeviceState::kGpiAccepted);
  EXPECT_EQ(device.naf_sa_count(), 1u);

  bootstrap::Account account = test::Account();
  PushOutcome second = device.OnPush(
      test::SignedBootstrapPush(account, SecurityType::kNetworkIdGba,
                                test::GbaCredentials(gpi.ks_naf)),
      kNow + 1);
  ASSERT_TRUE(second.session.has_value()) << second.failure->kind << ": " << second.failure->message;
  EXPECT_EQ(device.state(), DeviceState::kBootstrapped);
  EXPECT_EQ(second.session->server_uri, "http://127.0.0.1:1/dm");
  EXPECT_EQ(second.session->session_id, "sess-1");  // from the GPI envelope (TS 24.109 J.3)
  EXPECT_TRUE(second.session->headers.count("x-syncml-hmac"));
  // The account is on "disk" before the device counts as bootstrapped.
  ASSERT_TRUE(disk->tree.has_value());
  EXPECT_EQ(disk->tree->Get("./DMAcc/dmboot/ServerID")->value, "dms.example.test");
  EXPECT_EQ(*device.account_server_id(), "dms.example.test");

  Enroll(device, account, second);
  EXPECT_EQ(device.state(), DeviceState::kEnrolled);
  EXPECT_FALSE(device.failure().has_value());
}

TEST(DeviceTest, LegacyUserPinWithDigestAndBasicEnroll) {
  for (const char* type : {"DIGEST", "BASIC"}) {
    auto disk = std::make_shared<Disk>();
    Device device = Make(Config("1234"), disk);
    bootstrap::Account account = test::Account("dms.example.test", type);
    PushOutcome out = device.OnPush(
        test::SignedBootstrapPush(account, SecurityType::kUserPin, test::PinCredentials("1234")),
        kNow);
    Enroll(device, account, out);
    EXPECT_EQ(device.state(), DeviceState::kEnrolled) << type;
    EXPECT_TRUE(out.session->headers.empty());
  }
}

TEST(DeviceTest, WrongDmCredentialIsRejectedBy401) {
  auto disk = std::make_shared<Disk>();
  Device device = Make(Config("1234"), disk);
  bootstrap::Account account = test::Account("dms.example.test", "DIGEST");
  PushOutcome out = device.OnPush(
      test::SignedBootstrapPush(account, SecurityType::kUserPin, test::PinCredentials("1234")), kNow);
  bootstrap::Account server_view = test::Account("dms.example.test", "DIGEST",
                                                 "http://127.0.0.1:1/dm", "another-secret");
  Enroll(device, server_view, out);
  EXPECT_EQ(device.state(), DeviceState::kFailed);
  EXPECT_EQ(device.failure()->kind, "dm_auth_rejected");
  device.OnDmSessionReply(Fail(ErrorCode::kIo, "connection refused"));
  EXPECT_EQ(device.failure()->kind, "dm_session_failed");
}

TEST(DeviceTest, ReplayIsRefusedAndSurvivesRestart) {
  auto disk = std::make_shared<Disk>();
  Device device = Make(Config("1234"), disk);
  bootstrap::Account account = test::Account();
  std::vector<uint8_t> push =
      test::SignedBootstrapPush(account, SecurityType::kUserPin, test::PinCredentials("1234"));
  Enroll(device, account, device.OnPush(push, kNow));
  ASSERT_EQ(device.state(), DeviceState::kEnrolled);

  PushOutcome again = device.OnPush(push, kNow + 5);
  ASSERT_TRUE(again.failure.has_value());
  EXPECT_EQ(again.failure->kind, "replay");
  EXPECT_FALSE(again.session.has_value());
  EXPECT_EQ(device.state(), DeviceState::kEnrolled);  // a replay does not undo the enrolment

  // A restarted device (tree from disk) still refuses it.
  auto disk2 = std::make_shared<Disk>();
  Device restarted = Make(Config("1234"), disk2, *disk->tree);
  PushOutcome replay = restarted.OnPush(push, kNow + 10);
  ASSERT_TRUE(replay.failure.has_value());
  EXPECT_EQ(replay.failure->kind, "replay");
  EXPECT_EQ(restarted.state(), DeviceState::kFailed);
  EXPECT_EQ(disk2->writes, 0);
}

TEST(DeviceTest, AccountOfAnotherServerIsNotOverwritten) {
  auto disk = std::make_shared<Disk>();
  DmTree existing = *ApplyAccount(DmTree{}, test::Account("a.example.test"));
  Device device = Make(Config("1234"), disk, existing);
  PushOutcome out = device.OnPush(
      test::SignedBootstrapPush(test::Account("b.example.test"), SecurityType::kUserPin,
                                test::PinCredentials("1234")),
      kNow);
  ASSERT_TRUE(out.failure.has_value());
  EXPECT_EQ(out.failure->kind, "account_conflict");
  EXPECT_EQ(device.state(), DeviceState::kFailed);
  EXPECT_EQ(device.tree(), existing);
  EXPECT_EQ(disk->writes, 0);

  DeviceConfig allow = Config("1234");
  allow.policy.allow_replace_other_server = true;
  Device permissive = Make(allow, disk, existing);
  PushOutcome ok = permissive.OnPush(
      test::SignedBootstrapPush(test::Account("b.example.test"), SecurityType::kUserPin,
                                test::PinCredentials("1234")),
      kNow);
  EXPECT_TRUE(ok.session.has_value());
  EXPECT_EQ(disk->tree->Get("./DMAcc/dmboot/ServerID")->value, "b.example.test");
}

TEST(DeviceTest, WrongPinsLockOutAndTheCountIsPersisted) {
  auto disk = std::make_shared<Disk>();
  Device device = Make(Config("1234"), disk);
  for (int i = 0; i < 3; ++i) {
    bootstrap::Account a = test::Account("dms.example.test", "HMAC", "http://127.0.0.1:1/dm",
                                         "s" + std::to_string(i));
    PushOutcome out = device.OnPush(
        test::SignedBootstrapPush(a, SecurityType::kUserPin, test::PinCredentials("9999")), kNow);
    ASSERT_TRUE(out.failure.has_value());
    EXPECT_EQ(out.failure->kind, "verification_failed");
    EXPECT_EQ(disk->tree->pin_failures(), static_cast<unsigned>(i + 1));
  }
  // Locked: even the right PIN is refused, and nothing is applied.
  PushOutcome locked = device.OnPush(
      test::SignedBootstrapPush(test::Account(), SecurityType::kUserPin, test::PinCredentials("1234")),
      kNow);
  ASSERT_TRUE(locked.failure.has_value());
  EXPECT_EQ(locked.failure->kind, "pin_locked");
  EXPECT_EQ(device.tree().Get("./DMAcc"), nullptr);

  // The lock survives a restart.
  Device restarted = Make(Config("1234"), disk, *disk->tree);
  PushOutcome still = restarted.OnPush(
      test::SignedBootstrapPush(test::Account(), SecurityType::kUserPin, test::PinCredentials("1234")),
      kNow);
  EXPECT_EQ(still.failure->kind, "pin_locked");

  // A GBA bootstrap (no PIN) is not affected by the PIN lock.
  test::Network net;
  test::GpiPush gpi = net.Push({0x09});
  ASSERT_EQ(restarted.OnPush(gpi.pdu, kNow).report->status, "accepted");
  PushOutcome gba = restarted.OnPush(
      test::SignedBootstrapPush(test::Account(), SecurityType::kNetworkIdGba,
                                test::GbaCredentials(gpi.ks_naf)),
      kNow);
  EXPECT_TRUE(gba.session.has_value());
}

TEST(DeviceTest, ExpiredNafSaIsRefused) {
  auto disk = std::make_shared<Disk>();
  Device device = Make(Config(), disk);
  test::Network net;
  test::GpiPush gpi = net.Push({0x01}, kNow + 10);
  ASSERT_EQ(device.OnPush(gpi.pdu, kNow).report->status, "accepted");
  PushOutcome out = device.OnPush(
      test::SignedBootstrapPush(test::Account(), SecurityType::kNetworkIdGba,
                                test::GbaCredentials(gpi.ks_naf)),
      kNow + 20);
  ASSERT_TRUE(out.failure.has_value());
  EXPECT_EQ(out.failure->kind, "naf_sa_expired");
  EXPECT_EQ(device.state(), DeviceState::kFailed);
  EXPECT_EQ(disk->writes, 0);
}

TEST(DeviceTest, GbaBootstrapWithoutSaIsRefused) {
  auto disk = std::make_shared<Disk>();
  Device device = Make(Config(), disk);
  test::Network net;
  test::GpiPush gpi = net.Push({0x01});  // never delivered
  PushOutcome out = device.OnPush(
      test::SignedBootstrapPush(test::Account(), SecurityType::kNetworkIdGba,
                                test::GbaCredentials(gpi.ks_naf)),
      kNow);
  EXPECT_EQ(out.failure->kind, "no_naf_sa");
}

TEST(DeviceTest, NewestSaKeysTheBootstrap) {
  auto disk = std::make_shared<Disk>();
  Device device = Make(Config(), disk);
  test::Network net;
  test::GpiPush old_gpi = net.Push({0x01});
  test::GpiPush new_gpi = net.Push({0x02});
  ASSERT_EQ(device.OnPush(old_gpi.pdu, kNow).report->status, "accepted");
  ASSERT_EQ(device.OnPush(new_gpi.pdu, kNow).report->status, "accepted");
  PushOutcome with_old = device.OnPush(
      test::SignedBootstrapPush(test::Account(), SecurityType::kNetworkIdGba,
                                test::GbaCredentials(old_gpi.ks_naf)),
      kNow);
  EXPECT_EQ(with_old.failure->kind, "verification_failed");
  PushOutcome with_new = device.OnPush(
      test::SignedBootstrapPush(test::Account(), SecurityType::kNetworkIdGba,
                                test::GbaCredentials(new_gpi.ks_naf)),
      kNow);
  EXPECT_TRUE(with_new.session.has_value());
}

TEST(DeviceTest, TamperedPushFailsVerification) {
  auto disk = std::make_shared<Disk>();
  Device device = Make(Config("1234"), disk);
  PushOutcome out = device.OnPush(
      test::SignedBootstrapPush(test::Account(), SecurityType::kUserPin,
                                test::PinCredentials("1234"), /*tamper=*/true),
      kNow);
  ASSERT_TRUE(out.failure.has_value());
  EXPECT_EQ(out.failure->kind, "verification_failed");
  EXPECT_EQ(device.state(), DeviceState::kFailed);
  EXPECT_EQ(device.failure()->kind, "verification_failed");
  EXPECT_EQ(device.tree().Get("./DMAcc"), nullptr);
}

// NoAccount reports that neither the device's tree nor the disk holds an account.
bool NoAccount(const Device& device, const Disk& disk) {
  return device.tree().AccountServerIds().empty() &&
         (!disk.tree || disk.tree->AccountServerIds().empty());
}

// Every MAC the device cannot check, under every SEC type the device can be keyed for, is
// "verification_failed": nothing applied, the state failed, and for PIN types one failure counted
// and persisted. The right MAC, sent alone, then applies (so each refusal was the MAC's).
TEST(DeviceTest, EveryUncheckableMacFailsVerificationAndAppliesNothing) {
  const SecurityType types[] = {
      SecurityType::kNetworkId,   SecurityType::kUserPin,      SecurityType::kUserPinNetworkId,
      SecurityType::kNetworkIdGba, SecurityType::kUserPinNetworkIdGba, SecurityType::kCpUserPin,
      SecurityType::kCpUserNetwPin,
  };
  for (SecurityType type : types) {
    SCOPED_TRACE(std::string(bootstrap::SecurityTypeName(type)));
    auto disk = std::make_shared<Disk>();
    DeviceConfig config = Config("1234");
    config.policy.allow_networkid = true;
    config.policy.max_pin_failures = 100;  // every case reaches the MAC check
    Device device = Make(config, disk);
    bootstrap::BootstrapCredentials keys = test::PinCredentials("1234");
    keys.network_id = *bootstrap::Imsi::Parse(test::kImsi);
    if (type == SecurityType::kNetworkIdGba || type == SecurityType::kUserPinNetworkIdGba) {
      test::Network net;
      test::GpiPush gpi = net.Push({0x01});
      ASSERT_EQ(device.OnPush(gpi.pdu, kNow).report->status, "accepted");
      keys.ks_naf = test::GbaCredentials(gpi.ks_naf).ks_naf;
    }
    const std::vector<uint8_t> doc = test::BootstrapDocument(test::Account());
    const std::string mac = *bootstrap::ComputeBootstrapMac(type, keys, doc);
    std::string last_byte_off = mac;
    last_byte_off[39] = last_byte_off[39] == 'F' ? 'E' : 'F';
    const std::pair<const char*, std::vector<std::string>> cases[] = {
        {"missing", {}},
        {"empty", {""}},
        {"repeated", {mac, mac}},
        {"wrong then right", {last_byte_off, mac}},
        {"truncated", {mac.substr(0, 38)}},
        {"first 10 bytes", {mac.substr(0, 20)}},
        {"last byte differs", {last_byte_off}},
    };
    unsigned counted = 0;
    for (const auto& [what, macs] : cases) {
      SCOPED_TRACE(what);
      PushOutcome out = device.OnPush(test::BootstrapPush(doc, type, macs), kNow);
      ASSERT_TRUE(out.failure.has_value());
      EXPECT_EQ(out.failure->kind, "verification_failed") << out.failure->message;
      EXPECT_FALSE(out.session.has_value());
      EXPECT_EQ(device.state(), DeviceState::kFailed);
      EXPECT_TRUE(NoAccount(device, *disk));
      if (bootstrap::NeedsPin(type)) {
        ASSERT_TRUE(disk->tree.has_value()) << "the PIN failure was not persisted";
        EXPECT_EQ(disk->tree->pin_failures(), ++counted);
      }
    }
    EXPECT_EQ(device.tree().pin_failures(), bootstrap::NeedsPin(type) ? std::size(cases) : 0u);
    if (bootstrap::MediaOf(type) == bootstrap::BootstrapMedia::kDm) {
      PushOutcome right = device.OnPush(test::BootstrapPush(doc, type, {mac}), kNow);
      EXPECT_TRUE(right.session.has_value())
          << (right.failure ? right.failure->kind + ": " + right.failure->message : "");
    }
  }
}

// Verify before decode: a body that is not even WBXML, under a wrong MAC, is a failed verification
// (counted for a PIN type), never a malformed document: the device decodes only verified bytes.
// Signed with the right MAC, the same body is verified, then refused as malformed.
TEST(DeviceTest, MalformedBodyWithAWrongMacIsAVerificationFailure) {
  auto disk = std::make_shared<Disk>();
  Device device = Make(Config("1234"), disk);
  const std::vector<uint8_t> junk = {0x05, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00};
  const std::string right = *bootstrap::ComputeBootstrapMac(SecurityType::kUserPin,
                                                            test::PinCredentials("1234"), junk);
  std::string wrong = right;
  wrong[39] = wrong[39] == '0' ? '1' : '0';
  PushOutcome out = device.OnPush(test::BootstrapPush(junk, SecurityType::kUserPin, {wrong}), kNow);
  ASSERT_TRUE(out.failure.has_value());
  EXPECT_EQ(out.failure->kind, "verification_failed") << out.failure->message;
  ASSERT_TRUE(disk->tree.has_value());
  EXPECT_EQ(disk->tree->pin_failures(), 1u);

  PushOutcome verified =
      device.OnPush(test::BootstrapPush(junk, SecurityType::kUserPin, {right}), kNow);
  ASSERT_TRUE(verified.failure.has_value());
  EXPECT_EQ(verified.failure->kind, "bootstrap_malformed");
  EXPECT_EQ(disk->tree->pin_failures(), 0u) << "a verified MAC resets the count";
  EXPECT_TRUE(NoAccount(device, *disk));
}

// The decode budget holds on the device: a verified bootstrap whose string table is referenced
// over and over (STR_T, WAP-192 §5.8.4.1) expands past DecodeOptions::max_text_len (16 MiB) from
// a 66 KB push, and is refused before anything is built from it.
TEST(DeviceTest, StringTableExpansionPastTheDecodeBudgetIsRefused) {
  auto disk = std::make_shared<Disk>();
  Device device = Make(Config("1234"), disk);
  constexpr size_t kEntry = 64 * 1024;  // one table string of 64 KiB, NUL included
  std::vector<uint8_t> doc = {0x03, 0xa4, 0x01, 0x6a, 0x84, 0x80, 0x00};  // table length 65536
  doc.insert(doc.end(), kEntry - 1, 'a');
  doc.push_back(0x00);
  doc.push_back(0x6d);  // <SyncML> with content
  for (int i = 0; i < 300; ++i) {  // 300 × 64 KiB ≈ 19 MiB of text
    doc.insert(doc.end(), {0x83, 0x00});
  }
  doc.push_back(0x01);
  ASSERT_LT(doc.size(), 70000u);
  const std::string mac = *bootstrap::ComputeBootstrapMac(SecurityType::kUserPin,
                                                          test::PinCredentials("1234"), doc);
  PushOutcome out = device.OnPush(test::BootstrapPush(doc, SecurityType::kUserPin, {mac}), kNow);
  ASSERT_TRUE(out.failure.has_value());
  EXPECT_EQ(out.failure->kind, "bootstrap_malformed");
  EXPECT_NE(out.failure->message.find("decoded text exceeds the limit"), std::string::npos)
      << out.failure->message;
  EXPECT_TRUE(NoAccount(device, *disk));
}

TEST(DeviceTest, NetworkIdNeedsThePolicy) {
  bootstrap::BootstrapCredentials imsi;
  imsi.network_id = *bootstrap::Imsi::Parse(test::kImsi);
  std::vector<uint8_t> push =
      test::SignedBootstrapPush(test::Account(), SecurityType::kNetworkId, imsi);
  auto disk = std::make_shared<Disk>();
  Device strict = Make(Config(), disk);
  EXPECT_EQ(strict.OnPush(push, kNow).failure->kind, "policy_refused");
  DeviceConfig lax = Config();
  lax.policy.allow_networkid = true;
  Device permissive = Make(lax, disk);
  EXPECT_TRUE(permissive.OnPush(push, kNow).session.has_value());
}

TEST(DeviceTest, GpiForAnUntrustedNafIsRejected) {
  auto disk = std::make_shared<Disk>();
  Device device = Make(Config(), disk);
  test::Network net;
  test::GpiPush gpi = net.Push({0x01}, kNow + 3600, test::Dms("evil.example.test"));
  PushOutcome out = device.OnPush(gpi.pdu, kNow);
  ASSERT_TRUE(out.report.has_value());
  EXPECT_EQ(out.report->status, "rejected");
  EXPECT_NE(out.report->reason.find("refused"), std::string::npos) << out.report->reason;
  EXPECT_EQ(device.state(), DeviceState::kGpiRejected);
  EXPECT_EQ(device.failure()->kind, "gpi_rejected");
  EXPECT_EQ(device.naf_sa_count(), 0u);
}

// The USIM is ahead of the network (a configured SQN): the GPI's SQN is too old → AUTS, which
// the HSS side (gba::VerifyAuts) accepts and which reports the USIM's SQN_MS.
TEST(DeviceTest, StaleSqnGivesSyncFailureWithAVerifiableAuts) {
  auto disk = std::make_shared<Disk>();
  DeviceConfig config = Config();
  config.sqn = gba::MakeSqn(1000, 0);
  Device device = Make(config, disk);
  test::Network net;
  test::GpiPush gpi = net.Push({0x01});
  PushOutcome out = device.OnPush(gpi.pdu, kNow);
  ASSERT_TRUE(out.report.has_value());
  EXPECT_EQ(out.report->status, "sync_failure");
  EXPECT_EQ(device.state(), DeviceState::kGpiSyncFailure);
  EXPECT_EQ(out.report->rand_hex, HexEncode(gpi.rand.bytes));
  gba::Auts auts = *gba::Auts::FromSpan(*HexDecode(out.report->auts_hex));
  Result<gba::Sqn> sqn_ms = gba::VerifyAuts(net.milenage(), gpi.rand, auts);
  ASSERT_TRUE(sqn_ms.has_value());
  EXPECT_EQ(*sqn_ms, gba::MakeSqn(1000, 0));
  // A tampered AUTS is not accepted by the HSS side.
  auts.bytes[13] ^= 1;
  EXPECT_FALSE(gba::VerifyAuts(net.milenage(), gpi.rand, auts).has_value());
}

// An SQN too far ahead of the USIM (beyond Δ = 2^28, TS 33.102 C.3) is out of range too.
TEST(DeviceTest, SqnBeyondDeltaGivesSyncFailure) {
  auto disk = std::make_shared<Disk>();
  Device device = Make(Config(), disk);
  test::Network net;
  test::GpiPush gpi =
      net.Push({0x01}, kNow + 3600, test::Dms(), gba::MakeSqn((uint64_t{1} << 28) + 5, 0));
  PushOutcome out = device.OnPush(gpi.pdu, kNow);
  ASSERT_TRUE(out.report.has_value());
  EXPECT_EQ(out.report->status, "sync_failure");
  gba::Auts auts = *gba::Auts::FromSpan(*HexDecode(out.report->auts_hex));
  EXPECT_TRUE(gba::VerifyAuts(net.milenage(), gpi.rand, auts).has_value());
}

TEST(DeviceTest, PersistFailureKeepsTheOldTreeAndAllowsARetry) {
  auto disk = std::make_shared<Disk>();
  Device device = Make(Config("1234"), disk);
  bootstrap::Account account = test::Account();
  std::vector<uint8_t> push =
      test::SignedBootstrapPush(account, SecurityType::kUserPin, test::PinCredentials("1234"));
  disk->fail = true;
  PushOutcome out = device.OnPush(push, kNow);
  EXPECT_EQ(out.failure->kind, "persist_failed");
  EXPECT_EQ(device.tree(), DmTree{});
  EXPECT_FALSE(out.session.has_value());
  disk->fail = false;
  PushOutcome retry = device.OnPush(push, kNow);  // not a replay: nothing was recorded
  EXPECT_TRUE(retry.session.has_value());
}

TEST(DeviceTest, SmsBearerReassemblesInAnyOrder) {
  auto disk = std::make_shared<Disk>();
  Device device = Make(Config("1234"), disk);
  bootstrap::Account account = test::Account();
  std::vector<std::vector<uint8_t>> tpdus = test::SmsTpdus(
      test::SignedBootstrapPush(account, SecurityType::kUserPin, test::PinCredentials("1234")));
  ASSERT_GT(tpdus.size(), 2u);
  std::reverse(tpdus.begin(), tpdus.end());
  PushOutcome last;
  for (size_t i = 0; i < tpdus.size(); ++i) {
    last = device.OnSms(tpdus[i], 100 + i, kNow);
    if (i + 1 < tpdus.size()) {
      EXPECT_FALSE(last.session.has_value());
      EXPECT_FALSE(last.failure.has_value());
    }
  }
  Enroll(device, account, last);
  EXPECT_EQ(device.state(), DeviceState::kEnrolled);
}

TEST(DeviceTest, LostSmsSegmentFailsAfterTheTimeout) {
  auto disk = std::make_shared<Disk>();
  Device device = Make(Config("1234"), disk);
  std::vector<std::vector<uint8_t>> tpdus = test::SmsTpdus(test::SignedBootstrapPush(
      test::Account(), SecurityType::kUserPin, test::PinCredentials("1234")));
  for (size_t i = 0; i + 1 < tpdus.size(); ++i) {  // the last segment is lost
    EXPECT_FALSE(device.OnSms(tpdus[i], 100, kNow).failure.has_value());
  }
  EXPECT_TRUE(device.HasPendingSms());
  EXPECT_FALSE(device.Tick(500).has_value());
  std::optional<Failure> lost = device.Tick(100 + 1000 + 1);
  ASSERT_TRUE(lost.has_value());
  EXPECT_EQ(lost->kind, "sms_segment_lost");
  EXPECT_EQ(device.state(), DeviceState::kFailed);
  EXPECT_EQ(device.failure()->kind, "sms_segment_lost");
  EXPECT_FALSE(device.HasPendingSms());
}

// Hostile datagrams: random bytes, truncations and bit flips of valid pushes and TPDUs never
// crash, never apply anything and never change the state from noise alone.
TEST(DeviceTest, HostileDatagramsAreHarmless) {
  auto disk = std::make_shared<Disk>();
  Device device = Make(Config("1234"), disk);
  test::Network net;
  std::vector<std::vector<uint8_t>> valid = {
      test::SignedBootstrapPush(test::Account(), SecurityType::kUserPin,
                                test::PinCredentials("1234")),
      net.Push({0x05}).pdu};
  std::vector<std::vector<uint8_t>> tpdus = test::SmsTpdus(valid[0]);
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) {
    std::vector<uint8_t> bytes;
    switch (i % 3) {
      case 0:
        bytes.resize(rng() % 300);
        for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng());
        break;
      case 1:
        bytes = valid[rng() % valid.size()];
        bytes.resize(rng() % bytes.size());
        break;
      default:
        bytes = tpdus[rng() % tpdus.size()];
        bytes[rng() % bytes.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
        break;
    }
    (void)device.OnPush(bytes, kNow);
    (void)device.OnSms(bytes, static_cast<uint64_t>(i), kNow);
  }
  (void)device.Tick(1u << 30);
  EXPECT_EQ(device.tree().Get("./DMAcc"), nullptr);
  EXPECT_EQ(device.naf_sa_count(), 0u);
}

}  // namespace
}  // namespace dmboot::device
