#include "nf/contracts/operator_api.h"

#include <algorithm>
#include <set>
#include <utility>

#include "dmboot/core/hex.h"
#include "nf/contracts/identity.h"
#include "nf/contracts/json_fields.h"

namespace dmboot::nf::contracts {
namespace {

Error Field(const std::string& field, const std::string& message) {
  return Fail(ErrorCode::kInvalidArgument, field + ": " + message);
}

// StringField reads `body[field]` as a string: required or optional (std::nullopt when absent).
Result<std::optional<std::string>> StringField(const Json& body, const std::string& field, bool required) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) {
    if (required) {
      return Field(field, "required");
    }
    return std::optional<std::string>();
  }
  if (!it->is_string()) {
    return Field(field, "must be a string");
  }
  return std::optional<std::string>(it->get<std::string>());
}

Result<void> OnlyKeys(const Json& body, const std::set<std::string>& keys) {
  if (!body.is_object()) {
    return Fail(ErrorCode::kInvalidArgument, "the request body must be a JSON object");
  }
  for (const auto& [key, value] : body.items()) {
    if (keys.count(key) == 0) {
      return Field(key, "unknown field");
    }
  }
  return Ok();
}

// CleanReason keeps a device-supplied reason printable and short (it is logged and returned).
std::string CleanReason(const std::string& reason) {
  std::string out;
  for (char c : reason) {
    if (out.size() >= 200) {
      break;
    }
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  return out;
}

Error Malformed(const std::string& what) { return Fail(ErrorCode::kMalformed, "DMS answer: " + what); }

}  // namespace

Result<bootstrap::SecurityType> ParseDmSecurityType(std::string_view name) {
  std::string names;
  for (const bootstrap::SecurityTypeInfo& row : bootstrap::kSecurityTypes) {
    if (row.media != bootstrap::BootstrapMedia::kDm) {
      continue;
    }
    if (row.name == name) {
      return row.type;
    }
    names += (names.empty() ? "" : ", ") + std::string(row.name);
  }
  return Fail(ErrorCode::kInvalidArgument, "security_type: must be one of " + names);
}

Result<void> ValidateBootstrapRequest(const BootstrapRequest& r) {
  if (Result<void> ok = ValidateImei(r.imei); !ok) {
    return ok;
  }
  if (!bootstrap::Imsi::Parse(r.imsi)) {
    return Field("imsi", "must be 6 to 15 decimal digits");
  }
  if (Result<void> ok = ValidateMsisdn(r.msisdn); !ok) {
    return ok;
  }
  const std::string type(bootstrap::SecurityTypeName(r.security_type));
  if (bootstrap::MediaOf(r.security_type) != bootstrap::BootstrapMedia::kDm) {
    return Field("security_type", type + " is not a DM security type");
  }
  if (bootstrap::NeedsPin(r.security_type) && !r.pin) {
    return Field("pin", "required for " + type);
  }
  if (!bootstrap::NeedsPin(r.security_type) && r.pin) {
    return Field("pin", "not allowed for " + type + " (no PIN in its key)");
  }
  if (bootstrap::MediaOfProfile(r.profile) != bootstrap::BootstrapMedia::kDm) {
    return Field("profile", "must be dm12, dm12-dmacc or dm11");
  }
  return Ok();
}

Result<BootstrapRequest> ParseBootstrapRequestJson(const Json& body) {
  if (Result<void> known =
          OnlyKeys(body, {"imei", "imsi", "msisdn", "security_type", "pin", "profile", "account"});
      !known) {
    return known.error();
  }
  BootstrapRequest r;
  std::string type_name;
  for (auto [field, out] : {std::pair<const char*, std::string*>{"imei", &r.imei},
                            {"imsi", &r.imsi},
                            {"msisdn", &r.msisdn},
                            {"security_type", &type_name}}) {
    Result<std::optional<std::string>> value = StringField(body, field, true);
    if (!value) {
      return value.error();
    }
    *out = **value;
  }
  // The order of the checks is the order of the fields a caller reads in the documentation.
  if (Result<void> ok = ValidateImei(r.imei); !ok) {
    return ok.error();
  }
  if (!bootstrap::Imsi::Parse(r.imsi)) {
    return Field("imsi", "must be 6 to 15 decimal digits");
  }
  if (Result<void> ok = ValidateMsisdn(r.msisdn); !ok) {
    return ok.error();
  }
  Result<bootstrap::SecurityType> type = ParseDmSecurityType(type_name);
  if (!type) {
    return type.error();
  }
  r.security_type = *type;
  Result<std::optional<std::string>> pin = StringField(body, "pin", false);
  if (!pin) {
    return pin.error();
  }
  if (pin->has_value()) {
    if (!bootstrap::NeedsPin(r.security_type)) {
      return Field("pin", "not allowed for " + type_name + " (no PIN in its key)");
    }
    Result<bootstrap::Pin> parsed = bootstrap::Pin::Parse(**pin);
    if (!parsed) {
      return Field("pin", parsed.error().message);  // Pin::Parse names the rule, never the PIN
    }
    r.pin = std::move(*parsed);
  } else if (bootstrap::NeedsPin(r.security_type)) {
    return Field("pin", "required for " + type_name);
  }
  Result<std::optional<std::string>> profile = StringField(body, "profile", false);
  if (!profile) {
    return profile.error();
  }
  Result<bootstrap::Profile> parsed_profile = bootstrap::ParseProfile(profile->value_or("dm12"));
  if (!parsed_profile) {
    return Field("profile", "must be dm12, dm12-dmacc or dm11");
  }
  r.profile = *parsed_profile;
  auto account = body.find("account");
  if (account != body.end() && !account->is_null()) {
    if (!account->is_object()) {
      return Field("account", "must be an account file JSON object");
    }
    Result<bootstrap::Account> parsed = bootstrap::ParseAccountJson(account->dump());
    if (!parsed) {
      return Fail(ErrorCode::kInvalidArgument, "account: " + parsed.error().message);
    }
    r.account = std::move(*parsed);
  }
  if (Result<void> ok = ValidateBootstrapRequest(r); !ok) {
    return ok.error();
  }
  return r;
}

Json BootstrapRequestJson(const BootstrapRequest& r) {
  Json body{{"imei", r.imei},
            {"imsi", r.imsi},
            {"msisdn", r.msisdn},
            {"security_type", std::string(bootstrap::SecurityTypeName(r.security_type))},
            {"profile", std::string(bootstrap::ProfileName(r.profile))}};
  if (r.pin) {
    body["pin"] = r.pin->secret().RevealText();
  }
  if (r.account) {
    body["account"] = Json::parse(bootstrap::AccountToJson(*r.account));
  }
  return body;
}

Json JobStatusJson(const JobStatus& status) {
  return Json{{"imei", status.imei}, {"state", std::string(JobStateName(status.state))}};
}

Json BulkResultJson(const BulkResult& result) {
  Json rejected = Json::array();
  for (const BulkRejection& r : result.rejected) {
    rejected.push_back({{"line", r.line}, {"error", r.error}});
  }
  return Json{{"accepted", result.accepted}, {"rejected", std::move(rejected)}};
}

Json DeviceViewJson(const DeviceView& v) {
  Json out = {{"imei", v.imei},
              {"state", std::string(JobStateName(v.state))},
              {"security_type", std::string(bootstrap::SecurityTypeName(v.security_type))},
              {"msisdn", v.msisdn},
              {"requested_at_ms", v.requested_at_ms},
              {"resyncs", v.resyncs}};
  if (v.failure) {
    out["failure"] = {{"kind", std::string(FailureKindName(v.failure->kind))}, {"message", v.failure->message}};
  }
  if (v.p_tid) {
    out["p_tid"] = *v.p_tid;
  }
  if (v.enrolled_at_ms) {
    out["enrolled_at_ms"] = *v.enrolled_at_ms;
  }
  if (v.naf_sa) {
    out["naf_sa"] = {{"p_tid", v.naf_sa->p_tid},
                     {"rand", HexEncode(v.naf_sa->rand)},
                     {"naf_id", HexEncode(v.naf_sa->naf_id)},
                     {"expiry_s", v.naf_sa->expiry_s}};
  }
  return out;
}

Result<DeviceView> ParseDeviceViewJson(const Json& body) {
  if (!body.is_object()) {
    return Malformed("not a JSON object");
  }
  DeviceView v;
  try {
    v.imei = body.at("imei").get<std::string>();
    v.msisdn = body.at("msisdn").get<std::string>();
    v.requested_at_ms = body.at("requested_at_ms").get<int64_t>();
    v.resyncs = body.at("resyncs").get<int>();
    Result<JobState> state = ParseJobState(body.at("state").get<std::string>());
    if (!state) {
      return Malformed("state: " + state.error().message);
    }
    v.state = *state;
    Result<bootstrap::SecurityType> type = ParseDmSecurityType(body.at("security_type").get<std::string>());
    if (!type) {
      return Malformed(type.error().message);
    }
    v.security_type = *type;
    if (body.contains("failure")) {
      Result<FailureKind> kind = ParseFailureKind(body["failure"].at("kind").get<std::string>());
      if (!kind) {
        return Malformed("failure.kind: " + kind.error().message);
      }
      v.failure = JobFailure{*kind, body["failure"].at("message").get<std::string>()};
    }
    if (body.contains("p_tid")) {
      v.p_tid = body["p_tid"].get<std::string>();
    }
    if (body.contains("enrolled_at_ms")) {
      v.enrolled_at_ms = body["enrolled_at_ms"].get<int64_t>();
    }
    if (body.contains("naf_sa")) {
      const Json& sa = body["naf_sa"];
      Result<std::vector<uint8_t>> rand = HexDecode(sa.at("rand").get<std::string>());
      Result<std::vector<uint8_t>> naf_id = HexDecode(sa.at("naf_id").get<std::string>());
      if (!rand || !naf_id) {
        return Malformed("naf_sa: rand and naf_id must be hex");
      }
      v.naf_sa = NafSaView{sa.at("p_tid").get<std::string>(), std::move(*rand), std::move(*naf_id),
                           sa.at("expiry_s").get<int64_t>()};
    }
  } catch (const Json::exception& e) {
    // nlohmann names the missing key or the type mismatch; the body holds no secret.
    return Malformed(e.what());
  }
  return v;
}

Json FleetViewJson(const FleetView& v) {
  Json by_state = Json::object();
  for (JobState s : kAllJobStates) {
    auto it = v.by_state.find(s);
    by_state[std::string(JobStateName(s))] = it == v.by_state.end() ? 0 : it->second;
  }
  Json by_type = Json::object();
  for (const auto& [type, funnel] : v.by_type) {
    Json failed = Json::object();
    for (const auto& [kind, n] : funnel.failed) {
      failed[std::string(FailureKindName(kind))] = n;
    }
    by_type[std::string(bootstrap::SecurityTypeName(type))] = {{"requested", funnel.requested},
                                                                {"gpi_accepted", funnel.gpi_accepted},
                                                                {"bootstrapped", funnel.bootstrapped},
                                                                {"enrolled", funnel.enrolled},
                                                                {"failed", std::move(failed)}};
  }
  Json latency = {{"samples", v.latency_samples},
                  {"p50", v.latency_p50_ms ? Json(*v.latency_p50_ms) : Json(nullptr)},
                  {"p99", v.latency_p99_ms ? Json(*v.latency_p99_ms) : Json(nullptr)}};
  return Json{{"devices", v.devices}, {"by_state", by_state}, {"by_type", by_type}, {"latency_ms", latency}};
}

std::string_view GpiReportStatusName(GpiReportStatus status) {
  switch (status) {
    case GpiReportStatus::kAccepted:
      return "accepted";
    case GpiReportStatus::kSyncFailure:
      return "sync_failure";
    case GpiReportStatus::kRejected:
      return "rejected";
  }
  return "rejected";
}

Json GpiReportJson(const GpiReport& report) {
  Json body = {{"status", std::string(GpiReportStatusName(report.status))}};
  if (report.rand) {
    body["rand"] = HexEncode(report.rand->bytes);
  }
  if (report.auts) {
    body["auts"] = HexEncode(report.auts->bytes);
  }
  if (report.reason) {
    body["reason"] = *report.reason;
  }
  return body;
}

Result<GpiReport> ParseGpiReportJson(const Json& body) {
  if (Result<void> known = OnlyKeys(body, {"status", "rand", "auts", "reason"}); !known) {
    return known.error();
  }
  Result<std::optional<std::string>> status = StringField(body, "status", true);
  if (!status) {
    return status.error();
  }
  GpiReport r;
  if (**status == "accepted") {
    r.status = GpiReportStatus::kAccepted;
  } else if (**status == "rejected") {
    r.status = GpiReportStatus::kRejected;
    Result<std::optional<std::string>> reason = StringField(body, "reason", false);
    if (!reason) {
      return reason.error();
    }
    if (*reason) {
      r.reason = CleanReason(**reason);
    }
  } else if (**status == "sync_failure") {
    r.status = GpiReportStatus::kSyncFailure;
    // Checked as text first so that the message is the one rule ("32 hex digits").
    for (auto [field, len] : {std::pair<const char*, size_t>{"rand", 16}, {"auts", 14}}) {
      Result<std::optional<std::string>> text = StringField(body, field, true);
      if (!text) {
        return text.error();
      }
      Result<std::vector<uint8_t>> bytes = HexDecode(**text);
      if (!bytes || bytes->size() != len) {
        return Field(field, "must be " + std::to_string(len * 2) + " hex digits");
      }
    }
    r.rand = *HexField<gba::Rand>(body, "rand");
    r.auts = *HexField<gba::Auts>(body, "auts");
  } else {
    return Field("status", "must be accepted, sync_failure or rejected");
  }
  return r;
}

}  // namespace dmboot::nf::contracts
