#include "nf/bsf/bsf_server.h"

#include <algorithm>
#include <optional>
#include <span>
#include <utility>

#include "dmboot/core/hex.h"
#include "dmboot/crypto/constant_time.h"
#include "nf/common/log.h"
#include "nf/hss/hss_server.h"

namespace dmboot::nf::bsf {
namespace {

using hss::JsonStringField;

Error Invalid(const std::string& field, const std::string& what) {
  return Fail(ErrorCode::kInvalidArgument, field + ": " + what);
}

// HexField decodes the required hex string `name` of `body` into a `T` (FixedBytes/SecretArray),
// failing with `code` naming the field.
template <typename T>
Result<T> HexField(const Json& body, const std::string& name, ErrorCode code) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string()) {
    return Fail(code, name + ": is required (" + std::to_string(T::kLength * 2) + " hex digits)");
  }
  Result<std::vector<uint8_t>> bytes = HexDecode(it->get<std::string>());
  if (!bytes || bytes->size() != T::kLength) {
    return Fail(code, name + ": must be " + std::to_string(T::kLength * 2) + " hex digits");
  }
  Result<T> out = T::FromSpan(*bytes);
  crypto::Cleanse(*bytes);
  return out;
}

Result<std::vector<uint8_t>> HexBytesField(const Json& body, const std::string& name, size_t max_len) {
  Result<std::optional<std::string>> text = JsonStringField(body, name, true);
  if (!text) {
    return text.error();
  }
  Result<std::vector<uint8_t>> bytes = HexDecode(**text);
  if (!bytes || bytes->empty() || bytes->size() > max_len) {
    return Invalid(name, "must be 2 to " + std::to_string(max_len * 2) + " hex digits");
  }
  return bytes;
}

Result<std::pair<IdentityKind, std::string>> UeIdFields(const Json& body) {
  Result<std::optional<std::string>> type = JsonStringField(body, "ueIdType", true);
  if (!type) {
    return type.error();
  }
  Result<IdentityKind> kind = hss::ParseIdentityKind(**type, "ueIdType");
  if (!kind) {
    return kind.error();
  }
  Result<std::optional<std::string>> id = JsonStringField(body, "ueId", true);
  if (!id) {
    return id.error();
  }
  Result<void> valid = hss::ValidateIdentity(*kind, **id, "ueId");
  if (!valid) {
    return valid.error();
  }
  return std::make_pair(*kind, **id);
}

Result<void> OnlyKnownFields(const Json& body, std::initializer_list<const char*> known) {
  Result<void> object = hss::RequireJsonObject(body);
  if (!object) {
    return object.error();
  }
  for (const auto& item : body.items()) {
    if (std::none_of(known.begin(), known.end(), [&](const char* k) { return item.key() == k; })) {
      return Invalid(item.key(), "unknown field");
    }
  }
  return Ok();
}

}  // namespace

// --- HttpZhClient ----------------------------------------------------------------------------

HttpZhClient::HttpZhClient(const std::string& host, int port, std::chrono::milliseconds timeout)
    : client_(host, port, timeout, "HSS") {}

Result<hss::ZhVector> ParseZhVectorJson(const Json& body) {
  if (!body.is_object() || !body.contains("impi") || !body["impi"].is_string()) {
    return Fail(ErrorCode::kMalformed, "HSS answer: impi is missing");
  }
  hss::ZhVector v;
  v.impi = body["impi"].get<std::string>();
  Result<gba::Rand> rand = HexField<gba::Rand>(body, "rand", ErrorCode::kMalformed);
  Result<gba::Autn> autn = HexField<gba::Autn>(body, "autn", ErrorCode::kMalformed);
  Result<gba::Res> xres = HexField<gba::Res>(body, "xres", ErrorCode::kMalformed);
  Result<gba::Ck> ck = HexField<gba::Ck>(body, "ck", ErrorCode::kMalformed);
  Result<gba::Ik> ik = HexField<gba::Ik>(body, "ik", ErrorCode::kMalformed);
  for (const Result<void>& r : {rand ? Ok() : Result<void>(rand.error()), autn ? Ok() : Result<void>(autn.error()),
                                xres ? Ok() : Result<void>(xres.error()), ck ? Ok() : Result<void>(ck.error()),
                                ik ? Ok() : Result<void>(ik.error())}) {
    if (!r) {
      return Fail(ErrorCode::kMalformed, "HSS answer: " + r.error().message);
    }
  }
  v.av.rand = *rand;
  v.av.autn = *autn;
  v.av.xres = std::move(*xres);
  v.av.ck = std::move(*ck);
  v.av.ik = std::move(*ik);
  return v;
}

Result<hss::ZhVector> HttpZhClient::GetAv(IdentityKind kind, const std::string& id) {
  Result<Json> reply = [&] {
    std::lock_guard<std::mutex> lock(mutex_);
    const Json body{{std::string(hss::IdentityKindName(kind)), id}};
    Result<Json> first = client_.PostJson("/zh/v1/av", body);
    if (first || first.error().code != ErrorCode::kIo) {
      return first;
    }
    // One retry on a transport failure: the kept-alive connection may have died with an HSS that
    // restarted. If the first request did reach the HSS, its SQN is lost, never reissued.
    return client_.PostJson("/zh/v1/av", body);
  }();
  if (!reply) {
    return reply.error();
  }
  Result<hss::ZhVector> v = ParseZhVectorJson(*reply);
  // The JSON held CK, IK and XRES as text: wipe it.
  for (const char* f : {"xres", "ck", "ik"}) {
    if (reply->contains(f) && (*reply)[f].is_string()) {
      std::string& s = (*reply)[f].get_ref<std::string&>();
      crypto::Cleanse(std::span<uint8_t>(reinterpret_cast<uint8_t*>(s.data()), s.size()));
    }
  }
  return v;
}

Result<void> HttpZhClient::Resync(IdentityKind kind, const std::string& id, const gba::Rand& rand,
                                  const gba::Auts& auts) {
  std::lock_guard<std::mutex> lock(mutex_);
  const Json body{{std::string(hss::IdentityKindName(kind)), id},
                  {"rand", HexEncode(rand.bytes)},
                  {"auts", HexEncode(auts.bytes)}};
  Result<Json> reply = client_.PostJson("/zh/v1/resync", body);
  if (!reply && reply.error().code == ErrorCode::kIo) {
    reply = client_.PostJson("/zh/v1/resync", body);  // idempotent: retry once (see GetAv)
  }
  if (!reply) {
    return reply.error();
  }
  return Ok();
}

// --- JSON bindings ---------------------------------------------------------------------------

Result<PushInfoRequest> ParsePushInfoRequestJson(const Json& body) {
  Result<void> known = OnlyKnownFields(
      body, {"nafId", "ueId", "ueIdType", "gbaType", "keyLifetime", "appLabel", "pTid"});
  if (!known) {
    return known.error();
  }
  PushInfoRequest r;
  Result<std::vector<uint8_t>> naf_id = HexBytesField(body, "nafId", 253 + 5);
  if (!naf_id) {
    return naf_id.error();
  }
  if (!gba::NafId::Parse(*naf_id)) {
    return Invalid("nafId", "is not FQDN || 5-octet Ua security protocol id");
  }
  r.naf_id = std::move(*naf_id);
  Result<std::pair<IdentityKind, std::string>> ue = UeIdFields(body);
  if (!ue) {
    return ue.error();
  }
  r.ue_id_type = ue->first;
  r.ue_id = ue->second;
  Result<std::optional<std::string>> type = JsonStringField(body, "gbaType", true);
  if (!type) {
    return type.error();
  }
  if (**type == "GBA_ME") {
    r.gba_type = gba::GbaType::kGbaMe;
  } else if (**type == "GBA_U") {
    r.gba_type = gba::GbaType::kGbaU;
  } else {
    return Invalid("gbaType", "must be GBA_ME or GBA_U");
  }
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
  // Contract: meKeyMaterial = Ks_NAF for GBA_ME; uiccKeyMaterial = Ks_ext_NAF (the ME's key) for
  // GBA_U. The one place a NAF key leaves the BSF: to the NAF that was just authorized.
  out[info.gba_type == gba::GbaType::kGbaU ? "uiccKeyMaterial" : "meKeyMaterial"] =
      HexEncode(info.key.Reveal());
  return out;
}

Result<BsfResyncRequest> ParseBsfResyncJson(const Json& body) {
  Result<void> known = OnlyKnownFields(body, {"nafId", "ueId", "ueIdType", "rand", "auts"});
  if (!known) {
    return known.error();
  }
  BsfResyncRequest r;
  Result<std::vector<uint8_t>> naf_id = HexBytesField(body, "nafId", 253 + 5);
  if (!naf_id) {
    return naf_id.error();
  }
  r.naf_id = std::move(*naf_id);
  Result<std::pair<IdentityKind, std::string>> ue = UeIdFields(body);
  if (!ue) {
    return ue.error();
  }
  r.ue_id_type = ue->first;
  r.ue_id = ue->second;
  Result<gba::Rand> rand = HexField<gba::Rand>(body, "rand", ErrorCode::kInvalidArgument);
  if (!rand) {
    return rand.error();
  }
  Result<gba::Auts> auts = HexField<gba::Auts>(body, "auts", ErrorCode::kInvalidArgument);
  if (!auts) {
    return auts.error();
  }
  r.rand = *rand;
  r.auts = *auts;
  return r;
}

void AddBsfRoutes(HttpServer& server, BsfService& service) {
  server.Route("POST", "/nbsp-gba/v1/push-info-retrieval",
               [&service](const HttpRequest& request) -> Result<HttpReply> {
                 Result<PushInfoRequest> parsed = ParsePushInfoRequestJson(request.json);
                 if (!parsed) {
                   return parsed.error();
                 }
                 Result<PushInfo> info = service.PushInfoRetrieval(*parsed);
                 if (!info) {
                   return info.error();
                 }
                 HttpReply reply;
                 reply.json = PushInfoJson(*info);
                 return reply;
               });
  server.Route("POST", "/nbsp-gba/v1/resync", [&service](const HttpRequest& request) -> Result<HttpReply> {
    Result<BsfResyncRequest> parsed = ParseBsfResyncJson(request.json);
    if (!parsed) {
      return parsed.error();
    }
    Result<void> done = service.Resync(*parsed);
    if (!done) {
      return done.error();
    }
    HttpReply reply;
    reply.json = Json{{"resynchronised", true}};
    return reply;
  });
}

}  // namespace dmboot::nf::bsf
