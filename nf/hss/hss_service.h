#ifndef DMBOOT_NF_HSS_HSS_SERVICE_H_
#define DMBOOT_NF_HSS_HSS_SERVICE_H_

// The HSS of dmboot (docs/network-functions.md "HSS"): the subscriber store and the Zh
// authentication vectors (shaped after TS 29.109 MAR/MAA). HssService is request in, response out,
// with no sockets; hss_server.h puts HTTP routes on it.

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/gba/aka.h"
#include "dmboot/gba/types.h"
#include "nf/contracts/identity.h"
#include "nf/contracts/zh.h"
#include "nf/hss/hss_store.h"

namespace dmboot::nf::hss {

using contracts::IdentityKind;
using contracts::IdentityKindName;
using contracts::ParseIdentityKind;
using contracts::ValidateIdentity;
using contracts::ZhVector;

// NewSubscriber is a provisioning request. Exactly one of `op`, `opc` is set.
struct NewSubscriber {
  std::string imsi;
  std::optional<std::string> msisdn;
  std::optional<std::string> impi;  // default: TS 23.003 §13.3 from the IMSI
  gba::K k;
  std::optional<gba::Op> op;
  std::optional<gba::Opc> opc;
  gba::Amf amf{{0x80, 0x00}};
  gba::Sqn sqn;  // the highest SQN the USIM has accepted (SQN_MS); the first AV is above it
};

// ParseNewSubscriberFields builds a NewSubscriber from text fields as the API and the CSV carry
// them (hex for binary values; empty optional text = absent), or fails with kInvalidArgument
// naming the field (never its value).
struct NewSubscriberText {
  std::string imsi;
  std::string msisdn;
  std::string impi;
  std::string k;
  std::string op;
  std::string opc;
  std::string amf;
  std::string sqn;
};
Result<NewSubscriber> ParseNewSubscriber(const NewSubscriberText& text);

// Provisioned is the public result of adding a subscriber.
struct Provisioned {
  std::string imsi;
  std::string impi;
};

// ImportReport is the result of a CSV import: rows committed, and each rejected line (1-based,
// the header is line 1) with its reason.
struct ImportRejection {
  size_t line = 0;
  std::string error;
};
struct ImportReport {
  size_t imported = 0;
  std::vector<ImportRejection> rejected;
};

struct HssConfig {
  int mnc_digits = 2;  // MNC length for the default IMPI (2 or 3)
};

// HssService is the HSS logic over an HssStore. Thread-safe.
class HssService {
 public:
  // Create checks `config` (kInvalidArgument) and keeps `store` (not owned; must outlive it).
  static Result<std::unique_ptr<HssService>> Create(const HssConfig& config, HssStore& store);

  // Add provisions one subscriber: kInvalidArgument for bad fields, kRefused for a duplicate
  // IMSI, IMPI or MSISDN. Committed on success.
  Result<Provisioned> Add(const NewSubscriber& subscriber);
  // List returns the public view of every subscriber.
  Result<std::vector<SubscriberInfo>> List();
  // ImportCsv imports `csv` (header `imsi,msisdn,k,opc,amf,sqn` or with `op` for `opc`; empty
  // msisdn/amf/sqn take the defaults). A bad header fails the whole import with
  // kInvalidArgument; bad or duplicate lines are reported and skipped, the others committed.
  Result<ImportReport> ImportCsv(std::string_view csv);

  // GenerateAv returns a fresh AV for the subscriber named `id`: a random RAND and the next SQN
  // of its SqnGenerator, whose new state is committed BEFORE this returns, so no SQN is ever
  // issued twice (across restarts and kill -9). kNotFound "subscriber unknown"; kLimitExceeded
  // when the SQN space is exhausted; kIo when the store fails (then no AV is returned).
  Result<ZhVector> GenerateAv(IdentityKind kind, const std::string& id);

  // Resync verifies `auts` (MAC-S with f1*, AMF* = 0000; TS 33.102 §6.3.5) for `rand` and moves
  // the subscriber's generator to SQN_MS, committed; returns the IMPI. kAuthenticationFailed
  // "verification failed" for a bad AUTS; kNotFound for an unknown subscriber.
  Result<std::string> Resync(IdentityKind kind, const std::string& id, const gba::Rand& rand,
                             const gba::Auts& auts);

 private:
  HssService(const HssConfig& config, HssStore& store) : config_(config), store_(&store) {}
  Result<SubscriberRecord> MakeRecord(const NewSubscriber& subscriber) const;

  HssConfig config_;
  HssStore* store_;
};

}  // namespace dmboot::nf::hss

#endif  // DMBOOT_NF_HSS_HSS_SERVICE_H_
