#include "nf/hss/hss_service.h"

#include <algorithm>
#include <span>
#include <utility>

#include "dmboot/core/hex.h"
#include "dmboot/crypto/constant_time.h"
#include "dmboot/crypto/random.h"
#include "dmboot/gba/kdf.h"
#include "dmboot/gba/milenage.h"
#include "dmboot/gba/sqn.h"

namespace dmboot::nf::hss {
namespace {

Error Invalid(std::string_view field, std::string_view what) {
  return Fail(ErrorCode::kInvalidArgument, std::string(field) + ": " + std::string(what));
}

// ParseHexField decodes `hex` into a FixedBytes / SecretArray `T`; the error names `field` and
// what is wrong ("k: not hex (...)", "k: odd number of hex digits (...)", "k: must be 32 hex
// digits, got 30"), never the value (it may be a key).
template <typename T>
Result<T> ParseHexField(std::string_view field, const std::string& hex) {
  Result<std::vector<uint8_t>> bytes = HexDecode(hex);
  if (!bytes) {
    return Invalid(field, bytes.error().message);
  }
  Result<T> value = T::FromSpan(*bytes);
  crypto::Cleanse(*bytes);
  if (!value) {
    return Invalid(field, "must be " + std::to_string(T::kLength * 2) + " hex digits, got " +
                              std::to_string(hex.size()));
  }
  return value;
}

}  // namespace

// --- parsing -----------------------------------------------------------------------------------

Result<NewSubscriber> ParseNewSubscriber(const NewSubscriberText& text) {
  NewSubscriber s;
  Result<void> imsi = ValidateIdentity(IdentityKind::kImsi, text.imsi, "imsi");
  if (!imsi) {
    return imsi.error();
  }
  s.imsi = text.imsi;
  if (!text.msisdn.empty()) {
    Result<void> m = ValidateIdentity(IdentityKind::kMsisdn, text.msisdn, "msisdn");
    if (!m) {
      return m.error();
    }
    s.msisdn = text.msisdn;
  }
  if (!text.impi.empty()) {
    Result<void> i = ValidateIdentity(IdentityKind::kImpi, text.impi, "impi");
    if (!i) {
      return i.error();
    }
    s.impi = text.impi;
  }
  if (text.k.empty()) {
    return Invalid("k", "is required");
  }
  Result<gba::K> k = ParseHexField<gba::K>("k", text.k);
  if (!k) {
    return k.error();
  }
  s.k = std::move(*k);
  if (text.op.empty() == text.opc.empty()) {
    return Invalid("op/opc", "give exactly one of op and opc");
  }
  if (!text.op.empty()) {
    Result<gba::Op> op = ParseHexField<gba::Op>("op", text.op);
    if (!op) {
      return op.error();
    }
    s.op = std::move(*op);
  } else {
    Result<gba::Opc> opc = ParseHexField<gba::Opc>("opc", text.opc);
    if (!opc) {
      return opc.error();
    }
    s.opc = std::move(*opc);
  }
  if (!text.amf.empty()) {
    Result<gba::Amf> amf = ParseHexField<gba::Amf>("amf", text.amf);
    if (!amf) {
      return amf.error();
    }
    s.amf = *amf;
  }
  if (!text.sqn.empty()) {
    Result<gba::Sqn> sqn = ParseHexField<gba::Sqn>("sqn", text.sqn);
    if (!sqn) {
      return sqn.error();
    }
    if (gba::SeqOf(*sqn) >= gba::kSeqMax) {
      return Invalid("sqn", "leaves no SEQ to issue");
    }
    s.sqn = *sqn;
  }
  return s;
}

// --- HssService ------------------------------------------------------------------------------

Result<std::unique_ptr<HssService>> HssService::Create(const HssConfig& config, HssStore& store) {
  if (config.mnc_digits != 2 && config.mnc_digits != 3) {
    return Fail(ErrorCode::kInvalidArgument, "mnc_digits: must be 2 or 3");
  }
  return std::unique_ptr<HssService>(new HssService(config, store));
}

Result<SubscriberRecord> HssService::MakeRecord(const NewSubscriber& subscriber) const {
  Result<void> imsi = ValidateIdentity(IdentityKind::kImsi, subscriber.imsi, "imsi");
  if (!imsi) {
    return imsi.error();
  }
  if (subscriber.op.has_value() == subscriber.opc.has_value()) {
    return Invalid("op/opc", "give exactly one of op and opc");
  }
  SubscriberRecord r;
  r.imsi = subscriber.imsi;
  r.msisdn = subscriber.msisdn;
  if (subscriber.impi) {
    r.impi = *subscriber.impi;
  } else {
    Result<std::string> impi = gba::ImpiFromImsi(subscriber.imsi, config_.mnc_digits);
    if (!impi) {
      return Invalid("imsi", impi.error().message);
    }
    r.impi = *impi;
  }
  r.k = subscriber.k;
  r.opc = subscriber.op ? gba::ComputeOpc(subscriber.k, *subscriber.op) : *subscriber.opc;
  r.amf = subscriber.amf;
  // The provisioned SQN is the USIM's SQN_MS: start the generator there (TS 33.102 C.1.1), so the
  // first vector carries SEQ_MS + 1.
  gba::SqnGenerator generator;
  generator.Resync(subscriber.sqn);
  r.sqn_state = generator.Serialize();
  return r;
}

Result<Provisioned> HssService::Add(const NewSubscriber& subscriber) {
  Result<SubscriberRecord> record = MakeRecord(subscriber);
  if (!record) {
    return record.error();
  }
  std::vector<SubscriberRecord> batch;
  batch.push_back(std::move(*record));
  Result<std::vector<Result<void>>> done = store_->InsertBatch(batch);
  if (!done) {
    return done.error();
  }
  if (!done->front()) {
    return done->front().error();
  }
  return Provisioned{batch.front().imsi, batch.front().impi};
}

Result<std::vector<SubscriberInfo>> HssService::List() { return store_->List(); }

namespace {

std::vector<std::string> SplitCsvLine(std::string_view line) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t comma = line.find(',', start);
    std::string_view cell = line.substr(start, comma == std::string_view::npos ? line.npos : comma - start);
    while (!cell.empty() && (cell.front() == ' ' || cell.front() == '\t')) {
      cell.remove_prefix(1);
    }
    while (!cell.empty() && (cell.back() == ' ' || cell.back() == '\t')) {
      cell.remove_suffix(1);
    }
    out.emplace_back(cell);
    if (comma == std::string_view::npos) {
      return out;
    }
    start = comma + 1;
  }
}

}  // namespace

Result<ImportReport> HssService::ImportCsv(std::string_view csv) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= csv.size()) {
    size_t end = csv.find('\n', start);
    if (end == std::string_view::npos) {
      end = csv.size();
    }
    std::string_view line = csv.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    lines.push_back(line);
    start = end + 1;
  }
  if (lines.empty() || lines.front().empty()) {
    return Fail(ErrorCode::kInvalidArgument, "csv: missing header line imsi,msisdn,k,opc,amf,sqn");
  }
  const std::vector<std::string> header = SplitCsvLine(lines.front());
  const bool with_op = header == std::vector<std::string>{"imsi", "msisdn", "k", "op", "amf", "sqn"};
  if (!with_op && header != std::vector<std::string>{"imsi", "msisdn", "k", "opc", "amf", "sqn"}) {
    return Fail(ErrorCode::kInvalidArgument,
                "csv: header must be imsi,msisdn,k,opc,amf,sqn (or op instead of opc)");
  }
  ImportReport report;
  std::vector<SubscriberRecord> records;
  std::vector<size_t> record_lines;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      continue;
    }
    std::vector<std::string> cells = SplitCsvLine(lines[i]);
    if (cells.size() != 6) {
      report.rejected.push_back({i + 1, "expected 6 fields, got " + std::to_string(cells.size())});
      continue;
    }
    NewSubscriberText text;
    text.imsi = cells[0];
    text.msisdn = cells[1];
    text.k = cells[2];
    (with_op ? text.op : text.opc) = cells[3];
    text.amf = cells[4];
    text.sqn = cells[5];
    Result<NewSubscriber> parsed = ParseNewSubscriber(text);
    for (std::string* secret : {&text.k, &text.op, &text.opc, &cells[2], &cells[3]}) {
      crypto::Cleanse(std::span<uint8_t>(reinterpret_cast<uint8_t*>(secret->data()), secret->size()));
    }
    if (!parsed) {
      report.rejected.push_back({i + 1, parsed.error().message});
      continue;
    }
    Result<SubscriberRecord> record = MakeRecord(*parsed);
    if (!record) {
      report.rejected.push_back({i + 1, record.error().message});
      continue;
    }
    records.push_back(std::move(*record));
    record_lines.push_back(i + 1);
  }
  // Duplicates inside the file itself are caught by the store (it sees the earlier rows of the
  // same transaction).
  Result<std::vector<Result<void>>> done = store_->InsertBatch(records);
  if (!done) {
    return done.error();
  }
  for (size_t i = 0; i < done->size(); ++i) {
    if ((*done)[i]) {
      ++report.imported;
    } else {
      report.rejected.push_back({record_lines[i], (*done)[i].error().message});
    }
  }
  std::sort(report.rejected.begin(), report.rejected.end(),
            [](const ImportRejection& a, const ImportRejection& b) { return a.line < b.line; });
  return report;
}

Result<ZhVector> HssService::GenerateAv(IdentityKind kind, const std::string& id) {
  Result<void> valid = ValidateIdentity(kind, id, IdentityKindName(kind));
  if (!valid) {
    return valid.error();
  }
  // Optimistic concurrency: read the state, compute the next one, and commit it only if nobody
  // else did meanwhile (another thread or another process on the same file); retry otherwise.
  for (int attempt = 0; attempt < 64; ++attempt) {
    Result<SubscriberRecord> record = store_->Find(kind, id);
    if (!record) {
      return record.error();
    }
    Result<gba::SqnGenerator> generator = gba::SqnGenerator::Deserialize(record->sqn_state);
    if (!generator) {
      return Fail(ErrorCode::kInternal, "stored SQN state of " + record->imsi + " is corrupt");
    }
    Result<gba::Sqn> sqn = generator->Next();
    if (!sqn) {
      return sqn.error();
    }
    Result<bool> stored =
        store_->CompareAndSetSqnState(record->imsi, record->sqn_state, generator->Serialize());
    if (!stored) {
      return stored.error();
    }
    if (!*stored) {
      continue;  // lost the race: the SQN we computed was never released
    }
    // The new state is durable: only now may the SQN leave the HSS (TS 33.102 C.1.1).
    gba::Rand rand;
    crypto::FillRandom(rand.bytes);
    const gba::Milenage milenage = gba::Milenage::Create(gba::SubscriberKeys{record->k, record->opc});
    return ZhVector{record->impi, gba::GenerateAuthVector(milenage, rand, *sqn, record->amf)};
  }
  return Fail(ErrorCode::kIo, "SQN state of the subscriber kept changing; try again");
}

Result<std::string> HssService::Resync(IdentityKind kind, const std::string& id,
                                       const gba::Rand& rand, const gba::Auts& auts) {
  Result<void> valid = ValidateIdentity(kind, id, IdentityKindName(kind));
  if (!valid) {
    return valid.error();
  }
  for (int attempt = 0; attempt < 64; ++attempt) {
    Result<SubscriberRecord> record = store_->Find(kind, id);
    if (!record) {
      return record.error();
    }
    const gba::Milenage milenage = gba::Milenage::Create(gba::SubscriberKeys{record->k, record->opc});
    // MAC-S = f1*(SQN_MS, RAND, AMF* = 0000), compared in constant time by VerifyAuts.
    Result<gba::Sqn> sqn_ms = gba::VerifyAuts(milenage, rand, auts);
    if (!sqn_ms) {
      return sqn_ms.error();
    }
    Result<gba::SqnGenerator> generator = gba::SqnGenerator::Deserialize(record->sqn_state);
    if (!generator) {
      return Fail(ErrorCode::kInternal, "stored SQN state of " + record->imsi + " is corrupt");
    }
    generator->Resync(*sqn_ms);
    Result<bool> stored =
        store_->CompareAndSetSqnState(record->imsi, record->sqn_state, generator->Serialize());
    if (!stored) {
      return stored.error();
    }
    if (*stored) {
      return record->impi;
    }
  }
  return Fail(ErrorCode::kIo, "SQN state of the subscriber kept changing; try again");
}

}  // namespace dmboot::nf::hss
