// Fuzz target: GBA Push Info (dmboot GPI profile v1) and the TS 24.109 J.3 GPI envelope.
// Properties: decoding never crashes; anything that decodes re-encodes to exactly the input bytes
// (the codec is canonical, so the MAC over received bytes equals the MAC over the re-encoding), and
// the re-encoding decodes to the same fields.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "dmboot/gba/gpi.h"

namespace {

void CheckGpi(std::span<const uint8_t> bytes) {
  const dmboot::gba::GpiCodec& codec = dmboot::gba::GpiProfileV1();
  dmboot::Result<dmboot::gba::GbaPushInfo> info = codec.Decode(bytes);
  if (!info) {
    return;
  }
  dmboot::Result<std::vector<uint8_t>> again = codec.Encode(*info);
  if (!again || *again != std::vector<uint8_t>(bytes.begin(), bytes.end())) {
    std::abort();
  }
  dmboot::Result<dmboot::gba::GbaPushInfo> back = codec.Decode(*again);
  if (!back || back->p_tid != info->p_tid || !(back->rand == info->rand) ||
      !(back->autn == info->autn) || !(back->naf_id == info->naf_id) ||
      back->app_lbl != info->app_lbl || back->gba_type != info->gba_type ||
      back->key_expiry != info->key_expiry || back->ue_identity != info->ue_identity ||
      back->extensions != info->extensions || !(back->mac == info->mac)) {
    std::abort();
  }
  if (codec.MacInput(bytes).size() + 19 != bytes.size()) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> in(data, size);
  CheckGpi(in);
  dmboot::Result<dmboot::gba::GpiEnvelope> envelope = dmboot::gba::DecodeGpiEnvelope(in);
  if (envelope) {
    dmboot::Result<std::vector<uint8_t>> again = dmboot::gba::EncodeGpiEnvelope(*envelope);
    if (!again || *again != std::vector<uint8_t>(in.begin(), in.end())) {
      std::abort();
    }
    CheckGpi(envelope->gpi);
  }
  return 0;
}
