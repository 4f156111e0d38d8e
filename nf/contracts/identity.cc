#include "nf/contracts/identity.h"

#include <algorithm>
#include <string>

namespace dmboot::nf::contracts {
namespace {

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Error Invalid(std::string_view field, std::string_view what) {
  return Fail(ErrorCode::kInvalidArgument, std::string(field) + ": " + std::string(what));
}

}  // namespace

std::string_view IdentityKindName(IdentityKind kind) {
  switch (kind) {
    case IdentityKind::kImpi:
      return "impi";
    case IdentityKind::kImsi:
      return "imsi";
    case IdentityKind::kMsisdn:
      return "msisdn";
  }
  return "impi";
}

Result<IdentityKind> ParseIdentityKind(std::string_view text, std::string_view field) {
  if (text == "impi") {
    return IdentityKind::kImpi;
  }
  if (text == "imsi") {
    return IdentityKind::kImsi;
  }
  if (text == "msisdn") {
    return IdentityKind::kMsisdn;
  }
  return Invalid(field, "must be one of impi, imsi, msisdn");
}

Result<void> ValidateIdentity(IdentityKind kind, std::string_view value, std::string_view field) {
  switch (kind) {
    case IdentityKind::kImsi:
      if (value.size() < 6 || value.size() > 15 || !AllDigits(value)) {
        return Invalid(field, "an IMSI must be 6 to 15 digits");
      }
      return Ok();
    case IdentityKind::kMsisdn:
      if (value.empty() || value.size() > 15 || !AllDigits(value)) {
        return Invalid(field, "an MSISDN must be 1 to 15 digits");
      }
      return Ok();
    case IdentityKind::kImpi:
      if (value.empty() || value.size() > 255 ||
          !std::all_of(value.begin(), value.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
        return Invalid(field, "an IMPI must be 1 to 255 printable ASCII characters without spaces");
      }
      return Ok();
  }
  return Invalid(field, "unknown identity type");
}

Result<void> ValidateImei(std::string_view imei) {
  if (imei.size() != 15 ||
      !std::all_of(imei.begin(), imei.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Invalid("imei", "must be 15 decimal digits");
  }
  // TS 23.003 Annex B: Luhn over the 14 digits, every second one (from the left, the 2nd, 4th,
  // ...) doubled and its digits summed.
  int sum = 0;
  for (size_t i = 0; i < 14; ++i) {
    int d = imei[i] - '0';
    if (i % 2 == 1) {
      d *= 2;
      d = d / 10 + d % 10;
    }
    sum += d;
  }
  const int check = (10 - sum % 10) % 10;
  if (imei[14] - '0' != check) {
    return Invalid("imei", "the check digit (Luhn, TS 23.003 Annex B) is wrong");
  }
  return Ok();
}

Result<void> ValidateMsisdn(std::string_view msisdn) {
  std::string_view digits = msisdn;
  if (!digits.empty() && digits.front() == '+') {
    digits.remove_prefix(1);
  }
  if (digits.size() < 3 || digits.size() > 15 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Invalid("msisdn", "must be an E.164 number: an optional '+' and 3 to 15 digits");
  }
  return Ok();
}

}  // namespace dmboot::nf::contracts
