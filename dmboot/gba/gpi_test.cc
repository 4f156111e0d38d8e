#include "dmboot/gba/gpi.h"

#include <gtest/gtest.h>

#include "dmboot/gba/test_util.h"
#include "testing/vector_file.h"

namespace dmboot::gba {
namespace {

using test::Hex;
using test::HexOf;
using test::Make;
using test::MakeHex;

const GpiCodec& codec = GpiProfileV1();

GbaPushInfo SampleInfo() {
  return GbaPushInfo{Hex("0102"),
                     MakeHex<Rand>("23553cbe9637a89d218ae64dae47bf35"),
                     MakeHex<Autn>("55f328b43577b9b94a9ffac354dfafb3"),
                     *NafId::Create("dms.example.com", kDefaultDmUaId),
                     std::nullopt,
                     GbaType::kGbaMe,
                     1798761600,
                     std::nullopt,
                     {},
                     MakeHex<GpiMac>("000102030405060708090a0b0c0d0e0f")};
}

// The published vectors: BuildGpi reproduces the bytes of the independent Python implementation,
// the codec decodes them to the request's fields, and the envelope round-trips.
TEST(GpiTest, ProfileV1Vectors) {
  int cases = 0;
  testing::ForEachVector("dmboot/gba/testdata/gpi_profile_v1.txt", [&](testing::Vector& v) {
    const Milenage m =
        Milenage::Create(SubscriberKeys{Make<K>(v.Bytes("K")), Make<Opc>(v.Bytes("OPc"))});
    const Rand rand = Make<Rand>(v.Bytes("RAND"));
    const AuthVector av =
        GenerateAuthVector(m, rand, Make<Sqn>(v.Bytes("SQN")), Make<Amf>(v.Bytes("AMF")));
    const std::vector<uint8_t> ua = v.Bytes("UaId");
    GpiRequest request{v.Bytes("PTid"),
                       *NafId::Create(v.Text("NafFqdn"), {ua[0], ua[1], ua[2], ua[3], ua[4]}),
                       v.Text("IMPI"),
                       v.Text("GbaType") == "1" ? GbaType::kGbaU : GbaType::kGbaMe,
                       std::stoull(v.Text("KeyExpiry")),
                       std::nullopt,
                       std::nullopt};
    if (v.Has("AppLbl")) {
      request.app_lbl = v.Text("AppLbl");
    }
    if (v.Has("UeId")) {
      request.ue_identity = UeIdentity{
          v.Text("UeIdType") == "1" ? UeIdType::kPublic : UeIdType::kPrivate, v.Text("UeId")};
    }
    const std::string session_id = v.Text("SessionId");
    const std::vector<uint8_t> gpi = v.Bytes("Gpi");
    const std::vector<uint8_t> envelope = v.Bytes("Envelope");
    const std::vector<uint8_t> ks_naf = v.Bytes("KsNaf");

    Result<GpiResponse> built = BuildGpi(request, av);
    ASSERT_TRUE(built.has_value()) << built.error().message;
    EXPECT_EQ(HexOf(built->gpi), HexOf(gpi));
    EXPECT_EQ(HexOf(built->ks_naf.Reveal()), HexOf(ks_naf));
    if (v.Has("KsIntNaf")) {
      ASSERT_TRUE(built->ks_int_naf.has_value());
      EXPECT_EQ(HexOf(built->ks_int_naf->Reveal()), HexOf(v.Bytes("KsIntNaf")));
    } else {
      EXPECT_FALSE(built->ks_int_naf.has_value());
    }

    Result<GbaPushInfo> decoded = codec.Decode(gpi);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->p_tid, request.p_tid);
    EXPECT_EQ(decoded->rand, rand);
    EXPECT_EQ(decoded->naf_id, request.naf_id);
    EXPECT_EQ(decoded->gba_type, request.gba_type);
    EXPECT_EQ(decoded->key_expiry, request.key_expiry);
    EXPECT_EQ(decoded->app_lbl, request.app_lbl);
    EXPECT_EQ(decoded->ue_identity, request.ue_identity);
    EXPECT_EQ(HexOf(*codec.Encode(*decoded)), HexOf(gpi));
    EXPECT_TRUE(VerifyGpiMac(codec, built->ks_naf, gpi, *decoded).has_value());

    Result<std::vector<uint8_t>> env = EncodeGpiEnvelope(GpiEnvelope{session_id, gpi});
    ASSERT_TRUE(env.has_value());
    EXPECT_EQ(HexOf(*env), HexOf(envelope));
    Result<GpiEnvelope> env_back = DecodeGpiEnvelope(envelope);
    ASSERT_TRUE(env_back.has_value());
    EXPECT_EQ(env_back->session_id, session_id);
    EXPECT_EQ(env_back->gpi, gpi);
    ++cases;
  });
  EXPECT_EQ(cases, 2);
}

TEST(GpiTest, RoundTripWithOptionalFieldsAndExtensions) {
  GbaPushInfo info = SampleInfo();
  info.app_lbl = "ISIM app";
  info.ue_identity =
      UeIdentity{UeIdType::kPrivate, "001010000000001@ims.mnc001.mcc001.3gppnetwork.org"};
  info.extensions = {GpiExtension{0x01, Hex("aa")}, GpiExtension{0x7f, {}}};
  info.gba_type = GbaType::kGbaU;
  Result<std::vector<uint8_t>> bytes = codec.Encode(info);
  ASSERT_TRUE(bytes.has_value());
  Result<GbaPushInfo> back = codec.Decode(*bytes);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->extensions, info.extensions);
  EXPECT_EQ(back->app_lbl, info.app_lbl);
  EXPECT_EQ(back->ue_identity, info.ue_identity);
  EXPECT_EQ(back->mac, info.mac);
  EXPECT_EQ(HexOf(*codec.Encode(*back)), HexOf(*bytes));
  EXPECT_EQ(HexOf(codec.MacInput(*bytes)),
            HexOf(std::span<const uint8_t>(*bytes).first(bytes->size() - 19)));
}

// Negative vectors: each is SampleInfo's encoding with one defect.
TEST(GpiTest, DecoderRefusesBadInput) {
  const std::vector<uint8_t> good = *codec.Encode(SampleInfo());
  ASSERT_TRUE(codec.Decode(good).has_value());
  struct Case {
    const char* name;
    std::vector<uint8_t> bytes;
    ErrorCode code;
  };
  std::vector<Case> cases;
  cases.push_back({"empty", {}, ErrorCode::kTruncated});
  cases.push_back({"version 2", good, ErrorCode::kUnsupported});
  cases.back().bytes[0] = 2;
  cases.push_back(
      {"truncated", std::vector<uint8_t>(good.begin(), good.end() - 1), ErrorCode::kTruncated});
  cases.push_back({"trailing byte", good, ErrorCode::kMalformed});
  cases.back().bytes.push_back(0);
  {
    std::vector<uint8_t> b = good;  // MAC missing: drop the last 19 bytes
    b.resize(b.size() - 19);
    cases.push_back({"no MAC", b, ErrorCode::kMalformed});
  }
  {
    std::vector<uint8_t> b = good;  // unknown critical field 0x89 before the MAC
    b.insert(b.end() - 19, {0x89, 0x00, 0x01, 0x00});
    cases.push_back({"unknown critical 0x89", b, ErrorCode::kUnsupported});
  }
  {
    std::vector<uint8_t> b = good;  // unknown non-critical field out of order (after 0x81)
    b.insert(b.end() - 19, {0x10, 0x00, 0x00});
    cases.push_back({"non-critical out of order", b, ErrorCode::kMalformed});
  }
  {
    std::vector<uint8_t> b = {1, 0x81, 0, 1, 0xaa, 0x81, 0, 1, 0xbb};  // repeated P-TID
    cases.push_back({"repeated field", b, ErrorCode::kMalformed});
  }
  {
    std::vector<uint8_t> b = {1, 0x00, 0, 0};
    cases.push_back({"reserved tag 0", b, ErrorCode::kMalformed});
  }
  {
    std::vector<uint8_t> b = good;  // RAND length 15: 0x82 00 10 → 00 0f (then bytes misalign)
    b[1 + 3 + 2 + 2] = 0x0f;
    cases.push_back({"RAND length", b, ErrorCode::kMalformed});
  }
  {
    std::vector<uint8_t> b = good;  // GBA type 2
    const size_t at = b.size() - 19 - 11 - 4 + 3;
    ASSERT_EQ(b[at - 3], 0x86);
    b[at] = 2;
    cases.push_back({"GBA type 2", b, ErrorCode::kMalformed});
  }
  {
    std::vector<uint8_t> b = {1, 0x81, 0, 0};  // empty P-TID
    cases.push_back({"empty P-TID", b, ErrorCode::kMalformed});
  }
  {
    std::vector<uint8_t> b = {1, 0x81, 0xff, 0xff, 0x00};  // declared length past the end
    cases.push_back({"length past end", b, ErrorCode::kTruncated});
  }
  for (const Case& c : cases) {
    Result<GbaPushInfo> r = codec.Decode(c.bytes);
    ASSERT_FALSE(r.has_value()) << c.name;
    EXPECT_EQ(r.error().code, c.code) << c.name << ": " << r.error().message;
  }
}

TEST(GpiTest, EncoderValidatesFields) {
  GbaPushInfo info = SampleInfo();
  info.p_tid.clear();
  EXPECT_EQ(codec.Encode(info).error().code, ErrorCode::kInvalidArgument);
  info = SampleInfo();
  info.p_tid.assign(256, 1);
  EXPECT_EQ(codec.Encode(info).error().code, ErrorCode::kInvalidArgument);
  info = SampleInfo();
  info.app_lbl = std::string("bad\n");
  EXPECT_EQ(codec.Encode(info).error().code, ErrorCode::kInvalidArgument);
  info = SampleInfo();
  info.extensions = {GpiExtension{0x80, {}}};
  EXPECT_EQ(codec.Encode(info).error().code, ErrorCode::kInvalidArgument);
  info.extensions = {GpiExtension{0x05, {}}, GpiExtension{0x05, {}}};
  EXPECT_EQ(codec.Encode(info).error().code, ErrorCode::kInvalidArgument);
}

TEST(GpiTest, MacCoversEveryByteAndUsesADerivedKey) {
  const NafKey ks_naf =
      MakeHex<NafKey>("d1e9dc99c025377aa6d6dd48b73a5b2634e145574d2466074f37568f495b351a");
  GbaPushInfo info = SampleInfo();
  std::vector<uint8_t> bytes = *codec.Encode(info);
  info.mac = ComputeGpiMac(ks_naf, codec.MacInput(bytes));
  bytes = *codec.Encode(info);
  ASSERT_TRUE(VerifyGpiMac(codec, ks_naf, bytes, *codec.Decode(bytes)).has_value());
  // The GPI MAC key is not Ks_NAF itself (Ks_NAF keys the bootstrap MAC).
  EXPECT_FALSE(DeriveGpiMacKey(ks_naf) == ks_naf);
  for (size_t bit = 0; bit < bytes.size() * 8; ++bit) {
    std::vector<uint8_t> bad = bytes;
    bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    Result<GbaPushInfo> decoded = codec.Decode(bad);
    if (!decoded) {
      continue;  // refused by the decoder already
    }
    Result<void> r = VerifyGpiMac(codec, ks_naf, bad, *decoded);
    ASSERT_FALSE(r.has_value()) << "bit " << bit;
    EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed);
  }
}

TEST(GpiEnvelopeTest, NegativeCases) {
  EXPECT_EQ(EncodeGpiEnvelope(GpiEnvelope{"", {1}}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(EncodeGpiEnvelope(GpiEnvelope{std::string(256, 'a'), {1}}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(DecodeGpiEnvelope(Hex("02013100")).error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(DecodeGpiEnvelope(Hex("0100")).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(DecodeGpiEnvelope(Hex("01013100")).error().code, ErrorCode::kTruncated);
  EXPECT_EQ(DecodeGpiEnvelope(Hex("0101310001")).error().code, ErrorCode::kTruncated);
  EXPECT_EQ(DecodeGpiEnvelope(Hex("01013100000a")).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(DecodeGpiEnvelope(Hex("0101090000")).error().code, ErrorCode::kMalformed);
  Result<GpiEnvelope> empty_gpi = DecodeGpiEnvelope(Hex("0101310000"));
  ASSERT_TRUE(empty_gpi.has_value());
  EXPECT_TRUE(empty_gpi->gpi.empty());
}

}  // namespace
}  // namespace dmboot::gba
