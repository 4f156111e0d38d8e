#include "dmboot/provision/bootstrap_push.h"

#include <gtest/gtest.h>

#include "dmboot/core/hex.h"
#include "testing/test_data.h"

namespace dmboot::provision {
namespace {

using bootstrap::BootstrapContentType;
using bootstrap::SecurityType;

constexpr SecurityType kEveryType[] = {
    SecurityType::kNetworkId,  SecurityType::kUserPin,       SecurityType::kUserPinNetworkId,
    SecurityType::kNetworkIdGba, SecurityType::kUserPinNetworkIdGba, SecurityType::kCpNetwPin,
    SecurityType::kCpUserPin,  SecurityType::kCpUserNetwPin, SecurityType::kCpUserPinMac,
};

// Golden: the shared sample push made by mk_push_pcap.py (Python, independent of dmboot; see
// dmboot/push/testdata/README.md): a USERPIN DM bootstrap, MAC = HMAC-SHA1("1234", body).
TEST(BootstrapPushTest, EncodesTheSharedSampleByteForByte) {
  std::vector<uint8_t> golden = testing::ReadTestFile("dmboot/push/testdata/push_wellknown.wsp");
  ASSERT_EQ(golden.size(), 1537u);
  std::vector<uint8_t> body(golden.begin() + 3 + 0x31, golden.end());
  Result<std::vector<uint8_t>> pdu = push::EncodeWspPush(
      BootstrapPushOf(SecurityType::kUserPin, body, {"196BECB752DDC833B8DD7188F35D70E7D002CEAA"}));
  ASSERT_TRUE(pdu) << pdu.error().message;
  EXPECT_EQ(HexEncode(*pdu), HexEncode(golden));
}

TEST(BootstrapPushTest, SecTravelsAsTheProjectDecided) {
  // docs/push.md "SEC and MAC": legacy codes typed, the GBA types as untyped text; CP pushes have
  // the connectivity media and no application id.
  push::WspPush gba = BootstrapPushOf(SecurityType::kUserPinNetworkIdGba, {0x01}, {"AB"});
  EXPECT_EQ(gba.content_type.sec, push::WspSec::Text("USERPIN_NETWORKID_GBA"));
  EXPECT_EQ(gba.content_type.media_code, push::kMediaDmWbxml);
  ASSERT_TRUE(gba.application_id.has_value());
  EXPECT_EQ(gba.application_id->code, push::kAppIdSyncmlDm);
  push::WspPush cp = BootstrapPushOf(SecurityType::kCpUserNetwPin, {0x01}, {"AB"});
  EXPECT_EQ(cp.content_type.sec, push::WspSec::Code(2));
  EXPECT_EQ(cp.content_type.media, "application/vnd.wap.connectivity-wbxml");
  EXPECT_EQ(cp.content_type.media_code, push::kMediaConnectivityWbxml);
  EXPECT_FALSE(cp.application_id.has_value());
}

// Server to device: every type and its MACs come back typed through the wire, with no text step.
TEST(BootstrapPushTest, EveryTypeRoundTripsThroughTheWire) {
  for (SecurityType type : kEveryType) {
    for (const std::vector<std::string>& macs :
         {std::vector<std::string>{}, {"0123456789ABCDEF0123456789ABCDEF01234567"}, {"A", "B"}}) {
      Result<std::vector<uint8_t>> pdu = push::EncodeWspPush(BootstrapPushOf(type, {0x01}, macs));
      ASSERT_TRUE(pdu) << pdu.error().message;
      Result<push::WspPush> received = push::DecodeWspPush(*pdu);
      ASSERT_TRUE(received) << received.error().message;
      ASSERT_TRUE(IsBootstrapMedia(received->content_type));
      Result<BootstrapContentType> header = ReceivedContentType(received->content_type);
      ASSERT_TRUE(header) << bootstrap::SecurityTypeName(type) << ": " << header.error().message;
      EXPECT_EQ(header->media, bootstrap::MediaOf(type));
      EXPECT_EQ(header->sec, type);
      EXPECT_EQ(header->macs, macs);
    }
  }
}

push::WspContentType Media(std::string name, std::optional<uint32_t> code = std::nullopt) {
  push::WspContentType ct;
  ct.media = std::move(name);
  ct.media_code = code;
  return ct;
}

TEST(BootstrapPushTest, ReceivedSecIsReadForTheMediaFamily) {
  push::WspContentType ct = Media("application/vnd.wap.connectivity-wbxml", push::kMediaConnectivityWbxml);
  ct.sec = push::WspSec::Text("1");  // a code sent as text
  EXPECT_EQ(ReceivedContentType(ct)->sec, SecurityType::kCpUserPin);
  ct.sec = push::WspSec::Code(3);
  EXPECT_EQ(ReceivedContentType(ct)->sec, SecurityType::kCpUserPinMac);
  ct.sec = push::WspSec::Text("USERPIN_NETWORKID");  // a DM type on a CP push
  EXPECT_EQ(ReceivedContentType(ct).error().code, ErrorCode::kRefused);

  ct = Media("application/vnd.syncml.dm+wbxml", push::kMediaDmWbxml);
  ct.sec = push::WspSec::Text("userpin_networkid_gba");  // any case
  EXPECT_EQ(ReceivedContentType(ct)->sec, SecurityType::kUserPinNetworkIdGba);
  ct.sec = push::WspSec::Code(3);  // USERPINMAC is CP-only
  EXPECT_EQ(ReceivedContentType(ct).error().code, ErrorCode::kUnsupported);
  ct.sec = push::WspSec::Code(1);
  ct.sec->code = 0x10000;
  EXPECT_EQ(ReceivedContentType(ct).error().code, ErrorCode::kUnsupported);
  ct.sec = push::WspSec::Text("TRUSTME");
  EXPECT_EQ(ReceivedContentType(ct).error().code, ErrorCode::kUnsupported);
  ct.sec.reset();  // unsigned: the verifier refuses it, not this function
  Result<BootstrapContentType> unsigned_push = ReceivedContentType(ct);
  ASSERT_TRUE(unsigned_push);
  EXPECT_FALSE(unsigned_push->sec.has_value());
}

TEST(BootstrapPushTest, MediaThatIsNoSignedBootstrap) {
  // DM XML is a bootstrap the device must refuse (it cannot be signed): seen, then refused.
  push::WspContentType xml = Media("application/vnd.syncml.dm+xml", push::kMediaDmXml);
  EXPECT_TRUE(IsBootstrapMedia(xml));
  EXPECT_EQ(ReceivedContentType(xml).error().code, ErrorCode::kRefused);
  EXPECT_TRUE(IsBootstrapMedia(Media("Application/Vnd.SyncML.DM+XML")));
  EXPECT_FALSE(IsBootstrapMedia(Media("application/vnd.wap.connectivity-xml")));
  EXPECT_FALSE(IsBootstrapMedia(Media(std::string(push::kMediaGbaPushInfo))));
  EXPECT_EQ(ReceivedContentType(Media("text/plain")).error().code, ErrorCode::kUnsupported);
  // A text media is a name, never a Content-Type to parse: parameters smuggled into it are not read.
  push::WspContentType smuggled = Media("application/vnd.syncml.dm+wbxml; SEC=USERPIN; MAC=00");
  EXPECT_FALSE(IsBootstrapMedia(smuggled));
  EXPECT_EQ(ReceivedContentType(smuggled).error().code, ErrorCode::kUnsupported);
}

}  // namespace
}  // namespace dmboot::provision
