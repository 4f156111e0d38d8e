// The bearer registry and what every bearer shares: names, the push socket.

#include "dmboot/core/result.h"

#include "nf/bearer/bearer.h"

namespace dmboot::nf {

// Each bearer's file defines its spec. A new bearer: its file, its enumerator in bearer.h, and
// one line in each of the two lists below (docs/bearers.md).
const BearerSpec& WdpUdpBearer();  // wdp_udp.cc
const BearerSpec& SmsBearer();     // sms.cc

namespace {

std::span<const BearerSpec> Registry() {
  static const BearerSpec kRegistry[] = {
      WdpUdpBearer(),
      SmsBearer(),
  };
  return kRegistry;
}

}  // namespace

std::span<const BearerSpec> Bearers() { return Registry(); }

const BearerSpec& SpecOf(Bearer bearer) {
  for (const BearerSpec& spec : Registry()) {
    if (spec.bearer == bearer) {
      return spec;
    }
  }
  DMBOOT_CHECK(false && "every Bearer enumerator is registered in registry.cc");
  return Registry().front();
}

std::string_view BearerName(Bearer bearer) { return SpecOf(bearer).name; }

Result<Bearer> ParseBearer(std::string_view name) {
  std::string names;
  for (const BearerSpec& spec : Registry()) {
    if (spec.name == name) {
      return spec.bearer;
    }
    names += std::string(names.empty() ? "" : " or ") + std::string(spec.name);
  }
  return Fail(ErrorCode::kInvalidArgument, "must be " + names);
}

Result<void> ValidateBearerOptions(const BearerOptions& options) {
  for (const BearerSpec& spec : Registry()) {
    if (Result<std::unique_ptr<PushFramer>> framer = spec.make_framer(options); !framer) {
      return framer.error();
    }
  }
  return Ok();
}

Result<std::unique_ptr<PushSocket>> PushSocket::Create(const BearerOptions& options) {
  Result<UdpSocket> socket = UdpSocket::Open();
  if (!socket) {
    return socket.error();
  }
  std::unique_ptr<PushSocket> out(new PushSocket(std::move(*socket)));
  for (const BearerSpec& spec : Registry()) {
    Result<std::unique_ptr<PushFramer>> framer = spec.make_framer(options);
    if (!framer) {
      return framer.error();
    }
    out->framers_.push_back(std::move(*framer));
  }
  return out;
}

Result<SentPush> PushSocket::Send(Bearer bearer, const std::string& host, int port,
                                  std::span<const uint8_t> wsp_pdu, bool drop_one_frame) {
  size_t index = 0;
  while (Registry()[index].bearer != bearer) {
    ++index;
    DMBOOT_CHECK(index < Registry().size());
  }
  PushFramer& framer = *framers_[index];
  Result<std::vector<std::vector<uint8_t>>> frames = framer.Frames(wsp_pdu);
  if (!frames) {
    return frames.error();
  }
  SentPush sent;
  sent.num_frames = frames->size();
  if (drop_one_frame) {
    sent.dropped = framer.LosableFrame(frames->size());
  }
  for (size_t i = 0; i < frames->size(); ++i) {
    if (sent.dropped == i) {
      continue;
    }
    if (Result<void> done = socket_.SendTo(host, port, (*frames)[i]); !done) {
      return done.error();
    }
  }
  return sent;
}

}  // namespace dmboot::nf
