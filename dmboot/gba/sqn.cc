#include "dmboot/gba/sqn.h"

#include <algorithm>

#include "dmboot/core/big_endian.h"

namespace dmboot::gba {

uint64_t SqnToInt(const Sqn& sqn) { return LoadBigEndian(sqn.bytes); }

Sqn SqnFromInt(uint64_t value) {
  DMBOOT_CHECK(value <= kSqnMax);
  Sqn sqn;
  StoreBigEndian(value, sqn.bytes);
  return sqn;
}

Sqn MakeSqn(uint64_t seq, uint64_t ind) {
  DMBOOT_CHECK(seq <= kSeqMax && ind < kIndCount);
  return SqnFromInt((seq << kIndBits) | ind);
}

Result<SqnGenerator> SqnGenerator::Restore(const SqnGeneratorState& state) {
  if (state.seq_he > kSeqMax) {
    return Fail(ErrorCode::kInvalidArgument, "SEQ_HE exceeds 43 bits");
  }
  if (state.next_ind >= kIndCount) {
    return Fail(ErrorCode::kInvalidArgument,
                "IND must be below 32, got " + std::to_string(state.next_ind));
  }
  return SqnGenerator(state);
}

Result<SqnGenerator> SqnGenerator::Deserialize(std::span<const uint8_t> bytes) {
  if (bytes.size() != 7) {
    return Fail(ErrorCode::kMalformed,
                "SQN generator state must be 7 octets, got " + std::to_string(bytes.size()));
  }
  SqnGeneratorState state{LoadBigEndian(bytes.first(6)), bytes[6]};
  Result<SqnGenerator> out = Restore(state);
  if (!out) {
    return Fail(ErrorCode::kMalformed, out.error().message);
  }
  return out;
}

std::array<uint8_t, 7> SqnGenerator::Serialize() const {
  std::array<uint8_t, 7> out{};
  StoreBigEndian(state_.seq_he, std::span<uint8_t>(out).first(6));
  out[6] = static_cast<uint8_t>(state_.next_ind);
  return out;
}

Result<Sqn> SqnGenerator::Next() {
  if (state_.seq_he >= kSeqMax) {
    return Fail(ErrorCode::kLimitExceeded, "SEQ_HE exhausted (2^43 - 1); SQN never wraps");
  }
  state_.seq_he += 1;
  const uint64_t ind = state_.next_ind;
  state_.next_ind = (state_.next_ind + 1) & kIndMask;
  return MakeSqn(state_.seq_he, ind);
}

void SqnGenerator::Resync(const Sqn& sqn_ms) {
  // TS 33.102 §6.3.5: "the HE/AuC resets the value of the counter SQN_HE to SQN_MS". Keeping a
  // SEQ_HE that is far ahead (beyond the USIM's Δ, C.2.2) would make every later vector fail
  // again: the subscriber would be locked out of AKA for good.
  state_.seq_he = SeqOf(sqn_ms);
}

bool SqnArray::IsFresh(const Sqn& sqn) const {
  const uint64_t seq = SeqOf(sqn);
  const uint64_t ind = IndOf(sqn);
  if (seq <= seq_ms_[ind]) {
    return false;  // C.2.1: already used in this slot, or older than the slot's last value
  }
  const uint64_t highest_seq = highest_sqn_ >> kIndBits;
  if (seq > highest_seq) {
    return !policy_.delta || seq - highest_seq <= *policy_.delta;  // C.2.2 Δ limit
  }
  return !policy_.age_limit || highest_seq - seq < *policy_.age_limit;  // C.2.2 L limit
}

std::vector<uint8_t> SqnArray::Serialize() const {
  std::vector<uint8_t> out(kSerializedLength);
  for (size_t i = 0; i < kIndCount; ++i) {
    StoreBigEndian(seq_ms_[i], std::span<uint8_t>(out).subspan(6 * i, 6));
  }
  StoreBigEndian(highest_sqn_, std::span<uint8_t>(out).subspan(6 * kIndCount, 6));
  return out;
}

Result<SqnArray> SqnArray::Deserialize(std::span<const uint8_t> bytes, SqnPolicy policy) {
  if (bytes.size() != kSerializedLength) {
    return Fail(ErrorCode::kMalformed, "USIM SQN state must be " +
                                           std::to_string(kSerializedLength) + " octets, got " +
                                           std::to_string(bytes.size()));
  }
  SqnArray out(policy);
  uint64_t max_seq = 0;
  for (size_t i = 0; i < kIndCount; ++i) {
    out.seq_ms_[i] = LoadBigEndian(bytes.subspan(6 * i, 6));
    if (out.seq_ms_[i] > kSeqMax) {
      return Fail(ErrorCode::kMalformed,
                  "USIM SQN state: SEQ_MS(" + std::to_string(i) + ") exceeds 43 bits");
    }
    max_seq = std::max(max_seq, out.seq_ms_[i]);
  }
  out.highest_sqn_ = LoadBigEndian(bytes.subspan(6 * kIndCount, 6));
  const uint64_t highest_seq = out.highest_sqn_ >> kIndBits;
  if (highest_seq != max_seq || out.seq_ms_[out.highest_sqn_ & kIndMask] != highest_seq) {
    return Fail(ErrorCode::kMalformed, "USIM SQN state: SQN_MS is not the highest accepted SQN");
  }
  return out;
}

void SqnArray::Accept(const Sqn& sqn) {
  const uint64_t seq = SeqOf(sqn);
  seq_ms_[IndOf(sqn)] = seq;
  if (seq > (highest_sqn_ >> kIndBits)) {
    highest_sqn_ = SqnToInt(sqn);
  }
}

}  // namespace dmboot::gba
