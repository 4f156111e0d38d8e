// Every registered bearer, end to end over a real loopback UDP socket: the server side's frames
// (PushSocket) into the device side's receiver and a dmboot::device::Device, which must verify
// and apply the bootstrap. Plus what is particular to SMS: concatenation and the lost segment.

#include "nf/bearer/bearer.h"

#include <set>

#include <gtest/gtest.h>

#include "dmboot/device/test_util.h"
#include "dmboot/push/sms.h"

namespace dmboot::nf {
namespace {

namespace dt = dmboot::device::test;
using bootstrap::SecurityType;
using dmboot::device::Device;
using dmboot::device::DeviceState;

constexpr uint64_t kReassemblyTimeoutMs = 1000;

Device MakeDevice() {
  dmboot::device::DeviceConfig c;
  c.imei = "490154203237518";
  c.imsi = dt::kImsi;
  c.msisdn = "358401234567";
  c.impi = dt::kImpi;
  c.keys = dt::Keys();
  c.pin = *bootstrap::Pin::Parse("1234");
  c.trusted_nafs = {dt::Dms()};
  c.reassembly.timeout_ms = kReassemblyTimeoutMs;
  Result<Device> d =
      Device::Create(std::move(c), {}, [](const dmboot::device::DmTree&) { return Ok(); });
  EXPECT_TRUE(d.has_value()) << d.error().message;
  return std::move(*d);
}

std::vector<uint8_t> Bootstrap() {
  return dt::SignedBootstrapPush(dt::Account(), SecurityType::kUserPin, dt::PinCredentials("1234"));
}

// ReceiveAll returns the datagrams that reach `socket` until none comes for 300 ms.
std::vector<std::vector<uint8_t>> ReceiveAll(UdpSocket& socket) {
  std::vector<std::vector<uint8_t>> out;
  while (true) {
    Result<std::optional<std::vector<uint8_t>>> got = socket.Receive(300);
    EXPECT_TRUE(got.has_value()) << got.error().message;
    if (!got || !*got) {
      return out;
    }
    out.push_back(std::move(**got));
  }
}

// Delivered sends `pdu` over `bearer` to a fresh loopback socket and returns what arrived.
struct Delivered {
  SentPush sent;
  std::vector<std::vector<uint8_t>> frames;
};
Delivered Deliver(Bearer bearer, const std::vector<uint8_t>& pdu, bool drop_one_frame = false) {
  Result<UdpSocket> device_socket = UdpSocket::Bind("127.0.0.1", 0);
  EXPECT_TRUE(device_socket.has_value()) << device_socket.error().message;
  Result<std::unique_ptr<PushSocket>> server = PushSocket::Create({});
  EXPECT_TRUE(server.has_value()) << server.error().message;
  Result<SentPush> sent =
      (*server)->Send(bearer, "127.0.0.1", device_socket->port(), pdu, drop_one_frame);
  EXPECT_TRUE(sent.has_value()) << sent.error().message;
  return {*sent, ReceiveAll(*device_socket)};
}

TEST(BearerTest, NamesRoundTripForEveryRegisteredBearer) {
  std::set<std::string_view> names;
  for (const BearerSpec& spec : Bearers()) {
    EXPECT_EQ(&SpecOf(spec.bearer), &spec);
    EXPECT_EQ(BearerName(spec.bearer), spec.name);
    ASSERT_TRUE(ParseBearer(spec.name).has_value()) << spec.name;
    EXPECT_EQ(*ParseBearer(spec.name), spec.bearer);
    EXPECT_TRUE(names.insert(spec.name).second) << spec.name;
  }
  EXPECT_EQ(BearerName(Bearer::kUdp), "udp");
  EXPECT_EQ(BearerName(Bearer::kSms), "sms");
  Result<Bearer> fax = ParseBearer("fax");
  ASSERT_FALSE(fax.has_value());
  EXPECT_EQ(fax.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(fax.error().message.rfind("must be ", 0), 0u) << fax.error().message;
  for (std::string_view name : names) {
    EXPECT_NE(fax.error().message.find(name), std::string::npos) << fax.error().message;
  }
  EXPECT_FALSE(ParseBearer("UDP").has_value());
}

// The property every bearer must have: what the server side sends, the device side turns back
// into the push, and the device verifies and applies it.
TEST(BearerTest, EveryBearerCarriesABootstrapIntoTheDevice) {
  for (const BearerSpec& spec : Bearers()) {
    SCOPED_TRACE(spec.name);
    const std::vector<uint8_t> pdu = Bootstrap();
    Delivered got = Deliver(spec.bearer, pdu);
    ASSERT_EQ(got.frames.size(), got.sent.num_frames);
    ASSERT_FALSE(got.sent.dropped);
    Device device = MakeDevice();
    dmboot::device::PushOutcome last;
    for (size_t i = 0; i < got.frames.size(); ++i) {
      last = spec.receiver().Receive(device, got.frames[i], 0, dt::kNow);
      if (i + 1 < got.frames.size()) {
        EXPECT_FALSE(last.session || last.failure) << "frame " << i << " of " << got.frames.size();
      }
    }
    EXPECT_FALSE(last.failure) << last.failure->kind << ": " << last.failure->message;
    EXPECT_TRUE(last.session) << "the device did not open its first DM session";
    EXPECT_EQ(device.state(), DeviceState::kBootstrapped);
    EXPECT_EQ(spec.receiver().reassembles(), got.frames.size() > 1);
  }
}

TEST(BearerTest, WdpUdpIsTheWspPduAsOneDatagramAndLosesNothing) {
  const std::vector<uint8_t> pdu = Bootstrap();
  Delivered got = Deliver(Bearer::kUdp, pdu, /*drop_one_frame=*/true);
  ASSERT_EQ(got.frames.size(), 1u);
  EXPECT_EQ(got.frames[0], pdu);
  EXPECT_FALSE(got.sent.dropped);
}

// TS 23.040 §9.2.3.24: every segment an SMS-DELIVER from the originator with the WDP ports
// 2948/9200 and the concatenation element (one reference, total, sequence 1..n).
TEST(BearerTest, SmsIsConcatenatedDeliversWithPortsAndANewReferencePerPush) {
  const std::vector<uint8_t> pdu = Bootstrap();
  Result<UdpSocket> device_socket = UdpSocket::Bind("127.0.0.1", 0);
  ASSERT_TRUE(device_socket.has_value());
  BearerOptions options;
  options.sms_originator = "12345";
  Result<std::unique_ptr<PushSocket>> server = PushSocket::Create(options);
  ASSERT_TRUE(server.has_value());
  std::set<uint16_t> references;
  for (int push = 0; push < 2; ++push) {
    ASSERT_TRUE((*server)->Send(Bearer::kSms, "127.0.0.1", device_socket->port(), pdu));
    std::vector<std::vector<uint8_t>> frames = ReceiveAll(*device_socket);
    ASSERT_GT(frames.size(), 1u) << "a DM 1.2 bootstrap needs more than one SMS";
    std::vector<uint8_t> joined;
    for (size_t i = 0; i < frames.size(); ++i) {
      Result<push::SmsTpdu> tpdu = push::DecodeSmsTpdu(frames[i]);
      ASSERT_TRUE(tpdu.has_value()) << tpdu.error().message;
      EXPECT_EQ(tpdu->type, push::SmsTpduType::kDeliver);
      EXPECT_EQ(tpdu->address, "12345");
      EXPECT_EQ(tpdu->more_messages, i + 1 < frames.size());
      Result<push::SmsUserData> ud = push::DecodeUserData(tpdu->user_data, tpdu->has_udh);
      ASSERT_TRUE(ud.has_value()) << ud.error().message;
      ASSERT_TRUE(ud->ports);
      EXPECT_EQ(ud->ports->destination, push::kWapPushPort);
      EXPECT_EQ(ud->ports->source, push::kWspSourcePort);
      ASSERT_TRUE(ud->concat);
      EXPECT_EQ(ud->concat->total, frames.size());
      EXPECT_EQ(ud->concat->sequence, i + 1);
      if (i == 0) {
        references.insert(ud->concat->reference);
      }
      EXPECT_EQ(references.count(ud->concat->reference), 1u);
      joined.insert(joined.end(), ud->payload.begin(), ud->payload.end());
    }
    EXPECT_EQ(joined, pdu);
  }
  EXPECT_EQ(references.size(), 2u) << "two pushes shared a concatenation reference";
}

// The fault injection "drop one frame" on SMS: segment 2 never leaves, the device keeps the
// message pending and its reassembly timeout fails it with sms_segment_lost.
TEST(BearerTest, SmsDropOneFrameLosesSegmentTwoAndTheDeviceTimesOut) {
  Delivered got = Deliver(Bearer::kSms, Bootstrap(), /*drop_one_frame=*/true);
  ASSERT_EQ(got.sent.dropped, std::optional<size_t>(1));
  ASSERT_GT(got.sent.num_frames, 1u);
  ASSERT_EQ(got.frames.size() + 1, got.sent.num_frames);
  for (const std::vector<uint8_t>& frame : got.frames) {
    const push::SmsUserData ud = *push::DecodeUserData(push::DecodeSmsTpdu(frame)->user_data, true);
    EXPECT_NE(ud.concat->sequence, 2u);
  }
  Device device = MakeDevice();
  for (const std::vector<uint8_t>& frame : got.frames) {
    dmboot::device::PushOutcome outcome =
        SpecOf(Bearer::kSms).receiver().Receive(device, frame, 0, dt::kNow);
    EXPECT_FALSE(outcome.session || outcome.failure);
  }
  EXPECT_TRUE(device.HasPendingSms());
  EXPECT_FALSE(device.Tick(kReassemblyTimeoutMs - 1));
  std::optional<dmboot::device::Failure> lost = device.Tick(kReassemblyTimeoutMs + 1);
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->kind, "sms_segment_lost");
  EXPECT_EQ(device.state(), DeviceState::kFailed);
}

// A push that fits one SMS: the only segment is the one to lose.
TEST(BearerTest, SmsLosableFrameOfASingleSegmentIsThatSegment) {
  Result<std::unique_ptr<PushFramer>> framer = SpecOf(Bearer::kSms).make_framer({});
  ASSERT_TRUE(framer.has_value());
  EXPECT_EQ((*framer)->LosableFrame(1), std::optional<size_t>(0));
  EXPECT_EQ((*framer)->LosableFrame(3), std::optional<size_t>(1));
  EXPECT_FALSE((*framer)->LosableFrame(0).has_value());
  Result<std::vector<std::vector<uint8_t>>> frames =
      (*framer)->Frames(std::vector<uint8_t>(40, 0x5A));
  ASSERT_TRUE(frames.has_value());
  EXPECT_EQ(frames->size(), 1u);
  EXPECT_FALSE(push::DecodeUserData(push::DecodeSmsTpdu((*frames)[0])->user_data, true)->concat);
}

TEST(BearerTest, ABadOriginatorIsRefusedBeforeAnyPush) {
  BearerOptions options;
  options.sms_originator = "short-code";
  Result<void> valid = ValidateBearerOptions(options);
  ASSERT_FALSE(valid.has_value());
  EXPECT_EQ(valid.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(valid.error().message.rfind("sms_originator:", 0), 0u) << valid.error().message;
  EXPECT_FALSE(PushSocket::Create(options).has_value());
  EXPECT_TRUE(ValidateBearerOptions({}).has_value());
}

TEST(BearerTest, ASendToAnUnresolvableHostNamesThePeer) {
  Result<std::unique_ptr<PushSocket>> server = PushSocket::Create({});
  ASSERT_TRUE(server.has_value());
  Result<SentPush> sent = (*server)->Send(Bearer::kUdp, "no-such-host.invalid", 2948, Bootstrap());
  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kIo);
  EXPECT_NE(sent.error().message.find("no-such-host.invalid:2948"), std::string::npos)
      << sent.error().message;
}

}  // namespace
}  // namespace dmboot::nf
