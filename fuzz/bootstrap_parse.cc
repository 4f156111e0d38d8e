// Fuzz target: what a device parses after (and around) the MAC check, without the check itself
// (it would reject everything; parsing is kept separate from verification, so no bypass flag).
// Input layout: first line = a Content-Type value, the rest = WBXML. Properties: no crash; an
// extracted account is valid and survives build -> decode -> extract unchanged in its JSON form
// (credentials compared in level order).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>

#include "dmboot/bootstrap/bootstrap_document.h"
#include "dmboot/bootstrap/content_type.h"
#include "dmboot/wbxml/decoder.h"

// CanonicalJson is the account file of `account` with its credentials in level order: a CP
// document may list them in another order than the DM profiles write them.
std::string CanonicalJson(dmboot::bootstrap::Account account) {
  std::stable_sort(account.credentials.begin(), account.credentials.end(),
                   [](const dmboot::bootstrap::AppAuth& a, const dmboot::bootstrap::AppAuth& b) {
                     return a.level < b.level;
                   });
  return dmboot::bootstrap::AccountToJson(account);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const size_t newline = all.find('\n');
  const std::string_view header = all.substr(0, newline);
  (void)dmboot::bootstrap::ParseContentType(header);
  if (newline == std::string_view::npos) {
    return 0;
  }
  const std::span<const uint8_t> body(data + newline + 1, size - newline - 1);
  dmboot::Result<dmboot::wbxml::Document> doc = dmboot::wbxml::Decode(body);
  if (!doc) {
    return 0;
  }
  dmboot::Result<dmboot::bootstrap::Account> account = dmboot::bootstrap::ExtractAccount(*doc);
  if (!account) {
    return 0;
  }
  if (!dmboot::bootstrap::ValidateAccount(*account)) {
    std::abort();
  }
  const dmboot::bootstrap::MessageHeader h{.device_id = "IMEI:1"};
  dmboot::Result<std::vector<uint8_t>> rebuilt =
      dmboot::bootstrap::BuildBootstrapWbxml(*account, dmboot::bootstrap::Profile::kDm12DmAcc, h);
  if (!rebuilt) {
    std::abort();
  }
  dmboot::Result<dmboot::wbxml::Document> again = dmboot::wbxml::Decode(*rebuilt);
  if (!again) {
    std::abort();
  }
  dmboot::Result<dmboot::bootstrap::Account> back = dmboot::bootstrap::ExtractAccount(*again);
  if (!back || CanonicalJson(*back) != CanonicalJson(*account)) {
    std::abort();
  }
  return 0;
}
