// Bearer `udp`: WDP over IP (WAP-259 §6.3). The WSP push PDU is the payload of one UDP datagram
// (to port 2948 on a real handset; here to the device's own socket).

#include "nf/bearer/bearer.h"

namespace dmboot::nf {
namespace {

class WdpUdpFramer final : public PushFramer {
 public:
  Result<std::vector<std::vector<uint8_t>>> Frames(std::span<const uint8_t> wsp_pdu) override {
    return std::vector<std::vector<uint8_t>>{std::vector<uint8_t>(wsp_pdu.begin(), wsp_pdu.end())};
  }
  // One datagram: losing it loses the push, not a part of it.
  std::optional<size_t> LosableFrame(size_t) const override { return std::nullopt; }
};

class WdpUdpReceiver final : public FrameReceiver {
 public:
  dmboot::device::PushOutcome Receive(dmboot::device::Device& device,
                                      std::span<const uint8_t> frame, uint64_t,
                                      uint64_t now_s) const override {
    return device.OnPush(frame, now_s);
  }
  bool reassembles() const override { return false; }
};

Result<std::unique_ptr<PushFramer>> MakeFramer(const BearerOptions&) {
  return std::unique_ptr<PushFramer>(std::make_unique<WdpUdpFramer>());
}

const FrameReceiver& Receiver() {
  static const WdpUdpReceiver kReceiver;
  return kReceiver;
}

}  // namespace

const BearerSpec& WdpUdpBearer() {
  static const BearerSpec kSpec{Bearer::kUdp, "udp", &MakeFramer, &Receiver};
  return kSpec;
}

}  // namespace dmboot::nf
