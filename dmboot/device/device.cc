#include "dmboot/core/ascii.h"
#include "dmboot/device/device.h"

#include <algorithm>
#include <utility>

#include "dmboot/bootstrap/bootstrap_document.h"
#include "dmboot/bootstrap/credentials.h"
#include "dmboot/bootstrap/security_type.h"
#include "dmboot/bootstrap/verifier.h"
#include "dmboot/core/hex.h"
#include "dmboot/crypto/random.h"
#include "dmboot/crypto/sha.h"
#include "dmboot/gba/aka.h"
#include "dmboot/gba/gpi.h"
#include "dmboot/gba/sqn.h"
#include "dmboot/provision/bootstrap_push.h"
#include "dmboot/provision/first_session.h"
#include "dmboot/push/wsp_push.h"
#include "dmboot/session/dm_auth.h"
#include "dmboot/session/dm_package.h"
#include "dmboot/wbxml/decoder.h"

namespace dmboot::device {
namespace {

using bootstrap::BootstrapMedia;
using bootstrap::SecurityType;

// KindOf names an error kind in the snake_case of the failure kinds.
std::string KindOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kMalformed:
    case ErrorCode::kTruncated:
      return "malformed";
    case ErrorCode::kLimitExceeded:
      return "limit_exceeded";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kAuthenticationFailed:
      return "verification_failed";
    case ErrorCode::kRefused:
      return "refused";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kIo:
      return "io";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

// BringUsimTo runs AUTHENTICATE on vectors made with the subscriber's own keys until the USIM has
// accepted `target` (each step within the default Δ = 2^28 of TS 33.102 C.3).
Result<void> BringUsimTo(gba::Usim& usim, const gba::SubscriberKeys& keys, const gba::Sqn& target,
                         const gba::Amf& amf) {
  const uint64_t target_seq = gba::SeqOf(target);
  const uint64_t target_ind = gba::IndOf(target);
  if (target_seq == 0) {
    return Ok();
  }
  gba::Milenage milenage = gba::Milenage::Create(keys);
  constexpr uint64_t kStep = uint64_t{1} << 27;
  uint64_t seq = 0;
  while (seq < target_seq) {
    seq = std::min(target_seq, seq + kStep);
    gba::Rand rand;
    crypto::FillRandom(rand.bytes);
    gba::AuthVector av = gba::GenerateAuthVector(
        milenage, rand, gba::MakeSqn(seq, seq == target_seq ? target_ind : 0), amf);
    Result<gba::AkaResponse> r = usim.Authenticate(rand, av.autn);
    if (!r || !std::holds_alternative<gba::AkaSuccess>(*r)) {
      return dmboot::Fail(ErrorCode::kInvalidArgument, "the configured SQN cannot be loaded");
    }
  }
  return Ok();
}

}  // namespace

std::string_view DeviceStateName(DeviceState state) {
  switch (state) {
    case DeviceState::kIdle:
      return "idle";
    case DeviceState::kGpiAccepted:
      return "gpi_accepted";
    case DeviceState::kGpiSyncFailure:
      return "gpi_sync_failure";
    case DeviceState::kGpiRejected:
      return "gpi_rejected";
    case DeviceState::kBootstrapped:
      return "bootstrapped";
    case DeviceState::kEnrolled:
      return "enrolled";
    case DeviceState::kFailed:
      return "failed";
  }
  return "failed";
}

Device::Device(DeviceConfig config, gba::Usim usim, DmTree tree, TreeSink sink)
    : config_(std::move(config)),
      usim_(std::move(usim)),
      reassembler_(config_.reassembly),
      tree_(std::move(tree)),
      sink_(std::move(sink)) {
  std::vector<std::string> ids = tree_.AccountServerIds();
  if (!ids.empty()) {
    account_server_id_ = ids.front();
  }
}

Result<Device> Device::Create(DeviceConfig config, DmTree tree, TreeSink sink) {
  Result<bootstrap::Imsi> imsi = bootstrap::Imsi::Parse(config.imsi);
  if (!imsi) {
    return dmboot::Fail(ErrorCode::kInvalidArgument, "device " + config.imei + ": bad imsi");
  }
  gba::Usim usim = gba::Usim::Create(config.keys);
  if (config.sqn) {
    Result<void> warm = BringUsimTo(usim, config.keys, *config.sqn, config.amf);
    if (!warm) {
      return dmboot::Fail(warm.error().code, "device " + config.imei + ": " + warm.error().message);
    }
  }
  return Device(std::move(config), std::move(usim), std::move(tree), std::move(sink));
}

PushOutcome Device::Failed(std::string kind, std::string message) {
  Failure f{std::move(kind), std::move(message)};
  last_refusal_ = f;
  if (state_ != DeviceState::kEnrolled) {
    state_ = DeviceState::kFailed;
    failure_ = f;
  }
  PushOutcome out;
  out.failure = std::move(f);
  return out;
}

PushOutcome Device::OnPush(std::span<const uint8_t> pdu, uint64_t now_s) {
  Result<push::WspPush> wsp = push::DecodeWspPush(pdu);
  if (!wsp) {
    // Noise on the bearer (or an attack) changes no state.
    PushOutcome out;
    out.failure = Failure{"malformed_push", wsp.error().message};
    return out;
  }
  const push::WspContentType& ct = wsp->content_type;
  if (AsciiEqualsIgnoreCase(ct.media, push::kMediaGbaPushInfo)) {
    return OnGpi(wsp->body, now_s);
  }
  if (!provision::IsBootstrapMedia(ct)) {
    PushOutcome out;
    out.failure = Failure{"unknown_media", "push media '" + ct.media + "' is not handled"};
    return out;
  }
  return OnBootstrap(wsp->body, ct, now_s);
}

PushOutcome Device::OnGpi(std::span<const uint8_t> body, uint64_t now_s) {
  PushOutcome out;
  auto reject = [&](const Error& error) {
    state_ = DeviceState::kGpiRejected;
    failure_ = Failure{"gpi_rejected", KindOf(error.code) + ": " + error.message};
    out.report = GpiReport{"rejected", "", "", failure_->message};
    out.failure = failure_;
    return out;
  };
  // TS 24.109 J.3 envelope around the GPI.
  Result<gba::GpiEnvelope> envelope = gba::DecodeGpiEnvelope(body);
  if (!envelope) {
    return reject(envelope.error());
  }
  gba::UeGbaConfig ue{config_.impi, config_.trusted_nafs, false};
  Result<gba::GpiOutcome> outcome = gba::ProcessGpi(envelope->gpi, now_s, ue, usim_, store_);
  if (!outcome) {
    return reject(outcome.error());
  }
  if (const auto* accepted = std::get_if<gba::GpiAccepted>(&*outcome)) {
    sa_order_.push_back(accepted->p_tid);
    session_id_ = envelope->session_id;
    state_ = DeviceState::kGpiAccepted;
    failure_.reset();
    out.report = GpiReport{"accepted", "", "", ""};
    return out;
  }
  const auto& sync = std::get<gba::GpiSyncFailure>(*outcome);
  state_ = DeviceState::kGpiSyncFailure;
  failure_.reset();
  out.report = GpiReport{"sync_failure", HexEncode(sync.rand.bytes), HexEncode(sync.auts.bytes), ""};
  return out;
}

PushOutcome Device::OnBootstrap(std::span<const uint8_t> body,
                                const push::WspContentType& content_type, uint64_t now_s) {
  // Replay guard first: a document applied before is refused whatever its MAC says.
  const auto digest = crypto::Sha256(body);
  if (tree_.SeenBootstrap(digest)) {
    return Failed("replay", "this bootstrap document was applied before");
  }

  bootstrap::VerificationPolicy policy;
  policy.max_pin_failures = config_.policy.max_pin_failures;
  if (config_.policy.allow_networkid) {
    policy.allowed.insert(SecurityType::kNetworkId);
  }
  bootstrap::PinAttemptCounter attempts;
  for (unsigned i = 0; i < tree_.pin_failures(); ++i) {
    attempts.RecordFailure();
  }
  const bool was_locked = attempts.locked(policy);

  bootstrap::DeviceCredentials credentials;
  credentials.network_id = *bootstrap::Imsi::Parse(config_.imsi);  // validated by Create
  credentials.pin_supplier = [this]() -> Result<bootstrap::Pin> {
    if (!config_.pin) {
      return dmboot::Fail(ErrorCode::kInvalidArgument, "the device has no PIN");
    }
    return *config_.pin;
  };
  std::optional<Error> lookup_error;
  credentials.ks_naf_lookup = [this, now_s, &lookup_error]() -> Result<bootstrap::KsNaf> {
    // Ks_NAF of the newest NAF SA that is still valid (TS 33.223 §4.3.3).
    bool expired = false;
    for (auto it = sa_order_.rbegin(); it != sa_order_.rend(); ++it) {
      Result<gba::NafSa> sa = store_.Find(*it, now_s);
      if (sa) {
        return bootstrap::KsNaf::Create(crypto::SecretBytes(sa->key.Reveal()));
      }
      expired = expired || sa.error().code == ErrorCode::kRefused;
    }
    Error e = expired ? dmboot::Fail(ErrorCode::kRefused, "the NAF SA has expired")
                      : dmboot::Fail(ErrorCode::kNotFound, "no NAF SA for a GBA bootstrap");
    lookup_error = e;
    return e;
  };

  // The typed Content-Type of the push (an XML media, an unknown SEC or one of the other family
  // fails here, as the verifier would fail it).
  Result<bootstrap::BootstrapContentType> header = provision::ReceivedContentType(content_type);
  Result<SecurityType> verified =
      header ? bootstrap::VerifyBootstrapBytes(body, *header, credentials, policy, attempts)
             : Result<SecurityType>(header.error());
  if (attempts.failures() != tree_.pin_failures()) {
    // The PIN failure count survives restarts: persist it now (the account is unchanged).
    DmTree counted = tree_;
    counted.set_pin_failures(attempts.failures());
    if (sink_(counted)) {
      tree_ = std::move(counted);
    }
  }
  if (!verified) {
    const Error& e = verified.error();
    if (lookup_error) {
      return Failed(lookup_error->code == ErrorCode::kRefused ? "naf_sa_expired" : "no_naf_sa",
                    lookup_error->message);
    }
    if (e.code == ErrorCode::kRefused && was_locked && header && header->sec &&
        bootstrap::NeedsPin(*header->sec)) {
      return Failed("pin_locked", e.message);
    }
    if (e.code == ErrorCode::kAuthenticationFailed) {
      return Failed("verification_failed", e.message);
    }
    if (e.code == ErrorCode::kRefused) {
      return Failed("policy_refused", e.message);
    }
    return Failed("bootstrap_" + KindOf(e.code), e.message);
  }

  // Only verified bytes are decoded.
  Result<wbxml::Document> document = wbxml::Decode(body);
  if (!document) {
    return Failed("bootstrap_malformed", document.error().message);
  }
  Result<bootstrap::Account> account = bootstrap::ExtractAccount(*document);
  if (!account) {
    return Failed("bootstrap_malformed", account.error().message);
  }
  ApplyPolicy apply_policy{config_.policy.allow_replace_other_server};
  Result<DmTree> applied = ApplyAccount(tree_, *account, apply_policy);
  if (!applied) {
    return Failed(applied.error().code == ErrorCode::kRefused ? "account_conflict"
                                                              : "bootstrap_invalid_account",
                  applied.error().message);
  }
  applied->RecordBootstrap(digest);
  applied->set_pin_failures(attempts.failures());
  // All or nothing: the new tree is in force only once it is on disk.
  Result<void> saved = sink_(*applied);
  if (!saved) {
    return Failed("persist_failed", saved.error().message);
  }
  tree_ = std::move(*applied);
  account_server_id_ = account->server_id;
  state_ = DeviceState::kBootstrapped;
  failure_.reset();

  Result<DmSessionRequest> session = PrepareSession(*account);
  if (!session) {
    return Failed("dm_session_failed", session.error().message);
  }
  PushOutcome out;
  out.session = std::move(*session);
  return out;
}

Result<DmSessionRequest> Device::PrepareSession(const bootstrap::Account& account) {
  if (account.addresses.empty()) {
    return dmboot::Fail(ErrorCode::kInvalidArgument, "the account has no address");
  }
  Result<session::DmCredential> credential = provision::ClientCredentialOf(account);
  if (!credential) {
    return credential.error();
  }
  ++sessions_;
  session::Package1 p1;
  p1.session_id = session_id_.empty() ? std::to_string(sessions_) : session_id_;
  p1.server_uri = account.addresses.front().addr;
  p1.device_id = "IMEI:" + config_.imei;
  Result<session::SignedPackage1> signed_p1 = session::SignPackage1(p1, *credential);
  if (!signed_p1) {
    return signed_p1.error();
  }
  DmSessionRequest request;
  request.server_uri = p1.server_uri;
  request.session_id = p1.session_id;
  if (!signed_p1->hmac_header.empty()) {
    // OMA DM Security 1.2.1 §5.3.3: the HMAC travels in the x-syncml-hmac transport header.
    request.headers["x-syncml-hmac"] = signed_p1->hmac_header;
  }
  request.body = std::move(signed_p1->body);
  return request;
}

PushOutcome Device::OnSms(std::span<const uint8_t> tpdu, uint64_t now_ms, uint64_t now_s) {
  PushOutcome out;
  Result<push::SmsTpdu> sms = push::DecodeSmsTpdu(tpdu);
  if (!sms || sms->type != push::SmsTpduType::kDeliver) {
    out.failure = Failure{"malformed_sms", sms ? "not an SMS-DELIVER" : sms.error().message};
    return out;
  }
  Result<push::SmsUserData> ud = push::DecodeUserData(sms->user_data, sms->has_udh);
  if (!ud) {
    out.failure = Failure{"malformed_sms", ud.error().message};
    return out;
  }
  // An expired message is a lost segment even when the next SMS arrives before the next tick.
  if (std::optional<Failure> lost = Tick(now_ms)) {
    out.failure = lost;
  }
  const size_t dropped_before = reassembler_.dropped();
  Result<std::optional<push::WdpDatagram>> datagram = reassembler_.Add(sms->address, *ud, now_ms);
  if (!datagram) {
    out.failure = Failure{"malformed_sms", datagram.error().message};
    return out;
  }
  if (reassembler_.dropped() > dropped_before && !out.failure) {
    // Memory bound reached: the oldest incomplete message was evicted.
    out = Failed("sms_segment_lost", "an incomplete SMS message was evicted (reassembly limits)");
  }
  if (!datagram->has_value()) {
    return out;
  }
  PushOutcome pushed = OnPush((*datagram)->payload, now_s);
  if (!pushed.failure && out.failure) {
    pushed.failure = out.failure;
  }
  return pushed;
}

std::optional<Failure> Device::Tick(uint64_t now_ms) {
  size_t expired = reassembler_.Expire(now_ms);
  if (expired == 0) {
    return std::nullopt;
  }
  return Failed("sms_segment_lost",
                std::to_string(expired) + " SMS message(s) incomplete after " +
                    std::to_string(config_.reassembly.timeout_ms) + " ms")
      .failure;
}

void Device::OnDmSessionReply(const Result<std::vector<uint8_t>>& reply) {
  if (!reply) {
    Failed("dm_session_failed", reply.error().message);
    return;
  }
  Result<session::Package2> p2 = session::DecodePackage2(*reply);
  if (!p2) {
    Failed("dm_session_failed", "package 2: " + p2.error().message);
    return;
  }
  // OMA DM Protocol 1.2 §9.3 / Security §5.3: 212 = authentication accepted.
  if (p2->header_status != 212) {
    Failed("dm_auth_rejected", "the server answered " + std::to_string(p2->header_status));
    return;
  }
  state_ = DeviceState::kEnrolled;
  failure_.reset();
}

void Device::OnReportFailed(const Error& error) {
  if (state_ == DeviceState::kGpiAccepted || state_ == DeviceState::kGpiSyncFailure ||
      state_ == DeviceState::kGpiRejected) {
    Failed("report_failed", error.message);
  }
}

}  // namespace dmboot::device
