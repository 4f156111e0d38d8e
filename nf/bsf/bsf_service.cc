#include "nf/bsf/bsf_service.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "dmboot/core/hex.h"
#include "dmboot/crypto/random.h"
#include "nf/common/log.h"

namespace dmboot::nf::bsf {
namespace {

constexpr const char* kComponent = "bsf";
constexpr size_t kPTidLength = 16;  // our choice: 128 random bits (gba-push.md §2.3: unguessable)
// Our bound on a NAF key lifetime (10 years): keeps now + lifetime far from overflow.
constexpr uint64_t kMaxLifetimeS = uint64_t{10} * 365 * 24 * 3600;

Error Invalid(const std::string& field, const std::string& what) {
  return Fail(ErrorCode::kInvalidArgument, field + ": " + what);
}

// ParseNafAndUe checks the NAF_Id and the UE identity every BSF request carries; returns the
// NAF_Id.
Result<gba::NafId> ParseNafAndUe(const std::vector<uint8_t>& naf_id, IdentityKind ue_id_type,
                                 const std::string& ue_id) {
  Result<gba::NafId> parsed = gba::NafId::Parse(naf_id);
  if (!parsed) {
    return Invalid("nafId", parsed.error().message);
  }
  Result<void> ue = contracts::ValidateIdentity(ue_id_type, ue_id, "ueId");
  if (!ue) {
    return ue.error();
  }
  return parsed;
}

}  // namespace

uint64_t SystemClockSeconds() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

Result<std::vector<NafAuthorization>> ParseNafAuthorizations(const Json& array) {
  if (!array.is_array()) {
    return Invalid("naf_authorizations", "must be an array");
  }
  std::vector<NafAuthorization> out;
  for (size_t i = 0; i < array.size(); ++i) {
    const Json& e = array[i];
    const std::string at = "naf_authorizations[" + std::to_string(i) + "]";
    if (!e.is_object()) {
      return Invalid(at, "must be an object");
    }
    for (const auto& item : e.items()) {
      static const char* const kKnown[] = {"naf_fqdn", "ua_id", "may_push", "max_key_lifetime_s",
                                           "gba_u_allowed"};
      if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return item.key() == k; })) {
        return Invalid(at + "." + item.key(), "unknown field");
      }
    }
    if (!e.contains("naf_fqdn") || !e["naf_fqdn"].is_string()) {
      return Invalid(at + ".naf_fqdn", "is required (a string)");
    }
    gba::UaSecurityProtocolId ua = gba::kDefaultDmUaId;
    if (e.contains("ua_id")) {
      if (!e["ua_id"].is_string()) {
        return Invalid(at + ".ua_id", "must be 10 hex digits");
      }
      Result<std::vector<uint8_t>> bytes = HexDecode(e["ua_id"].get<std::string>());
      if (!bytes || bytes->size() != ua.size()) {
        return Invalid(at + ".ua_id", "must be 10 hex digits");
      }
      std::copy(bytes->begin(), bytes->end(), ua.begin());
    }
    Result<gba::NafId> naf_id = gba::NafId::Create(e["naf_fqdn"].get<std::string>(), ua);
    if (!naf_id) {
      return Invalid(at + ".naf_fqdn", naf_id.error().message);
    }
    NafAuthorization a{*naf_id, false, 0, false};
    for (auto [name, flag] : {std::pair{"may_push", &a.may_push}, std::pair{"gba_u_allowed", &a.gba_u_allowed}}) {
      if (e.contains(name)) {
        if (!e[name].is_boolean()) {
          return Invalid(at + "." + name, "must be true or false");
        }
        *flag = e[name].get<bool>();
      }
    }
    if (!e.contains("max_key_lifetime_s") || !e["max_key_lifetime_s"].is_number_unsigned() ||
        e["max_key_lifetime_s"].get<uint64_t>() == 0 ||
        e["max_key_lifetime_s"].get<uint64_t>() > kMaxLifetimeS) {
      return Invalid(at + ".max_key_lifetime_s",
                     "is required (1 to " + std::to_string(kMaxLifetimeS) + " seconds)");
    }
    a.max_key_lifetime_s = e["max_key_lifetime_s"].get<uint64_t>();
    for (const NafAuthorization& other : out) {
      if (other.naf_id == a.naf_id) {
        return Invalid(at, "duplicate NAF_Id " + a.naf_id.fqdn());
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

// --- BsfService ------------------------------------------------------------------------------

Result<std::unique_ptr<BsfService>> BsfService::Create(std::vector<NafAuthorization> nafs, ZhClient& zh,
                                                       BsfStore& store, Clock clock) {
  for (const NafAuthorization& a : nafs) {
    if (a.max_key_lifetime_s == 0 || a.max_key_lifetime_s > kMaxLifetimeS) {
      return Invalid("max_key_lifetime_s", "must be positive for " + a.naf_id.fqdn());
    }
  }
  if (!clock) {
    clock = SystemClockSeconds;
  }
  return std::unique_ptr<BsfService>(new BsfService(std::move(nafs), zh, store, std::move(clock)));
}

Result<const NafAuthorization*> BsfService::Authorize(const std::vector<uint8_t>& naf_id) const {
  for (const NafAuthorization& a : nafs_) {
    // NAF_Id is public: a plain comparison of the exact octets (they are KDF input).
    if (a.naf_id.Bytes() == naf_id) {
      if (!a.may_push) {
        break;
      }
      return &a;
    }
  }
  // TS 29.109: DIAMETER_ERROR_NOT_AUTHORIZED_SERVICE (5402) for a NAF that may not push.
  return Fail(ErrorCode::kRefused, "NAF not authorized");
}

Result<PushInfo> BsfService::PushInfoRetrieval(const PushInfoRequest& request) {
  Result<gba::NafId> naf_id = ParseNafAndUe(request.naf_id, request.ue_id_type, request.ue_id);
  if (!naf_id) {
    return naf_id.error();
  }
  if (request.key_lifetime_s == 0) {
    return Invalid("keyLifetime", "must be a positive number of seconds");
  }
  Result<const NafAuthorization*> naf = Authorize(request.naf_id);
  if (!naf) {
    Log(LogLevel::kWarning, kComponent, "push refused: NAF " + naf_id->fqdn() + " not authorized");
    return naf.error();
  }
  if (request.gba_type == gba::GbaType::kGbaU && !(*naf)->gba_u_allowed) {
    Log(LogLevel::kWarning, kComponent, "push refused: GBA_U not allowed for " + naf_id->fqdn());
    return Fail(ErrorCode::kRefused, "gbaType: GBA_U not allowed for this NAF");
  }
  const uint64_t lifetime = std::min(request.key_lifetime_s, (*naf)->max_key_lifetime_s);

  Result<contracts::ZhVector> av = zh_->GetAv({request.ue_id_type, request.ue_id});
  if (!av) {
    if (av.error().code == ErrorCode::kNotFound) {
      // TS 29.109: DIAMETER_ERROR_IDENTITY_UNKNOWN (5401).
      Log(LogLevel::kInfo, kComponent, "push refused: identity unknown " + request.ue_id);
      return Fail(ErrorCode::kNotFound, "identity unknown");
    }
    if (av.error().code == ErrorCode::kIo) {
      Log(LogLevel::kError, kComponent, "HSS unreachable: " + av.error().message);
      return Fail(ErrorCode::kIo, "HSS unavailable");
    }
    Log(LogLevel::kError, kComponent, "HSS error: " + std::string(ErrorCodeName(av.error().code)));
    return Fail(ErrorCode::kIo, "HSS failed the vector request");
  }

  const uint64_t now = clock_();
  std::vector<uint8_t> p_tid;
  if (request.p_tid) {
    p_tid = *request.p_tid;
  } else {
    p_tid.resize(kPTidLength);
    crypto::FillRandom(p_tid);
  }
  // IMPI: the KDF's P2, byte for byte what the HSS (and so the UE) uses.
  gba::GpiRequest gpi_request{std::move(p_tid), *naf_id,         av->impi,    request.gba_type,
                              now + lifetime,   request.app_label, std::nullopt};
  Result<gba::GpiResponse> built = gba::BuildGpi(gpi_request, av->av);
  if (!built) {
    return built.error();
  }
  PushRecord record{gpi_request.p_tid, av->impi, request.naf_id, gpi_request.key_expiry,
                    request.gba_type, now};
  Result<void> stored = store_->Record(record);
  if (!stored) {
    return stored.error();
  }
  Log(LogLevel::kInfo, kComponent,
      "push info for " + av->impi + " to NAF " + naf_id->fqdn() + " pTid " + HexEncode(record.p_tid) +
          " expires " + std::to_string(record.expiry));
  PushInfo out;
  out.p_tid = std::move(gpi_request.p_tid);
  out.gpi = std::move(built->gpi);
  out.key = built->ks_naf;  // Ks_NAF (GBA_ME) or Ks_ext_NAF (GBA_U); Ks_int_NAF stays here
  out.gba_type = request.gba_type;
  out.key_expiry = gpi_request.key_expiry;
  out.impi = av->impi;
  return out;
}

Result<void> BsfService::Resync(const PushResync& request) {
  Result<gba::NafId> naf_id = ParseNafAndUe(request.naf_id, request.ue_id_type, request.ue_id);
  if (!naf_id) {
    return naf_id.error();
  }
  if (request.ue_id_type == IdentityKind::kMsisdn) {
    return Invalid("ueIdType", "resync needs impi or imsi");
  }
  Result<const NafAuthorization*> naf = Authorize(request.naf_id);
  if (!naf) {
    Log(LogLevel::kWarning, kComponent, "resync refused: NAF " + naf_id->fqdn() + " not authorized");
    return naf.error();
  }
  Result<void> done = zh_->Resync({{request.ue_id_type, request.ue_id}, request.rand, request.auts});
  if (!done) {
    switch (done.error().code) {
      case ErrorCode::kNotFound:
        return Fail(ErrorCode::kNotFound, "identity unknown");
      case ErrorCode::kAuthenticationFailed:
        Log(LogLevel::kWarning, kComponent, "resync for " + request.ue_id + ": AUTS did not verify");
        return Fail(ErrorCode::kAuthenticationFailed, "verification failed");
      case ErrorCode::kInvalidArgument:
      case ErrorCode::kMalformed:
      case ErrorCode::kTruncated:
      case ErrorCode::kLimitExceeded:
      case ErrorCode::kUnsupported:
      case ErrorCode::kRefused:
      case ErrorCode::kIo:
      case ErrorCode::kInternal:
        Log(LogLevel::kError, kComponent, "HSS resync failed: " + done.error().message);
        return Fail(ErrorCode::kIo, "HSS unavailable");
    }
  }
  Log(LogLevel::kInfo, kComponent, "resynchronised " + request.ue_id + " for NAF " + naf_id->fqdn());
  return Ok();
}

}  // namespace dmboot::nf::bsf
