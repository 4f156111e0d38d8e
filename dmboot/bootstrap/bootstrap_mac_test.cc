#include "dmboot/bootstrap/bootstrap_mac.h"

#include <gtest/gtest.h>

#include "dmboot/bootstrap/bootstrap_key.h"
#include "dmboot/bootstrap/test_util.h"
#include "dmboot/crypto/hmac.h"

namespace dmboot::bootstrap {
namespace {

std::vector<uint8_t> Bytes(const crypto::SecretBytes& s) {
  return std::vector<uint8_t>(s.Reveal().begin(), s.Reveal().end());
}

std::string Lower(std::string s) {
  for (char& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

TEST(BootstrapMacTest, ComputedVectorsForEveryType) {
  int cases = 0;
  testing::ForEachVector("dmboot/bootstrap/testdata/bootstrap_mac_computed.txt", [&](testing::Vector& v) {
    ++cases;
    const BootstrapMedia media = v.Text("Media") == "CP" ? BootstrapMedia::kCp : BootstrapMedia::kDm;
    const SecurityType type = *ParseSecurityType(media, v.Text("SEC"));
    const std::vector<uint8_t> doc = v.Text("Document") == "cp" ? test::CpDocument() : test::Dm12Document();
    const BootstrapCredentials creds = test::CredentialsFrom(v);
    const std::vector<uint8_t> key = v.Bytes("Key");
    const std::string mac = v.Text("MAC");

    Result<crypto::SecretBytes> derived = DeriveBootstrapKey(type, creds);
    ASSERT_TRUE(derived) << derived.error().message;
    EXPECT_EQ(Bytes(*derived), key);
    Result<std::string> computed = ComputeBootstrapMac(type, creds, doc);
    ASSERT_TRUE(computed);
    EXPECT_EQ(*computed, mac);

    if (type == SecurityType::kCpUserPinMac) {
      // The device holds the user string K ‖ m.
      BootstrapCredentials device;
      device.pin = *Pin::Parse(v.Text("PIN") + mac);
      EXPECT_TRUE(VerifyBootstrapMac(type, device, doc, ""));
      return;
    }
    EXPECT_TRUE(VerifyBootstrapMac(type, creds, doc, mac));
    EXPECT_TRUE(VerifyBootstrapMac(type, creds, doc, Lower(mac))) << "either case is accepted";
  });
  EXPECT_EQ(cases, 15);
}

TEST(BootstrapMacTest, NowSmsNetwPinVectorAndItsAsciiKeyNegative) {
  int cases = 0;
  testing::ForEachVector("dmboot/bootstrap/testdata/cp_netwpin_nowsms.txt", [&](testing::Vector& v) {
    ++cases;
    const std::vector<uint8_t> doc = v.Bytes("Document");
    EXPECT_EQ(doc, test::CpDocument());
    BootstrapCredentials creds;
    creds.network_id = test::TestImsi();
    if (v.Has("IMSI")) {
      creds.network_id = *Imsi::Parse(v.Text("IMSI"));
      EXPECT_EQ(Bytes(*DeriveBootstrapKey(SecurityType::kCpNetwPin, creds)), v.Bytes("Key"));
      const std::string mac = v.Text("MAC");
      EXPECT_EQ(*ComputeBootstrapMac(SecurityType::kCpNetwPin, creds, doc), mac);
      EXPECT_TRUE(VerifyBootstrapMac(SecurityType::kCpNetwPin, creds, doc, mac));
      return;
    }
    // The ASCII-digit key gives the poster's wrong MAC: the binary rule must refuse it, the
    // explicit ASCII option reproduces it.
    const std::string wrong = v.Text("WrongMAC");
    const std::vector<uint8_t> ascii_key = v.Bytes("AsciiKey");
    Result<void> refused = VerifyBootstrapMac(SecurityType::kNetworkId, creds, doc, wrong);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kAuthenticationFailed);
    creds.network_id_format = NetworkIdFormat::kAscii;
    EXPECT_EQ(Bytes(*DeriveBootstrapKey(SecurityType::kNetworkId, creds)), ascii_key);
    EXPECT_EQ(*ComputeBootstrapMac(SecurityType::kNetworkId, creds, doc), wrong);
  });
  EXPECT_EQ(cases, 2);
}

TEST(BootstrapMacTest, CpKeyVectorsAndTheTwoCombinedRules) {
  testing::ForEachVector("dmboot/bootstrap/testdata/cp_keys_computed.txt", [](testing::Vector& v) {
    const std::string sec = v.Text("SEC");
    const BootstrapMedia media = sec == "USERPIN_NETWORKID" ? BootstrapMedia::kDm : BootstrapMedia::kCp;
    const SecurityType type = *ParseSecurityType(media, sec);
    BootstrapCredentials creds;
    creds.network_id = test::TestImsi();
    creds.pin = test::TestPin();
    const std::vector<uint8_t> doc = v.Bytes("Document");
    EXPECT_EQ(Bytes(*DeriveBootstrapKey(type, creds)), v.Bytes("Key"));
    EXPECT_EQ(*ComputeBootstrapMac(type, creds, doc), v.Text("MAC"));
  });
}

TEST(BootstrapMacTest, DmAndCpCombinedRulesDoNotVerifyEachOther) {
  const std::vector<uint8_t> doc = test::CpDocument();
  BootstrapCredentials creds;
  creds.network_id = test::TestImsi();
  creds.pin = test::TestPin();
  const std::string dm_mac = *ComputeBootstrapMac(SecurityType::kUserPinNetworkId, creds, doc);
  const std::string cp_mac = *ComputeBootstrapMac(SecurityType::kCpUserNetwPin, creds, doc);
  EXPECT_NE(dm_mac, cp_mac);
  EXPECT_FALSE(VerifyBootstrapMac(SecurityType::kCpUserNetwPin, creds, doc, dm_mac));
  EXPECT_FALSE(VerifyBootstrapMac(SecurityType::kUserPinNetworkId, creds, doc, cp_mac));
}

TEST(BootstrapMacTest, MalformedMacTextsFailGenerically) {
  const std::vector<uint8_t> doc = test::CpDocument();
  BootstrapCredentials creds;
  creds.pin = test::TestPin();
  const std::string good = *ComputeBootstrapMac(SecurityType::kUserPin, creds, doc);
  for (const std::string& bad : {std::string(), good.substr(0, 39), good + "0", good.substr(0, 38),
                                 good + "00", "G" + good.substr(1), " " + good.substr(1),
                                 good.substr(0, 39) + "\n"}) {
    Result<void> r = VerifyBootstrapMac(SecurityType::kUserPin, creds, doc, bad);
    ASSERT_FALSE(r) << "'" << bad << "'";
    EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed);
    EXPECT_EQ(r.error().message, "verification failed");
  }
}

TEST(BootstrapMacTest, MissingCredentialIsAnArgumentErrorNamingIt) {
  const std::vector<uint8_t> doc = test::CpDocument();
  BootstrapCredentials none;
  for (SecurityType type :
       {SecurityType::kNetworkId, SecurityType::kUserPin, SecurityType::kUserPinNetworkId,
        SecurityType::kNetworkIdGba, SecurityType::kUserPinNetworkIdGba, SecurityType::kCpNetwPin,
        SecurityType::kCpUserPin, SecurityType::kCpUserNetwPin, SecurityType::kCpUserPinMac}) {
    Result<std::string> r = ComputeBootstrapMac(type, none, doc);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("needs"), std::string::npos) << r.error().message;
  }
  BootstrapCredentials esn;
  esn.network_id = *Esn::Parse("A1B2C3D4");
  Result<std::string> cp = ComputeBootstrapMac(SecurityType::kCpNetwPin, esn, doc);
  ASSERT_FALSE(cp);
  EXPECT_NE(cp.error().message.find("an IMSI"), std::string::npos);
}

// Tink's tamper loop, over the MAC, the body and the key, for every type.
TEST(BootstrapMacTest, EveryFlippedBitFailsForEveryType) {
  const std::vector<uint8_t> cp_doc = test::CpDocument();
  BootstrapCredentials creds;
  creds.network_id = test::TestImsi();
  creds.pin = test::TestPin("12345");
  creds.ks_naf = *KsNaf::Create(crypto::SecretBytes(std::vector<uint8_t>(32, 0x5a)));
  const std::vector<SecurityType> types = {
      SecurityType::kNetworkId,   SecurityType::kUserPin,       SecurityType::kUserPinNetworkId,
      SecurityType::kNetworkIdGba, SecurityType::kUserPinNetworkIdGba, SecurityType::kCpNetwPin,
      SecurityType::kCpUserPin,   SecurityType::kCpUserNetwPin};
  for (SecurityType type : types) {
    SCOPED_TRACE(std::string(SecurityTypeName(type)));
    const std::string mac = *ComputeBootstrapMac(type, creds, cp_doc);
    const std::vector<uint8_t> mac_bytes = *HexDecode(mac);
    ASSERT_TRUE(VerifyBootstrapMac(type, creds, cp_doc, mac));
    for (size_t bit = 0; bit < mac_bytes.size() * 8; ++bit) {
      std::vector<uint8_t> flipped = mac_bytes;
      flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      EXPECT_FALSE(VerifyBootstrapMac(type, creds, cp_doc, HexEncode(flipped))) << "MAC bit " << bit;
    }
    for (size_t bit = 0; bit < cp_doc.size() * 8; ++bit) {
      std::vector<uint8_t> body = cp_doc;
      body[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      EXPECT_FALSE(VerifyBootstrapMac(type, creds, body, mac)) << "body bit " << bit;
    }
    const crypto::SecretBytes key = *DeriveBootstrapKey(type, creds);
    for (size_t bit = 0; bit < key.size() * 8; ++bit) {
      std::vector<uint8_t> wrong_key = Bytes(key);
      wrong_key[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      const std::string forged = HexEncode(crypto::HmacSha1(wrong_key, cp_doc).span());
      EXPECT_FALSE(VerifyBootstrapMac(type, creds, cp_doc, forged)) << "key bit " << bit;
    }
  }
}

TEST(BootstrapMacTest, UserPinMacTamper) {
  const std::vector<uint8_t> doc = test::CpDocument();
  BootstrapCredentials signer;
  signer.pin = test::TestPin("12345");
  const std::string m = *ComputeBootstrapMac(SecurityType::kCpUserPinMac, signer, doc);
  ASSERT_EQ(m, "98364");  // shared notes §6.3, Python hmac
  BootstrapCredentials device;
  device.pin = *Pin::Parse("12345" + m);
  ASSERT_TRUE(VerifyBootstrapMac(SecurityType::kCpUserPinMac, device, doc, ""));
  for (const char* wrong : {"1234598365", "1234698364", "123459836", "12345983640"}) {
    device.pin = *Pin::Parse(std::string(wrong));
    EXPECT_FALSE(VerifyBootstrapMac(SecurityType::kCpUserPinMac, device, doc, "")) << wrong;
  }
  device.pin = *Pin::Parse("12345" + m);
  for (size_t bit = 0; bit < doc.size() * 8; ++bit) {
    std::vector<uint8_t> body = doc;
    body[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    // m has 5 decimal digits: about 1 in 10^5 tampered bodies would pass by chance; none of these
    // 944 do, which is what this pins.
    EXPECT_FALSE(VerifyBootstrapMac(SecurityType::kCpUserPinMac, device, body, "")) << bit;
  }
}

TEST(BootstrapSignerTest, KeyedOnceSignsManyDocuments) {
  BootstrapCredentials creds;
  creds.pin = test::TestPin();
  BootstrapSigner signer = *BootstrapSigner::Create(SecurityType::kUserPin, creds);
  const std::vector<uint8_t> a = test::CpDocument();
  const std::vector<uint8_t> b = test::Dm12Document();
  EXPECT_EQ(signer.Sign(a), *ComputeBootstrapMac(SecurityType::kUserPin, creds, a));
  EXPECT_EQ(signer.Sign(b), *ComputeBootstrapMac(SecurityType::kUserPin, creds, b));
  EXPECT_EQ(signer.Sign(a), "47D644FE45B4E15A7A15ED13C0D5096E8E263D9C");  // cp_keys_computed.txt
}

}  // namespace
}  // namespace dmboot::bootstrap
