#include "dmboot/gba/kdf.h"

#include <gtest/gtest.h>

#include "dmboot/crypto/hmac.h"
#include "dmboot/gba/test_util.h"
#include "testing/vector_file.h"

namespace dmboot::gba {
namespace {

using test::Hex;
using test::HexOf;
using test::Make;
using test::MakeHex;

TEST(KdfTest, ComputedVectors) {
  int cases = 0;
  testing::ForEachVector("dmboot/gba/testdata/gba_kdf.txt", [&](testing::Vector& v) {
    const Ck ck = Make<Ck>(v.Bytes("CK"));
    const Ik ik = Make<Ik>(v.Bytes("IK"));
    const Rand rand = Make<Rand>(v.Bytes("RAND"));
    const std::string impi = v.Text("IMPI");
    const std::string fqdn = v.Text("NafFqdn");
    const std::vector<uint8_t> ua = v.Bytes("UaId");
    v.Bytes("AUTN");  // checked by the Milenage tests
    const std::vector<uint8_t> ks_naf = v.Bytes("KsNaf");
    const std::vector<uint8_t> ks_int_naf = v.Bytes("KsIntNaf");
    ASSERT_EQ(ua.size(), 5u);
    Result<NafId> naf_id = NafId::Create(fqdn, {ua[0], ua[1], ua[2], ua[3], ua[4]});
    ASSERT_TRUE(naf_id.has_value());
    const Ks ks = MakeKs(ck, ik);
    const NafKeyContext context{rand, impi, *naf_id};
    Result<NafKey> ext = DeriveNafKey(ks, NafKeyKind::kExternal, context);
    Result<NafKey> internal = DeriveNafKey(ks, NafKeyKind::kInternal, context);
    ASSERT_TRUE(ext.has_value() && internal.has_value());
    EXPECT_EQ(HexOf(ext->Reveal()), HexOf(ks_naf));
    EXPECT_EQ(HexOf(internal->Reveal()), HexOf(ks_int_naf));
    ++cases;
  });
  EXPECT_EQ(cases, 3);
}

// The full S of set 1 (gba-push.md §5.4): the KDF equals HMAC-SHA-256 over exactly these bytes.
TEST(KdfTest, Set1StringSLayout) {
  const std::vector<uint8_t> s = Hex(
      "01"
      "6762612d6d65"
      "0006"
      "23553cbe9637a89d218ae64dae47bf35"
      "0010"
      "30303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b"
      "2e6f7267"
      "0031"
      "646d732e6578616d706c652e636f6d"
      "0300000000"
      "0014");
  ASSERT_EQ(s.size(), 100u);
  const std::vector<uint8_t> key =
      Hex("b40ba9a3c58b2a05bbf0d987b21bf8cbf769bcd751044604127672711c6d3441");
  EXPECT_EQ(HexOf(crypto::HmacSha256(key, s).span()),
            "9b4001416135eff11566c6c737f87bb280d2dbeb522c6be3a0ea615b1c963852");
  const std::vector<uint8_t> label = {'g', 'b', 'a', '-', 'm', 'e'};
  const std::vector<uint8_t> rand = Hex("23553cbe9637a89d218ae64dae47bf35");
  const std::string impi = "001010000000001@ims.mnc001.mcc001.3gppnetwork.org";
  const std::vector<uint8_t> impi_bytes(impi.begin(), impi.end());
  const std::vector<uint8_t> naf = Hex("646d732e6578616d706c652e636f6d0300000000");
  Result<crypto::SecretBytes> out = Kdf(key, 0x01, {label, rand, impi_bytes, naf});
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(HexOf(out->Reveal()),
            "9b4001416135eff11566c6c737f87bb280d2dbeb522c6be3a0ea615b1c963852");
}

TEST(KdfTest, ParameterLengthLimit) {
  const std::vector<uint8_t> key(32, 1);
  const std::vector<uint8_t> max(65535, 'a');
  const std::vector<uint8_t> too_long(65536, 'a');
  EXPECT_TRUE(Kdf(key, 0x01, {max}).has_value());
  Result<crypto::SecretBytes> r = Kdf(key, 0x01, {too_long});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  // No parameters at all: S = FC. Python: hmac.new(b"\x01"*32, b"\x01", hashlib.sha256)
  EXPECT_EQ(HexOf(Kdf(key, 0x01, {})->Reveal()), HexOf(crypto::HmacSha256(key, Hex("01")).span()));
}

TEST(NafIdTest, BytesAndParse) {
  Result<NafId> id = NafId::Create("dms.example.com", kDefaultDmUaId);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(HexOf(id->Bytes()), "646d732e6578616d706c652e636f6dff00000001");
  Result<NafId> parsed = NafId::Parse(id->Bytes());
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, *id);
  EXPECT_EQ(parsed->fqdn(), "dms.example.com");
}

TEST(NafIdTest, RejectsBadFqdn) {
  for (const char* bad : {"", ".example.com", "a..b", "dms.example.com.", "dms example.com",
                          "dms/x", "d\xc3\xa9.com"}) {
    Result<NafId> id = NafId::Create(bad, kDefaultDmUaId);
    ASSERT_FALSE(id.has_value()) << bad;
    EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_FALSE(NafId::Create(std::string(254, 'a'), kDefaultDmUaId).has_value());
  EXPECT_TRUE(NafId::Create(std::string(253, 'a'), kDefaultDmUaId).has_value());
  EXPECT_EQ(NafId::Parse(Hex("0300000000")).error().code, ErrorCode::kMalformed);
}

// TS 23.003 §13.3 example: IMSI 234150999999999 (MCC 234, MNC 15) →
// 234150999999999@ims.mnc015.mcc234.3gppnetwork.org.
TEST(ImpiTest, FromImsi) {
  EXPECT_EQ(*ImpiFromImsi("234150999999999", 2),
            "234150999999999@ims.mnc015.mcc234.3gppnetwork.org");
  EXPECT_EQ(*ImpiFromImsi("001010000000001", 2),
            "001010000000001@ims.mnc001.mcc001.3gppnetwork.org");
  EXPECT_EQ(*ImpiFromImsi("310150123456789", 3),
            "310150123456789@ims.mnc150.mcc310.3gppnetwork.org");
  EXPECT_FALSE(ImpiFromImsi("12345", 2).has_value());
  EXPECT_FALSE(ImpiFromImsi("1234567890123456", 2).has_value());
  EXPECT_FALSE(ImpiFromImsi("00101000000000a", 2).has_value());
  EXPECT_FALSE(ImpiFromImsi("001010000000001", 4).has_value());
}

}  // namespace
}  // namespace dmboot::gba
