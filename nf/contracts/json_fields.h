#ifndef DMBOOT_NF_CONTRACTS_JSON_FIELDS_H_
#define DMBOOT_NF_CONTRACTS_JSON_FIELDS_H_

// Reading the fields of a JSON body, for the contracts' codecs. Every failure names the field
// and the rule, never the value (a field may hold a key). `code` is kInvalidArgument for a
// request a caller sent and kMalformed for an answer a peer sent.

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "dmboot/core/hex.h"
#include "dmboot/core/result.h"
#include "dmboot/crypto/constant_time.h"
#include "nf/common/http.h"

namespace dmboot::nf::contracts {

// RequireJsonObject fails unless `body` is a JSON object.
Result<void> RequireJsonObject(const Json& body, ErrorCode code = ErrorCode::kInvalidArgument);

// OnlyKnownFields fails naming the first key of `body` not in `known` ("<key>: unknown field").
Result<void> OnlyKnownFields(const Json& body, std::initializer_list<const char*> known);

// JsonStringField returns body[name] if it is a string; nullopt if absent (or null) and not
// `required`; "<name>: is required" / "<name>: must be a string" otherwise.
Result<std::optional<std::string>> JsonStringField(const Json& body, const std::string& name,
                                                   bool required,
                                                   ErrorCode code = ErrorCode::kInvalidArgument);

// HexBytesField decodes the required hex string `name`: 1 to `max_len` octets.
Result<std::vector<uint8_t>> HexBytesField(const Json& body, const std::string& name, size_t max_len,
                                           ErrorCode code = ErrorCode::kInvalidArgument);

// HexField decodes the required hex string `name` into a fixed-length `T` (gba::FixedBytes or
// SecretArray); the decoded buffer is wiped.
template <typename T>
Result<T> HexField(const Json& body, const std::string& name, ErrorCode code = ErrorCode::kInvalidArgument) {
  auto it = body.find(name);
  const std::string rule = std::to_string(T::kLength * 2) + " hex digits";
  if (it == body.end() || !it->is_string()) {
    return Fail(code, name + ": is required (" + rule + ")");
  }
  Result<std::vector<uint8_t>> bytes = HexDecode(it->template get<std::string>());
  if (!bytes || bytes->size() != T::kLength) {
    return Fail(code, name + ": must be " + rule);
  }
  Result<T> out = T::FromSpan(*bytes);
  crypto::Cleanse(*bytes);
  return out;
}

// WipeStringFields overwrites the text of each string field of `body` in `names` (secrets that a
// codec read or wrote, before the Json is freed).
void WipeStringFields(Json& body, std::initializer_list<const char*> names);

}  // namespace dmboot::nf::contracts

#endif  // DMBOOT_NF_CONTRACTS_JSON_FIELDS_H_
