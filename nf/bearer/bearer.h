#ifndef DMBOOT_NF_BEARER_BEARER_H_
#define DMBOOT_NF_BEARER_BEARER_H_

// The push bearers shared by the DMS (server side: a WSP push PDU → frames → datagrams to a
// route) and the device fleet (device side: a received frame → the device). Every bearer of the
// simulator rides on UDP datagrams: `udp` is WDP over IP (WAP-259 §6.3, the WSP PDU is the
// datagram), `sms` is WDP over SMS through an SMSC emulation (one SMS-DELIVER TPDU per
// datagram, TS 23.040). Each bearer is one file (wdp_udp.cc, sms.cc) registered in registry.cc;
// docs/bearers.md lists what a new bearer touches.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/device/device.h"

#include "nf/common/udp_socket.h"

namespace dmboot::nf {

// Bearer names a push bearer; its JSON name (routes, fleet config) is BearerName.
enum class Bearer : uint8_t {
  kUdp = 0,  // WDP over UDP (wdp_udp.cc)
  kSms = 1,  // WDP over SMS, SMS-DELIVER TPDUs as datagrams (sms.cc)
};

// BearerName returns the JSON name ("udp", "sms").
std::string_view BearerName(Bearer bearer);
// ParseBearer maps a JSON name to its bearer, or fails with kInvalidArgument "must be udp or sms"
// (every registered name).
Result<Bearer> ParseBearer(std::string_view name);

// BearerOptions is the server side's configuration, for every bearer.
struct BearerOptions {
  std::string sms_originator = "7777";  // TP-OA of SMS-DELIVERs: the operator's short code
};

// PushFramer is a bearer's server side: it cuts one WSP push PDU into the frames the bearer
// carries, each sent as one UDP datagram. Thread-safe.
class PushFramer {
 public:
  virtual ~PushFramer() = default;
  // Frames returns the frames of `wsp_pdu` in sending order, or the encoder's error.
  virtual Result<std::vector<std::vector<uint8_t>>> Frames(std::span<const uint8_t> wsp_pdu) = 0;
  // LosableFrame is the frame that the fault "drop one frame" loses out of `num_frames`, or
  // nothing when the bearer has no part to lose short of the whole push.
  virtual std::optional<size_t> LosableFrame(size_t num_frames) const = 0;
};

// FrameReceiver is a bearer's device side: it hands one received frame to the device. Stateless
// (reassembly state lives in the device).
class FrameReceiver {
 public:
  virtual ~FrameReceiver() = default;
  // Receive passes `frame` to `device` at the monotonic `now_ms` and Unix `now_s`.
  virtual dmboot::device::PushOutcome Receive(dmboot::device::Device& device,
                                              std::span<const uint8_t> frame, uint64_t now_ms,
                                              uint64_t now_s) const = 0;
  // reassembles says that frames are parts of a push the device holds until complete, so the
  // fleet ticks the device to expire incomplete ones (Device::Tick).
  virtual bool reassembles() const = 0;
};

// BearerSpec is one bearer's registration (registry.cc).
struct BearerSpec {
  Bearer bearer;
  std::string_view name;
  // make_framer builds the server side, or fails with kInvalidArgument naming the bad option.
  Result<std::unique_ptr<PushFramer>> (*make_framer)(const BearerOptions& options);
  const FrameReceiver& (*receiver)();
};

// Bearers returns every registered bearer; SpecOf one (every enumerator is registered).
std::span<const BearerSpec> Bearers();
const BearerSpec& SpecOf(Bearer bearer);

// SentPush says what PushSocket::Send did.
struct SentPush {
  size_t num_frames = 0;
  std::optional<size_t> dropped;  // the index of the frame lost by fault injection
};

// PushSocket is the server side of every bearer over one UDP socket (the DMS's push sender).
class PushSocket {
 public:
  // Create opens the socket and builds every bearer's framer. Fails with kIo (socket) or the
  // framer's kInvalidArgument (a bad option).
  static Result<std::unique_ptr<PushSocket>> Create(const BearerOptions& options);
  // Send frames `wsp_pdu` for `bearer` and sends each frame as one datagram to HOST:PORT; with
  // `drop_one_frame` the bearer's LosableFrame is not sent. Fails with the framer's error or kIo
  // naming the peer.
  Result<SentPush> Send(Bearer bearer, const std::string& host, int port,
                        std::span<const uint8_t> wsp_pdu, bool drop_one_frame = false);

 private:
  explicit PushSocket(UdpSocket socket) : socket_(std::move(socket)) {}
  UdpSocket socket_;
  std::vector<std::unique_ptr<PushFramer>> framers_;  // index = registry order
};

// ValidateBearerOptions builds every framer once, so a bad option is found at configuration
// time: kInvalidArgument naming the option.
Result<void> ValidateBearerOptions(const BearerOptions& options);

}  // namespace dmboot::nf

#endif  // DMBOOT_NF_BEARER_BEARER_H_
