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
#include "nf/common/database.h"

namespace dmboot::nf::hss {

// IdentityKind says what a UE identity string is (the Zh / Nbsp_GBA identity types dmboot uses).
enum class IdentityKind : uint8_t { kImpi = 0, kImsi = 1, kMsisdn = 2 };

// IdentityKindName returns "impi", "imsi" or "msisdn".
std::string_view IdentityKindName(IdentityKind kind);
// ParseIdentityKind parses those names, or fails with kInvalidArgument naming `field`.
Result<IdentityKind> ParseIdentityKind(std::string_view text, std::string_view field);
// ValidateIdentity checks the syntax of `value` as a `kind` (IMSI 6..15 digits, MSISDN 1..15
// digits, IMPI 1..255 printable ASCII without spaces), or fails with kInvalidArgument naming
// `field`.
Result<void> ValidateIdentity(IdentityKind kind, std::string_view value, std::string_view field);

// SubscriberRecord is one row of the store, secrets included (never leaves the HSS except as
// the derived AV fields CK, IK, XRES to the BSF).
struct SubscriberRecord {
  std::string imsi;
  std::string impi;
  std::optional<std::string> msisdn;
  gba::K k;
  gba::Opc opc;
  gba::Amf amf;
  std::array<uint8_t, 7> sqn_state{};  // gba::SqnGenerator::Serialize()
};

// SubscriberInfo is the public view of a subscriber: no K, OPc or SQN.
struct SubscriberInfo {
  std::string imsi;
  std::string impi;
  std::optional<std::string> msisdn;
  gba::Amf amf;
};

// HssStore is the durable subscriber table. Every method that changes data has committed it
// (synchronous=FULL) when it returns success. Implementations are thread-safe.
class HssStore {
 public:
  virtual ~HssStore() = default;
  // InsertBatch inserts `records` in one transaction: the returned vector has one entry per
  // record, success or kRefused ("imsi already provisioned", same for impi, msisdn) for a
  // duplicate; duplicates are skipped, the others are committed together. Fails as a whole with
  // kIo if the database fails (then nothing is committed).
  virtual Result<std::vector<Result<void>>> InsertBatch(const std::vector<SubscriberRecord>& records) = 0;
  // List returns every subscriber ordered by IMSI, without secrets.
  virtual Result<std::vector<SubscriberInfo>> List() = 0;
  // Find returns the subscriber named `id` of kind `kind`, or kNotFound "subscriber unknown".
  virtual Result<SubscriberRecord> Find(IdentityKind kind, const std::string& id) = 0;
  // CompareAndSetSqnState replaces the SQN generator state of `imsi` by `next` if it is still
  // `expected`, and commits; returns false (changing nothing) if it was not `expected`.
  virtual Result<bool> CompareAndSetSqnState(const std::string& imsi,
                                             const std::array<uint8_t, 7>& expected,
                                             const std::array<uint8_t, 7>& next) = 0;
};

// SqliteHssStore is the HssStore on a nf::Database (table `subscribers`, see the implementation
// notes in docs/network-functions.md).
class SqliteHssStore final : public HssStore {
 public:
  // Open opens (or creates) `path` (":memory:" for tests) and creates the schema.
  static Result<std::unique_ptr<SqliteHssStore>> Open(const std::string& path);

  Result<std::vector<Result<void>>> InsertBatch(const std::vector<SubscriberRecord>& records) override;
  Result<std::vector<SubscriberInfo>> List() override;
  Result<SubscriberRecord> Find(IdentityKind kind, const std::string& id) override;
  Result<bool> CompareAndSetSqnState(const std::string& imsi, const std::array<uint8_t, 7>& expected,
                                     const std::array<uint8_t, 7>& next) override;

 private:
  explicit SqliteHssStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  std::mutex mutex_;
  std::unique_ptr<Database> db_;
};

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

// ZhVector is an AV as the HSS hands it to the BSF over Zh: the IMPI and the quintet.
struct ZhVector {
  std::string impi;
  gba::AuthVector av;
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
