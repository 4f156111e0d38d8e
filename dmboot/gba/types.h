#ifndef DMBOOT_GBA_TYPES_H_
#define DMBOOT_GBA_TYPES_H_

// Strong fixed-size types for the AKA / GBA fields (3GPP TS 33.102 §6.3, TS 35.206, TS 33.220).
// Public values (RAND, SQN, AMF, AUTN, AUTS, MAC-A, MAC-S) are FixedBytes; key material and
// values that must not leak (K, OPc, CK, IK, RES, AK, Ks, Ks_NAF) are SecretArray, which wipes
// itself and cannot be printed.

#include <array>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>

#include "dmboot/core/result.h"
#include "dmboot/crypto/constant_time.h"

namespace dmboot::gba {

// FixedBytes is `N` public octets with a distinct type per field (`Tag`), so a RAND can never be
// passed where an AUTN is expected.
template <size_t N, typename Tag>
struct FixedBytes {
  static constexpr size_t kLength = N;
  std::array<uint8_t, N> bytes{};

  // FromSpan copies `in`, or fails with kInvalidArgument if it is not exactly N octets.
  static Result<FixedBytes> FromSpan(std::span<const uint8_t> in) {
    if (in.size() != N) {
      return Fail(ErrorCode::kInvalidArgument, std::string(Tag::kName) + " must be " +
                                                   std::to_string(N) + " octets, got " +
                                                   std::to_string(in.size()));
    }
    FixedBytes out;
    for (size_t i = 0; i < N; ++i) {
      out.bytes[i] = in[i];
    }
    return out;
  }

  std::span<const uint8_t, N> span() const { return bytes; }
  friend bool operator==(const FixedBytes&, const FixedBytes&) = default;
};

// SecretArray is `N` octets of key material: wiped on destruction and before reassignment,
// compared in constant time, never printed (gtest sees only the name and length). The only
// accessors are Reveal() / RevealMutable(), names a review can grep for.
template <size_t N, typename Tag>
class SecretArray {
 public:
  static constexpr size_t kLength = N;

  SecretArray() = default;
  SecretArray(const SecretArray&) = default;
  SecretArray& operator=(const SecretArray& other) {
    if (this != &other) {
      crypto::Cleanse(bytes_);
      bytes_ = other.bytes_;
    }
    return *this;
  }
  SecretArray(SecretArray&& other) noexcept : bytes_(other.bytes_) {
    crypto::Cleanse(other.bytes_);
  }
  SecretArray& operator=(SecretArray&& other) noexcept {
    if (this != &other) {
      bytes_ = other.bytes_;
      crypto::Cleanse(other.bytes_);
    }
    return *this;
  }
  ~SecretArray() { crypto::Cleanse(bytes_); }

  // FromSpan copies `in`, or fails with kInvalidArgument if it is not exactly N octets. The
  // message names the field and the length only.
  static Result<SecretArray> FromSpan(std::span<const uint8_t> in) {
    if (in.size() != N) {
      return Fail(ErrorCode::kInvalidArgument, std::string(Tag::kName) + " must be " +
                                                   std::to_string(N) + " octets, got " +
                                                   std::to_string(in.size()));
    }
    SecretArray out;
    for (size_t i = 0; i < N; ++i) {
      out.bytes_[i] = in[i];
    }
    return out;
  }

  std::span<const uint8_t, N> Reveal() const { return bytes_; }
  std::span<uint8_t, N> RevealMutable() { return bytes_; }

  // Constant-time comparison.
  friend bool operator==(const SecretArray& a, const SecretArray& b) {
    return crypto::ConstantTimeEquals(a.bytes_, b.bytes_);
  }
  friend std::ostream& operator<<(std::ostream&, const SecretArray&) = delete;
  friend void PrintTo(const SecretArray&, std::ostream* os) {
    *os << Tag::kName << "(" << N << " secret octets)";
  }

 private:
  std::array<uint8_t, N> bytes_{};
};

// Field tags: kName is what error messages call the field.
struct RandTag {
  static constexpr const char* kName = "RAND";
};
struct SqnTag {
  static constexpr const char* kName = "SQN";
};
struct AmfTag {
  static constexpr const char* kName = "AMF";
};
struct MacATag {
  static constexpr const char* kName = "MAC-A";
};
struct MacSTag {
  static constexpr const char* kName = "MAC-S";
};
struct AutnTag {
  static constexpr const char* kName = "AUTN";
};
struct AutsTag {
  static constexpr const char* kName = "AUTS";
};
struct OpTag {
  static constexpr const char* kName = "OP";
};
struct KTag {
  static constexpr const char* kName = "K";
};
struct OpcTag {
  static constexpr const char* kName = "OPc";
};
struct ResTag {
  static constexpr const char* kName = "RES";
};
struct CkTag {
  static constexpr const char* kName = "CK";
};
struct IkTag {
  static constexpr const char* kName = "IK";
};
struct AkTag {
  static constexpr const char* kName = "AK";
};
struct KsTag {
  static constexpr const char* kName = "Ks";
};
struct NafKeyTag {
  static constexpr const char* kName = "Ks_NAF";
};

// TS 33.102 §6.3.2 / TS 35.206 field sizes.
using Rand = FixedBytes<16, RandTag>;
using Sqn = FixedBytes<6, SqnTag>;
using Amf = FixedBytes<2, AmfTag>;
using MacA = FixedBytes<8, MacATag>;   // f1; also MAC* of GBA_U (TS 33.220 §5.3.2)
using MacS = FixedBytes<8, MacSTag>;   // f1*
using Autn = FixedBytes<16, AutnTag>;  // SQN⊕AK ‖ AMF ‖ MAC-A (or AUTN* with MAC*)
using Auts = FixedBytes<14, AutsTag>;  // SQN_MS⊕AK* ‖ MAC-S
// OP is an operator secret; it is only ever turned into OPc.
using Op = SecretArray<16, OpTag>;
using K = SecretArray<16, KTag>;
using Opc = SecretArray<16, OpcTag>;
using Res = SecretArray<8, ResTag>;  // f2 (XRES on the network side); 64-bit RES as in TS 35.206
using Ck = SecretArray<16, CkTag>;
using Ik = SecretArray<16, IkTag>;
using Ak = SecretArray<6, AkTag>;           // f5, and f5* (AK*)
using Ks = SecretArray<32, KsTag>;          // CK ‖ IK (TS 33.220 §4.5.2)
using NafKey = SecretArray<32, NafKeyTag>;  // Ks_NAF / Ks_ext_NAF / Ks_int_NAF

}  // namespace dmboot::gba

#endif  // DMBOOT_GBA_TYPES_H_
