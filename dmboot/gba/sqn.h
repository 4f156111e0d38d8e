#ifndef DMBOOT_GBA_SQN_H_
#define DMBOOT_GBA_SQN_H_

// Sequence number management of 3GPP TS 33.102 Annex C: SQN = SEQ ‖ IND, 48 bits, with a 5-bit
// IND (docs/decisions.md) and a 43-bit SEQ. The network side (SqnGenerator) never issues a value
// twice; the USIM side (SqnArray) keeps SEQ_MS per IND slot and applies the Δ and L limits.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "dmboot/core/result.h"
#include "dmboot/gba/types.h"

namespace dmboot::gba {

inline constexpr unsigned kIndBits = 5;                             // a = 5 (TS 33.102 C.1.2)
inline constexpr uint64_t kIndCount = uint64_t{1} << kIndBits;      // 32 array slots
inline constexpr uint64_t kIndMask = kIndCount - 1;                 // low 5 bits
inline constexpr unsigned kSeqBits = 48 - kIndBits;                 // 43 bits
inline constexpr uint64_t kSeqMax = (uint64_t{1} << kSeqBits) - 1;  // 2^43 - 1
inline constexpr uint64_t kSqnMax = (uint64_t{1} << 48) - 1;

// SqnToInt returns the 48-bit SQN as an integer (big-endian octets).
uint64_t SqnToInt(const Sqn& sqn);
// SqnFromInt returns the SQN octets of `value`; `value` must be ≤ kSqnMax (checked).
Sqn SqnFromInt(uint64_t value);
// MakeSqn returns SEQ ‖ IND; `seq` ≤ kSeqMax and `ind` < kIndCount (checked).
Sqn MakeSqn(uint64_t seq, uint64_t ind);
inline uint64_t SeqOf(const Sqn& sqn) { return SqnToInt(sqn) >> kIndBits; }
inline uint64_t IndOf(const Sqn& sqn) { return SqnToInt(sqn) & kIndMask; }

// SqnGeneratorState is everything an HSS must store durably per subscriber (TS 33.102 C.1.1):
// the highest SEQ issued (SEQ_HE) and the IND slot the next vector uses. The HSS persists the
// state returned by SqnGenerator::state() *before* it releases the vector, so a crash can lose
// an unused SQN but never issue one twice.
struct SqnGeneratorState {
  uint64_t seq_he = 0;
  uint64_t next_ind = 0;
  friend bool operator==(const SqnGeneratorState&, const SqnGeneratorState&) = default;
};

// SqnGenerator allocates SQNs on the network side: each new vector takes SEQ_HE + 1 and the next
// IND slot, cycling 0..31 (TS 33.102 C.1.1.2, C.1.2). SEQ never decreases, so a value is never
// issued twice; SEQ never wraps (at 2^43 - 1 the generator refuses).
class SqnGenerator {
 public:
  SqnGenerator() = default;
  // Restore rebuilds a generator from a stored state; fails with kInvalidArgument if SEQ_HE
  // exceeds 43 bits or IND is not below 32.
  static Result<SqnGenerator> Restore(const SqnGeneratorState& state);
  // Deserialize parses the 7-octet form written by Serialize (SEQ_HE as 6 octets big-endian, then
  // IND); fails with kMalformed on a wrong length or out-of-range value.
  static Result<SqnGenerator> Deserialize(std::span<const uint8_t> bytes);

  // Next returns a fresh SQN and advances the state, or fails with kLimitExceeded once SEQ_HE has
  // reached 2^43 - 1 (the subscriber needs a new K; wrapping would reopen old SQNs).
  Result<Sqn> Next();
  // Resync applies the SQN_MS recovered from a verified AUTS (TS 33.102 §6.3.5: SQN_HE is reset
  // to SQN_MS): SEQ_HE becomes SEQ_MS, so the next vector carries SEQ_MS + 1, just above the
  // highest SEQ the USIM accepted and within its Δ, even when SEQ_HE had run far ahead. A SEQ the
  // HE issued earlier may be issued again; the USIM refuses any it already accepted (C.2.1), and
  // the RAND differs. Only call it with an SQN_MS from an AUTS whose MAC-S was verified.
  void Resync(const Sqn& sqn_ms);

  const SqnGeneratorState& state() const { return state_; }
  std::array<uint8_t, 7> Serialize() const;

 private:
  explicit SqnGenerator(const SqnGeneratorState& state) : state_(state) {}
  SqnGeneratorState state_;
};

// SqnPolicy holds the optional USIM limits of TS 33.102 C.2.2: Δ bounds how far a new SEQ may
// jump ahead of the highest accepted SEQ; L bounds how far below it an accepted SEQ may be (the
// age limit). nullopt disables a limit. Defaults: Δ = 2^28 (the value TS 33.102 C.3 suggests),
// L = 32 (our choice: one full IND cycle of vectors; configurable, see docs/gba.md).
struct SqnPolicy {
  std::optional<uint64_t> delta = uint64_t{1} << 28;
  std::optional<uint64_t> age_limit = 32;
};

// SqnArray is the USIM's SQN state (TS 33.102 C.2): SEQ_MS(i) for each IND slot i, and the highest
// SQN accepted so far (SQN_MS, which an AUTS reports).
class SqnArray {
 public:
  explicit SqnArray(SqnPolicy policy = {}) : policy_(policy) {}

  // IsFresh reports whether `sqn` passes the checks of TS 33.102 C.2.1/C.2.2: SEQ > SEQ_MS(IND);
  // SEQ − SEQ_MS ≤ Δ when SEQ is above the highest accepted SEQ_MS; SEQ_MS − SEQ < L when it is
  // not.
  bool IsFresh(const Sqn& sqn) const;
  // Accept records `sqn` as used: SEQ_MS(IND) = SEQ, and SQN_MS is raised if SEQ is the highest.
  // Call it only after IsFresh returned true and the MAC verified.
  void Accept(const Sqn& sqn);
  // sqn_ms returns the highest accepted SQN (SEQ ‖ IND), zero before any.
  Sqn sqn_ms() const { return SqnFromInt(highest_sqn_); }
  uint64_t seq_ms(uint64_t ind) const { return seq_ms_[ind & kIndMask]; }

  // kSerializedLength is 32 SEQ_MS values and SQN_MS, 6 octets each.
  static constexpr size_t kSerializedLength = (kIndCount + 1) * 6;
  // Serialize returns SEQ_MS(0..31) then SQN_MS, each 6 octets big-endian: what a device stores
  // durably (TS 31.102 keeps the same state on the card).
  std::vector<uint8_t> Serialize() const;
  // Deserialize rebuilds an array with `policy` from Serialize's output; fails with kMalformed on
  // a wrong length, a SEQ over 43 bits, or an SQN_MS that is not the highest SEQ of its slot.
  static Result<SqnArray> Deserialize(std::span<const uint8_t> bytes, SqnPolicy policy = {});

 private:
  SqnPolicy policy_;
  std::array<uint64_t, kIndCount> seq_ms_{};
  uint64_t highest_sqn_ = 0;
};

}  // namespace dmboot::gba

#endif  // DMBOOT_GBA_SQN_H_
