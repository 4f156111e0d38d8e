#include "nf/contracts/json_fields.h"

#include <algorithm>
#include <span>

namespace dmboot::nf::contracts {

Result<void> RequireJsonObject(const Json& body, ErrorCode code) {
  if (!body.is_object()) {
    return Fail(code, "body: must be a JSON object");
  }
  return Ok();
}

Result<void> OnlyKnownFields(const Json& body, std::initializer_list<const char*> known) {
  if (Result<void> object = RequireJsonObject(body); !object) {
    return object;
  }
  for (const auto& item : body.items()) {
    if (std::none_of(known.begin(), known.end(), [&](const char* k) { return item.key() == k; })) {
      return Fail(ErrorCode::kInvalidArgument, item.key() + ": unknown field");
    }
  }
  return Ok();
}

Result<std::optional<std::string>> JsonStringField(const Json& body, const std::string& name,
                                                   bool required, ErrorCode code) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) {
      return Fail(code, name + ": is required");
    }
    return std::optional<std::string>();
  }
  if (!it->is_string()) {
    return Fail(code, name + ": must be a string");
  }
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::vector<uint8_t>> HexBytesField(const Json& body, const std::string& name, size_t max_len,
                                           ErrorCode code) {
  Result<std::optional<std::string>> text = JsonStringField(body, name, true, code);
  if (!text) {
    return text.error();
  }
  Result<std::vector<uint8_t>> bytes = HexDecode(**text);
  if (!bytes || bytes->empty() || bytes->size() > max_len) {
    return Fail(code, name + ": must be 2 to " + std::to_string(max_len * 2) + " hex digits");
  }
  return bytes;
}

void WipeStringFields(Json& body, std::initializer_list<const char*> names) {
  if (!body.is_object()) {
    return;
  }
  for (const char* name : names) {
    auto it = body.find(name);
    if (it != body.end() && it->is_string()) {
      std::string& s = it->get_ref<std::string&>();
      crypto::Cleanse(std::span<uint8_t>(reinterpret_cast<uint8_t*>(s.data()), s.size()));
    }
  }
}

}  // namespace dmboot::nf::contracts
