#include "nf/contracts/zh.h"

#include <optional>
#include <utility>

#include "dmboot/core/hex.h"
#include "nf/contracts/json_fields.h"

namespace dmboot::nf::contracts {

Json UeIdentityJson(const UeIdentity& ue) { return Json{{std::string(IdentityKindName(ue.kind)), ue.id}}; }

Result<UeIdentity> ParseUeIdentityJson(const Json& body, bool allow_msisdn) {
  if (Result<void> object = RequireJsonObject(body); !object) {
    return object.error();
  }
  const std::string choices = allow_msisdn ? "(impi, imsi, msisdn)" : "(impi, imsi)";
  std::optional<UeIdentity> found;
  for (IdentityKind kind : {IdentityKind::kImpi, IdentityKind::kImsi, IdentityKind::kMsisdn}) {
    if (kind == IdentityKind::kMsisdn && !allow_msisdn) {
      continue;
    }
    const std::string name(IdentityKindName(kind));
    Result<std::optional<std::string>> value = JsonStringField(body, name, false);
    if (!value) {
      return value.error();
    }
    if (!*value) {
      continue;
    }
    if (found) {
      return Fail(ErrorCode::kInvalidArgument, name + ": give exactly one identity " + choices);
    }
    if (Result<void> valid = ValidateIdentity(kind, **value, name); !valid) {
      return valid.error();
    }
    found = UeIdentity{kind, std::move(**value)};
  }
  if (!found) {
    return Fail(ErrorCode::kInvalidArgument, "impi: an identity is required " + choices);
  }
  return *found;
}

Json ZhVectorJson(const ZhVector& v) {
  return Json{{"impi", v.impi},
              {"rand", HexEncode(v.av.rand.bytes)},
              {"autn", HexEncode(v.av.autn.bytes)},
              {"xres", HexEncode(v.av.xres.Reveal())},
              {"ck", HexEncode(v.av.ck.Reveal())},
              {"ik", HexEncode(v.av.ik.Reveal())}};
}

Result<ZhVector> ParseZhVectorJson(const Json& body) {
  constexpr ErrorCode kBad = ErrorCode::kMalformed;
  if (!body.is_object() || !body.contains("impi") || !body["impi"].is_string()) {
    return Fail(kBad, "HSS answer: impi is missing");
  }
  ZhVector v;
  v.impi = body["impi"].get<std::string>();
  Result<gba::Rand> rand = HexField<gba::Rand>(body, "rand", kBad);
  Result<gba::Autn> autn = HexField<gba::Autn>(body, "autn", kBad);
  Result<gba::Res> xres = HexField<gba::Res>(body, "xres", kBad);
  Result<gba::Ck> ck = HexField<gba::Ck>(body, "ck", kBad);
  Result<gba::Ik> ik = HexField<gba::Ik>(body, "ik", kBad);
  for (const Error* e : {rand ? nullptr : &rand.error(), autn ? nullptr : &autn.error(),
                         xres ? nullptr : &xres.error(), ck ? nullptr : &ck.error(),
                         ik ? nullptr : &ik.error()}) {
    if (e != nullptr) {
      return Fail(kBad, "HSS answer: " + e->message);
    }
  }
  v.av.rand = *rand;
  v.av.autn = *autn;
  v.av.xres = std::move(*xres);
  v.av.ck = std::move(*ck);
  v.av.ik = std::move(*ik);
  return v;
}

Json ZhResyncJson(const ZhResync& request) {
  Json body = UeIdentityJson(request.ue);
  body["rand"] = HexEncode(request.rand.bytes);
  body["auts"] = HexEncode(request.auts.bytes);
  return body;
}

Result<ZhResync> ParseZhResyncJson(const Json& body) {
  Result<UeIdentity> ue = ParseUeIdentityJson(body, /*allow_msisdn=*/false);
  if (!ue) {
    return ue.error();
  }
  Result<gba::Rand> rand = HexField<gba::Rand>(body, "rand");
  if (!rand) {
    return rand.error();
  }
  Result<gba::Auts> auts = HexField<gba::Auts>(body, "auts");
  if (!auts) {
    return auts.error();
  }
  return ZhResync{std::move(*ue), *rand, *auts};
}

}  // namespace dmboot::nf::contracts
