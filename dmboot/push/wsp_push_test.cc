#include "dmboot/push/wsp_push.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dmboot/core/hex.h"
#include "testing/test_data.h"
#include "testing/vector_file.h"

namespace dmboot::push {
namespace {

std::string ErrorName(const Error& e) { return std::string(ErrorCodeName(e.code)); }

std::string Joined(const std::vector<WspParameter>& params) {
  std::string out;
  for (const WspParameter& p : params) {
    out += (out.empty() ? "" : ";") + p.name + "=" + p.text;
  }
  return out;
}

std::string Joined(const std::vector<WspHeader>& headers) {
  std::string out;
  for (const WspHeader& h : headers) {
    out += (out.empty() ? "" : ";") + h.name + "=" + h.text;
  }
  return out;
}

std::string CodeHex(std::optional<uint32_t> code) {
  if (!code) {
    return "";
  }
  std::vector<uint8_t> b = {static_cast<uint8_t>(*code)};
  return HexEncode(b);
}

TEST(WspPushTest, Vectors) {
  int num_cases = 0;
  testing::ForEachVector("dmboot/push/testdata/wsp_push_vectors.txt", [&](testing::Vector& v) {
    ++num_cases;
    std::vector<uint8_t> pdu = v.Bytes("Pdu");
    WspMode mode = WspMode::kConnectionless;
    if (v.Has("Mode")) {
      EXPECT_EQ(v.Text("Mode"), "connection");
      mode = WspMode::kConnectionOriented;
    }
    Result<WspPush> push = DecodeWspPush(pdu, mode);
    if (v.Has("Error")) {
      ASSERT_FALSE(push) << "decoded a bad PDU";
      EXPECT_EQ(ErrorName(push.error()), v.Text("Error")) << push.error().message;
      return;
    }
    ASSERT_TRUE(push) << push.error().message;
    if (v.Has("MediaHex")) {
      (void)v.Bytes("MediaHex");
    }
    std::vector<uint8_t> media = v.Bytes("Media");
    EXPECT_EQ(push->content_type.media, std::string(media.begin(), media.end()));
    EXPECT_EQ(CodeHex(push->content_type.media_code), v.Text("MediaCode"));
    std::string sec_typed = v.Text("SecTyped");
    std::string sec_name = v.Text("Sec");
    std::string sec_code = v.Text("SecCode");
    if (sec_typed.empty()) {
      EXPECT_FALSE(push->content_type.sec.has_value());
    } else {
      ASSERT_TRUE(push->content_type.sec.has_value());
      EXPECT_EQ(push->content_type.sec->typed, sec_typed == "01");
      EXPECT_EQ(push->content_type.sec->name, sec_name);
      EXPECT_EQ(CodeHex(push->content_type.sec->code), sec_code);
    }
    std::string mac = v.Text("Mac");
    EXPECT_EQ(push->content_type.macs, mac.empty() ? std::vector<std::string>{}
                                                   : std::vector<std::string>{mac});
    std::string app_id = v.Text("AppId");
    if (app_id.empty()) {
      EXPECT_FALSE(push->application_id.has_value());
    } else {
      ASSERT_TRUE(push->application_id.has_value());
      EXPECT_EQ(push->application_id->code ? CodeHex(push->application_id->code)
                                           : push->application_id->uri,
                app_id);
    }
    EXPECT_EQ(Joined(push->content_type.parameters), v.Has("Params") ? v.Text("Params") : "");
    EXPECT_EQ(Joined(push->headers), v.Has("Headers") ? v.Text("Headers") : "");
    EXPECT_EQ(HexEncode(push->body), HexEncode(v.Bytes("Body")));
    Result<std::vector<uint8_t>> again = EncodeWspPush(*push, mode);
    ASSERT_TRUE(again) << again.error().message;
    Result<WspPush> redecoded = DecodeWspPush(*again, mode);
    ASSERT_TRUE(redecoded) << redecoded.error().message;
    EXPECT_TRUE(*redecoded == *push) << "encode-then-decode changed the push";
    if (v.Has("Encode")) {
      (void)v.Bytes("Encode");
      EXPECT_EQ(HexEncode(*again), HexEncode(pdu));
    }
  });
  EXPECT_GE(num_cases, 30);
}

WspPush SamplePush(std::vector<uint8_t> body) {
  WspPush push;
  push.tid = 1;
  push.content_type.media_code = kMediaDmWbxml;
  push.content_type.media = "application/vnd.syncml.dm+wbxml";
  push.content_type.sec = WspSec::Code(1);
  push.content_type.macs = {"196BECB752DDC833B8DD7188F35D70E7D002CEAA"};
  push.application_id = WspApplicationId{kAppIdSyncmlDm, ""};
  push.body = std::move(body);
  return push;
}

// Golden: the shared sample made by mk_push_pcap.py (Python, independent of us) and read by
// tshark as "SEC=USERPIN; MAC=196BEC...; X-Wap-Application-Id: x-wap-application:syncml.dm".
TEST(WspPushTest, EncodesTheSharedSampleByteForByte) {
  std::vector<uint8_t> golden = testing::ReadTestFile("dmboot/push/testdata/push_wellknown.wsp");
  ASSERT_EQ(golden.size(), 1537u);
  const size_t headers_end = 3 + 0x31;
  std::vector<uint8_t> body(golden.begin() + headers_end, golden.end());
  Result<std::vector<uint8_t>> pdu = EncodeWspPush(SamplePush(body));
  ASSERT_TRUE(pdu) << pdu.error().message;
  EXPECT_EQ(HexEncode(*pdu), HexEncode(golden));

  Result<WspPush> back = DecodeWspPush(golden);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, SamplePush(body));
  EXPECT_EQ(back->content_type.media, "application/vnd.syncml.dm+wbxml");
}

// Every prefix that ends inside the headers fails cleanly; one that ends in the body is a push
// with a shorter body (a WSP body has no length of its own: the bearer delimits it).
TEST(WspPushTest, TruncationAtEveryOffset) {
  std::vector<uint8_t> golden = testing::ReadTestFile("dmboot/push/testdata/push_wellknown.wsp");
  const size_t headers_end = 3 + 0x31;
  for (size_t len = 0; len < golden.size(); ++len) {
    Result<WspPush> push = DecodeWspPush(std::span<const uint8_t>(golden.data(), len));
    if (len < headers_end) {
      ASSERT_FALSE(push) << "prefix of " << len;
      EXPECT_TRUE(push.error().code == ErrorCode::kTruncated) << len << push.error().message;
    } else {
      ASSERT_TRUE(push) << len << ": " << push.error().message;
      EXPECT_EQ(push->body.size(), len - headers_end);
    }
  }
}

TEST(WspPushTest, GbaSecIsUntypedText) {
  WspPush push;
  push.content_type.media = std::string(kMediaGbaPushInfo);
  push.content_type.sec = WspSec::Text("USERPIN_NETWORKID_GBA");
  push.content_type.macs = {"00"};
  push.body = {0x01};
  Result<std::vector<uint8_t>> pdu = EncodeWspPush(push);
  ASSERT_TRUE(pdu);
  std::string text(pdu->begin(), pdu->end());
  EXPECT_NE(text.find(std::string("SEC\0USERPIN_NETWORKID_GBA\0", 26)), std::string::npos);
  Result<WspPush> back = DecodeWspPush(*pdu);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, push);
}

// A repeated MAC is the verifier's to refuse (docs/push.md "Decoder tolerance"): the codec keeps
// both, typed or untyped, in order, and writes them back.
TEST(WspPushTest, RepeatedMacIsKeptInOrder) {
  WspPush push = SamplePush({0x01});
  push.content_type.macs = {"AA", "BB"};
  Result<std::vector<uint8_t>> pdu = EncodeWspPush(push);
  ASSERT_TRUE(pdu) << pdu.error().message;
  Result<WspPush> back = DecodeWspPush(*pdu);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->content_type.macs, (std::vector<std::string>{"AA", "BB"}));
  // TID 01, Push 06, headers 0d; Content-Type 0c: C2 (DM WBXML), typed MAC 92 "AA\0", then an
  // untyped "mac\0" "BB\0"; body 01.
  Result<WspPush> mixed = DecodeWspPush(*HexDecode("01060d0cc2924141006d616300424200" "01"));
  ASSERT_TRUE(mixed) << mixed.error().message;
  EXPECT_EQ(mixed->content_type.macs, (std::vector<std::string>{"AA", "BB"}));
}

TEST(WspPushTest, EncoderRefusesBadInput) {
  WspPush push;
  EXPECT_EQ(EncodeWspPush(push).error().code, ErrorCode::kInvalidArgument);  // no media
  push.content_type.media = std::string("a\0b", 3);
  EXPECT_EQ(EncodeWspPush(push).error().code, ErrorCode::kInvalidArgument);
  push.content_type.media = "x/y";
  push.content_type.sec = WspSec::Code(1);
  push.content_type.sec->code = 200;  // goes as a Long-integer, and comes back
  Result<std::vector<uint8_t>> long_sec = EncodeWspPush(push);
  ASSERT_TRUE(long_sec);
  EXPECT_EQ(DecodeWspPush(*long_sec)->content_type.sec->code, 200u);
  push.content_type.media_code = 0x0201;  // a long media code needs the general form
  push.content_type.sec.reset();
  Result<std::vector<uint8_t>> long_media = EncodeWspPush(push);
  ASSERT_TRUE(long_media);
  EXPECT_EQ(HexEncode(*long_media), "00060403020201");
  EXPECT_EQ(DecodeWspPush(*long_media)->content_type.media_code, 0x0201u);
  push.content_type.media_code.reset();
  push.content_type.media = "\x7fz";
  Result<std::vector<uint8_t>> quoted = EncodeWspPush(push);
  ASSERT_TRUE(quoted);
  EXPECT_EQ(DecodeWspPush(*quoted)->content_type.media, "\x7fz");
  push.content_type.media = "x/y";
  push.content_type.sec = WspSec::Code(1);
  push.content_type.macs = {std::string("A\0", 2)};
  EXPECT_EQ(EncodeWspPush(push).error().code, ErrorCode::kInvalidArgument);
}

TEST(WspPushTest, Tables) {
  EXPECT_EQ(WellKnownMediaName(0x42), "application/vnd.syncml.dm+wbxml");
  EXPECT_EQ(WellKnownMediaName(0x43), "application/vnd.syncml.dm+xml");
  EXPECT_EQ(WellKnownMediaName(0x44), "application/vnd.syncml.notification");
  EXPECT_EQ(WellKnownMediaName(0x36), "application/vnd.wap.connectivity-wbxml");
  EXPECT_EQ(WellKnownMediaName(0x4E), "application/vnd.syncml.ds.notification");
  EXPECT_EQ(WellKnownMediaName(0x4F), "");
  EXPECT_EQ(WellKnownMediaCode("APPLICATION/vnd.syncml.dm+wbxml"), 0x42);
  EXPECT_FALSE(WellKnownMediaCode(kMediaGbaPushInfo).has_value());
  EXPECT_EQ(ApplicationIdCode("syncml.dm"), 0x07u);
  EXPECT_EQ(ApplicationIdCode("x-wap-application:syncml.dm"), 0x07u);
  EXPECT_EQ(ApplicationIdCode("x-wap-application:push.syncml"), 0x05u);
  EXPECT_FALSE(ApplicationIdCode("syncml.dmx").has_value());
  EXPECT_EQ(ApplicationIdName(0x07), "x-wap-application:syncml.dm");
  EXPECT_EQ(WellKnownHeaderName(0x2F), "X-Wap-Application-Id");
  EXPECT_EQ(WellKnownHeaderName(0x43), "Encoding-Version");
}

}  // namespace
}  // namespace dmboot::push
