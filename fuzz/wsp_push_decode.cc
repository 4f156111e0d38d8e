// Fuzz target: the WSP push decoder (connectionless and connection mode), and the user data and
// TPDU decoders on the same bytes. Property: whatever decodes re-encodes, and the re-encoding
// decodes to the same push; the body is always a suffix of the input.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "dmboot/push/sms.h"
#include "dmboot/push/wsp_push.h"

namespace {

void CheckRoundTrip(std::span<const uint8_t> input, dmboot::push::WspMode mode) {
  dmboot::Result<dmboot::push::WspPush> push = dmboot::push::DecodeWspPush(input, mode);
  if (!push) {
    return;
  }
  if (push->body.size() > input.size() ||
      !std::equal(push->body.begin(), push->body.end(), input.end() - static_cast<std::ptrdiff_t>(push->body.size()))) {
    std::abort();
  }
  dmboot::Result<std::vector<uint8_t>> again = dmboot::push::EncodeWspPush(*push, mode);
  if (!again) {
    std::abort();
  }
  dmboot::Result<dmboot::push::WspPush> back = dmboot::push::DecodeWspPush(*again, mode);
  if (!back || !(*back == *push)) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> input(data, size);
  CheckRoundTrip(input, dmboot::push::WspMode::kConnectionless);
  CheckRoundTrip(input, dmboot::push::WspMode::kConnectionOriented);

  dmboot::Result<dmboot::push::SmsUserData> ud = dmboot::push::DecodeUserData(input);
  if (ud && ud->payload.size() > size) {
    std::abort();
  }
  dmboot::Result<dmboot::push::SmsTpdu> tpdu = dmboot::push::DecodeSmsTpdu(input);
  if (tpdu) {
    dmboot::Result<std::vector<uint8_t>> again = dmboot::push::EncodeSmsTpdu(*tpdu);
    if (!again) {
      std::abort();
    }
    dmboot::Result<dmboot::push::SmsTpdu> back = dmboot::push::DecodeSmsTpdu(*again);
    if (!back || back->user_data != tpdu->user_data || back->address != tpdu->address) {
      std::abort();
    }
  }
  return 0;
}
