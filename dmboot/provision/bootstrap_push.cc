#include "dmboot/provision/bootstrap_push.h"

#include <optional>
#include <utility>

namespace dmboot::provision {

using bootstrap::BootstrapMedia;
using bootstrap::SecurityType;

namespace {

// SecurityTypeOf maps a received SEC for `media`: an integer as its WSP code, a text as a name or a
// one-digit code (docs/push.md "Decoder tolerance").
Result<SecurityType> SecurityTypeOf(BootstrapMedia media, const push::WspSec& sec) {
  if (!sec.code) {
    return bootstrap::ParseSecurityType(media, sec.name);
  }
  if (*sec.code > 0xFF) {
    return Fail(ErrorCode::kUnsupported, "SEC code " + std::to_string(*sec.code) + " is not defined");
  }
  return bootstrap::SecurityTypeFromWspCode(media, static_cast<int>(*sec.code));
}

}  // namespace

push::WspSec WspSecOf(SecurityType type) {
  if (std::optional<int> code = bootstrap::WspCodeOf(type)) {
    return push::WspSec::Code(static_cast<uint8_t>(*code));
  }
  return push::WspSec::Text(std::string(bootstrap::SecurityTypeName(type)));
}

push::WspPush BootstrapPushOf(SecurityType type, std::vector<uint8_t> wbxml,
                              std::vector<std::string> macs, uint8_t tid) {
  const BootstrapMedia media = bootstrap::MediaOf(type);
  push::WspPush wsp;
  wsp.tid = tid;
  wsp.content_type.media = std::string(bootstrap::MediaTypeName(media));
  wsp.content_type.media_code =
      media == BootstrapMedia::kDm ? push::kMediaDmWbxml : push::kMediaConnectivityWbxml;
  wsp.content_type.sec = WspSecOf(type);
  wsp.content_type.macs = std::move(macs);
  if (media == BootstrapMedia::kDm) {
    wsp.application_id = push::WspApplicationId{push::kAppIdSyncmlDm, ""};
  }
  wsp.body = std::move(wbxml);
  return wsp;
}

bool IsBootstrapMedia(const push::WspContentType& ct) {
  // By the code it came with, or the one its name has in the WSP table. The DM XML media is a
  // bootstrap the verifier must see to refuse it; CP XML is no push media we handle.
  std::optional<uint32_t> code = ct.media_code;
  if (!code) {
    code = push::WellKnownMediaCode(ct.media);
  }
  return code == push::kMediaDmWbxml || code == push::kMediaDmXml ||
         code == push::kMediaConnectivityWbxml;
}

Result<bootstrap::BootstrapContentType> ReceivedContentType(const push::WspContentType& ct) {
  Result<BootstrapMedia> media = bootstrap::ParseMediaType(ct.media);
  if (!media) {
    return media.error();
  }
  bootstrap::BootstrapContentType out;
  out.media = *media;
  if (ct.sec) {
    Result<SecurityType> sec = SecurityTypeOf(*media, *ct.sec);
    if (!sec) {
      return sec.error();
    }
    out.sec = *sec;
  }
  out.macs = ct.macs;
  return out;
}

}  // namespace dmboot::provision
