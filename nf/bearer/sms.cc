// Bearer `sms`: WDP over SMS (WAP-259 Annex B) through an SMSC emulation. The WSP push PDU is cut
// into 8-bit SMS with the application port element 2948/9200 (TS 23.040 §9.2.3.24.4) and, when it
// needs more than one, the concatenation element with an 8-bit reference (§9.2.3.24.1); each
// SMS-DELIVER TPDU (§9.2.2.1) is one UDP datagram. The device reassembles (dmboot::push).

#include "dmboot/push/sms.h"

#include <atomic>
#include <ctime>

#include "nf/bearer/bearer.h"

namespace dmboot::nf {
namespace {

class SmsFramer final : public PushFramer {
 public:
  explicit SmsFramer(std::string originator) : originator_(std::move(originator)) {}

  Result<std::vector<std::vector<uint8_t>>> Frames(std::span<const uint8_t> wsp_pdu) override {
    push::SegmentOptions options;  // WDP ports 2948 / 9200 (WAP-259 Annex B)
    // A new concatenation reference per push: segments of two pushes never join (§9.2.3.24.1).
    options.reference = static_cast<uint8_t>(reference_.fetch_add(1) & 0xFF);
    Result<std::vector<push::SmsUserData>> segments = push::SegmentForSms(wsp_pdu, options);
    if (!segments) {
      return segments.error();
    }
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    push::SmsTpdu like;  // SMS-DELIVER, 8-bit data (TS 23.038 §4), TP-SCTS = now, UTC
    like.address = originator_;
    like.timestamp.year = static_cast<uint8_t>(utc.tm_year % 100);
    like.timestamp.month = static_cast<uint8_t>(utc.tm_mon + 1);
    like.timestamp.day = static_cast<uint8_t>(utc.tm_mday);
    like.timestamp.hour = static_cast<uint8_t>(utc.tm_hour);
    like.timestamp.minute = static_cast<uint8_t>(utc.tm_min);
    like.timestamp.second = static_cast<uint8_t>(utc.tm_sec);
    return push::EncodeSmsTpdus(*segments, like);
  }

  // A lost segment: the second (the only one when there is one), so reassembly times out.
  std::optional<size_t> LosableFrame(size_t num_frames) const override {
    if (num_frames == 0) {
      return std::nullopt;
    }
    return num_frames > 1 ? 1 : 0;
  }

 private:
  std::string originator_;
  std::atomic<uint32_t> reference_{0};
};

class SmsReceiver final : public FrameReceiver {
 public:
  dmboot::device::PushOutcome Receive(dmboot::device::Device& device,
                                      std::span<const uint8_t> frame, uint64_t now_ms,
                                      uint64_t now_s) const override {
    return device.OnSms(frame, now_ms, now_s);
  }
  bool reassembles() const override { return true; }
};

Result<std::unique_ptr<PushFramer>> MakeFramer(const BearerOptions& options) {
  // The originator goes into TP-OA (§9.2.3.7): check that it encodes before the first push.
  push::SmsTpdu probe;
  probe.address = options.sms_originator;
  if (!push::EncodeSmsTpdu(probe)) {
    return Fail(ErrorCode::kInvalidArgument,
                "sms_originator: must be up to 20 digits (a short code or an E.164 number)");
  }
  return std::unique_ptr<PushFramer>(std::make_unique<SmsFramer>(options.sms_originator));
}

const FrameReceiver& Receiver() {
  static const SmsReceiver kReceiver;
  return kReceiver;
}

}  // namespace

const BearerSpec& SmsBearer() {
  static const BearerSpec kSpec{Bearer::kSms, "sms", &MakeFramer, &Receiver};
  return kSpec;
}

}  // namespace dmboot::nf
