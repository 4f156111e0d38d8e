#include "nf/contracts/zpn.h"

#include <algorithm>
#include <utility>

#include "dmboot/core/hex.h"
#include "nf/contracts/json_fields.h"

namespace dmboot::nf::contracts {
namespace {

constexpr size_t kMaxNafIdOctets = 253 + 5;  // FQDN ‖ 5-octet Ua security protocol id

Error Invalid(const std::string& field, const std::string& what) {
  return Fail(ErrorCode::kInvalidArgument, field + ": " + what);
}

Result<std::pair<IdentityKind, std::string>> UeIdFields(const Json& body) {
  Result<std::optional<std::string>> type = JsonStringField(body, "ueIdType", true);
  if (!type) {
    return type.error();
  }
  Result<IdentityKind> kind = ParseIdentityKind(**type, "ueIdType");
  if (!kind) {
    return kind.error();
  }
  Result<std::optional<std::string>> id = JsonStringField(body, "ueId", true);
  if (!id) {
    return id.error();
  }
  if (Result<void> valid = ValidateIdentity(*kind, **id, "ueId"); !valid) {
    return valid.error();
  }
  return std::make_pair(*kind, **id);
}

Result<std::vector<uint8_t>> NafIdField(const Json& body) {
  Result<std::vector<uint8_t>> naf_id = HexBytesField(body, "nafId", kMaxNafIdOctets);
  if (!naf_id) {
    return naf_id.error();
  }
  if (!gba::NafId::Parse(*naf_id)) {
    return Invalid("nafId", "is not FQDN || 5-octet Ua security protocol id");
  }
  return naf_id;
}

// NafAndUe are the fields every Zpn request starts with: the NAF_Id and the UE identity.
struct NafAndUe {
  std::vector<uint8_t> naf_id;
  IdentityKind ue_id_type = IdentityKind::kImpi;
  std::string ue_id;
};

Result<NafAndUe> NafAndUeFields(const Json& body) {
  Result<std::vector<uint8_t>> naf_id = NafIdField(body);
  if (!naf_id) {
    return naf_id.error();
  }
  Result<std::pair<IdentityKind, std::string>> ue = UeIdFields(body);
  if (!ue) {
    return ue.error();
  }
  return NafAndUe{std::move(*naf_id), ue->first, std::move(ue->second)};
}

}  // namespace

std::string_view GbaTypeName(gba::GbaType type) { return type == gba::GbaType::kGbaU ? "GBA_U" : "GBA_ME"; }

Result<gba::GbaType> ParseGbaType(std::string_view text, std::string_view field) {
  if (text == "GBA_ME") {
    return gba::GbaType::kGbaMe;
  }
  if (text == "GBA_U") {
    return gba::GbaType::kGbaU;
  }
  return Invalid(std::string(field), "must be GBA_ME or GBA_U");
}

Json PushInfoRequestJson(const PushInfoRequest& r) {
  Json body{{"nafId", HexEncode(r.naf_id)},
            {"ueId", r.ue_id},
            {"ueIdType", std::string(IdentityKindName(r.ue_id_type))},
            {"gbaType", std::string(GbaTypeName(r.gba_type))},
            {"keyLifetime", r.key_lifetime_s}};
  if (r.app_label) {
    body["appLabel"] = *r.app_label;
  }
  if (r.p_tid) {
    body["pTid"] = HexEncode(*r.p_tid);
  }
  return body;
}

Result<PushInfoRequest> ParsePushInfoRequestJson(const Json& body) {
  Result<void> known =
      OnlyKnownFields(body, {"nafId", "ueId", "ueIdType", "gbaType", "keyLifetime", "appLabel", "pTid"});
  if (!known) {
    return known.error();
  }
  Result<NafAndUe> head = NafAndUeFields(body);
  if (!head) {
    return head.error();
  }
  PushInfoRequest r;
  r.naf_id = std::move(head->naf_id);
  r.ue_id_type = head->ue_id_type;
  r.ue_id = std::move(head->ue_id);
  Result<std::optional<std::string>> type = JsonStringField(body, "gbaType", true);
  if (!type) {
    return type.error();
  }
  Result<gba::GbaType> gba_type = ParseGbaType(**type, "gbaType");
  if (!gba_type) {
    return gba_type.error();
  }
  r.gba_type = *gba_type;
  auto lifetime = body.find("keyLifetime");
  if (lifetime == body.end() || !lifetime->is_number_integer() || lifetime->get<int64_t>() <= 0) {
    return Invalid("keyLifetime", "is required (a positive integer of seconds)");
  }
  r.key_lifetime_s = lifetime->get<uint64_t>();
  Result<std::optional<std::string>> label = JsonStringField(body, "appLabel", false);
  if (!label) {
    return label.error();
  }
  if (*label) {
    const std::string& l = **label;
    if (l.empty() || l.size() > 255 ||
        std::any_of(l.begin(), l.end(), [](char c) { return c < 0x20 || c > 0x7e; })) {
      return Invalid("appLabel", "must be 1 to 255 printable ASCII characters");
    }
    r.app_label = l;
  }
  if (body.contains("pTid")) {
    Result<std::vector<uint8_t>> p_tid = HexBytesField(body, "pTid", 255);
    if (!p_tid) {
      return p_tid.error();
    }
    r.p_tid = std::move(*p_tid);
  }
  return r;
}

Json PushInfoJson(const PushInfo& info) {
  Json out{{"pTid", HexEncode(info.p_tid)},
           {"gbaPushInfo", HexEncode(info.gpi)},
           {"keyExpiryTime", info.key_expiry},
           {"impi", info.impi}};
  // meKeyMaterial = Ks_NAF for GBA_ME; uiccKeyMaterial = Ks_ext_NAF (the ME's key) for GBA_U.
  out[info.gba_type == gba::GbaType::kGbaU ? "uiccKeyMaterial" : "meKeyMaterial"] =
      HexEncode(info.key.Reveal());
  return out;
}

Result<PushInfo> ParsePushInfoJson(const Json& body) {
  constexpr ErrorCode kBad = ErrorCode::kMalformed;
  if (!body.is_object()) {
    return Fail(kBad, "BSF reply: not a JSON object");
  }
  PushInfo info;
  Result<std::vector<uint8_t>> p_tid = HexBytesField(body, "pTid", 255, kBad);
  Result<std::vector<uint8_t>> gpi = HexBytesField(body, "gbaPushInfo", 65535, kBad);
  for (const Error* e : {p_tid ? nullptr : &p_tid.error(), gpi ? nullptr : &gpi.error()}) {
    if (e != nullptr) {
      return Fail(kBad, "BSF reply: " + e->message);
    }
  }
  info.p_tid = std::move(*p_tid);
  info.gpi = std::move(*gpi);
  const bool uicc = body.contains("uiccKeyMaterial");
  info.gba_type = uicc ? gba::GbaType::kGbaU : gba::GbaType::kGbaMe;
  Result<gba::NafKey> key = HexField<gba::NafKey>(body, uicc ? "uiccKeyMaterial" : "meKeyMaterial", kBad);
  if (!key) {
    return Fail(kBad, "BSF reply: " + key.error().message);
  }
  info.key = std::move(*key);
  auto expiry = body.find("keyExpiryTime");
  if (expiry == body.end() || !expiry->is_number_integer() || expiry->get<int64_t>() < 0) {
    return Fail(kBad, "BSF reply: keyExpiryTime: is required (unix seconds)");
  }
  info.key_expiry = expiry->get<uint64_t>();
  Result<std::optional<std::string>> impi = JsonStringField(body, "impi", false, kBad);
  if (!impi) {
    return Fail(kBad, "BSF reply: " + impi.error().message);
  }
  info.impi = impi->value_or("");
  return info;
}

Json PushResyncJson(const PushResync& r) {
  return Json{{"nafId", HexEncode(r.naf_id)},
              {"ueId", r.ue_id},
              {"ueIdType", std::string(IdentityKindName(r.ue_id_type))},
              {"rand", HexEncode(r.rand.bytes)},
              {"auts", HexEncode(r.auts.bytes)}};
}

Result<PushResync> ParsePushResyncJson(const Json& body) {
  Result<void> known = OnlyKnownFields(body, {"nafId", "ueId", "ueIdType", "rand", "auts"});
  if (!known) {
    return known.error();
  }
  Result<NafAndUe> head = NafAndUeFields(body);
  if (!head) {
    return head.error();
  }
  PushResync r;
  r.naf_id = std::move(head->naf_id);
  r.ue_id_type = head->ue_id_type;
  r.ue_id = std::move(head->ue_id);
  Result<gba::Rand> rand = HexField<gba::Rand>(body, "rand");
  if (!rand) {
    return rand.error();
  }
  Result<gba::Auts> auts = HexField<gba::Auts>(body, "auts");
  if (!auts) {
    return auts.error();
  }
  r.rand = *rand;
  r.auts = *auts;
  return r;
}

}  // namespace dmboot::nf::contracts
