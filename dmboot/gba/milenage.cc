#include "dmboot/gba/milenage.h"

#include <array>
#include <cstring>

#include "dmboot/crypto/constant_time.h"

namespace dmboot::gba {
namespace {

using Block = std::array<uint8_t, 16>;

// TS 35.206 §4.1: rotation amounts r1..r5 (in bits; all multiples of 8) and constants c1..c5,
// 128-bit values whose last octet is 0, 1, 2, 4, 8.
constexpr size_t kRotBytes[6] = {0, 64 / 8, 0, 32 / 8, 64 / 8, 96 / 8};
constexpr uint8_t kConstLastOctet[6] = {0, 0x00, 0x01, 0x02, 0x04, 0x08};

// WipedBlocks is scratch space that is cleansed when it goes out of scope.
template <size_t N>
struct WipedBlocks {
  std::array<uint8_t, 16 * N> b{};
  ~WipedBlocks() { crypto::Cleanse(b); }
  uint8_t* block(size_t i) { return b.data() + 16 * i; }
};

// RotXorConst writes rot(`in`, r_i) ⊕ c_i into `out` (rot = cyclic left shift by r_i bits).
void RotXorConst(const uint8_t* in, size_t i, uint8_t* out) {
  const size_t r = kRotBytes[i];
  for (size_t j = 0; j < 16; ++j) {
    out[j] = in[(j + r) % 16];
  }
  out[15] ^= kConstLastOctet[i];
}

}  // namespace

Opc ComputeOpc(const K& k, const Op& op) {
  crypto::Aes128 aes = crypto::Aes128::Create(k.Reveal());
  WipedBlocks<2> s;
  std::memcpy(s.block(0), op.Reveal().data(), 16);
  aes.EncryptBlocks(std::span<const uint8_t>(s.block(0), 16), std::span<uint8_t>(s.block(1), 16));
  Opc opc;
  for (size_t i = 0; i < 16; ++i) {
    opc.RevealMutable()[i] = static_cast<uint8_t>(s.block(1)[i] ^ op.Reveal()[i]);
  }
  return opc;
}

Milenage Milenage::Create(const SubscriberKeys& keys) {
  return Milenage(crypto::Aes128::Create(keys.k.Reveal()), keys.opc);
}

// Blocks layout in Compute: 0 = RAND⊕OPc, 1 = TEMP, 2..6 = inputs to OUT1..OUT5,
// 7..11 = E_K of those.
MilenageOutput Milenage::Compute(const Rand& rand, const Sqn& sqn, const Amf& amf) const {
  const std::span<const uint8_t, 16> opc = opc_.Reveal();
  WipedBlocks<12> s;
  for (size_t j = 0; j < 16; ++j) {
    s.block(0)[j] = static_cast<uint8_t>(rand.bytes[j] ^ opc[j]);
  }
  // TEMP = E_K(RAND ⊕ OPc)
  aes_.EncryptBlocks(std::span<const uint8_t>(s.block(0), 16), std::span<uint8_t>(s.block(1), 16));
  const uint8_t* temp = s.block(1);

  // OUT1 input: TEMP ⊕ rot(IN1 ⊕ OPc, r1) ⊕ c1, IN1 = SQN ‖ AMF ‖ SQN ‖ AMF.
  Block in1;
  std::memcpy(in1.data(), sqn.bytes.data(), 6);
  std::memcpy(in1.data() + 6, amf.bytes.data(), 2);
  std::memcpy(in1.data() + 8, in1.data(), 8);
  for (size_t j = 0; j < 16; ++j) {
    in1[j] ^= opc[j];
  }
  RotXorConst(in1.data(), 1, s.block(2));
  for (size_t j = 0; j < 16; ++j) {
    s.block(2)[j] ^= temp[j];
  }
  // OUTi input (i = 2..5): rot(TEMP ⊕ OPc, ri) ⊕ ci.
  for (size_t j = 0; j < 16; ++j) {
    s.block(0)[j] = static_cast<uint8_t>(temp[j] ^ opc[j]);  // reuse block 0: TEMP ⊕ OPc
  }
  for (size_t i = 2; i <= 5; ++i) {
    RotXorConst(s.block(0), i, s.block(i + 1));
  }
  aes_.EncryptBlocks(std::span<const uint8_t>(s.block(2), 80), std::span<uint8_t>(s.block(7), 80));
  for (size_t i = 0; i < 5; ++i) {
    for (size_t j = 0; j < 16; ++j) {
      s.block(7 + i)[j] ^= opc[j];  // OUTi = E_K(...) ⊕ OPc
    }
  }
  const uint8_t* out1 = s.block(7);
  const uint8_t* out2 = s.block(8);
  const uint8_t* out3 = s.block(9);
  const uint8_t* out4 = s.block(10);
  const uint8_t* out5 = s.block(11);

  MilenageOutput out;
  std::memcpy(out.mac_a.bytes.data(), out1, 8);
  std::memcpy(out.mac_s.bytes.data(), out1 + 8, 8);
  std::memcpy(out.ak.RevealMutable().data(), out2, 6);
  std::memcpy(out.res.RevealMutable().data(), out2 + 8, 8);
  std::memcpy(out.ck.RevealMutable().data(), out3, 16);
  std::memcpy(out.ik.RevealMutable().data(), out4, 16);
  std::memcpy(out.ak_star.RevealMutable().data(), out5, 6);
  crypto::Cleanse(in1);
  return out;
}

MilenageMacs Milenage::F1(const Rand& rand, const Sqn& sqn, const Amf& amf) const {
  const std::span<const uint8_t, 16> opc = opc_.Reveal();
  WipedBlocks<4> s;
  for (size_t j = 0; j < 16; ++j) {
    s.block(0)[j] = static_cast<uint8_t>(rand.bytes[j] ^ opc[j]);
  }
  aes_.EncryptBlocks(std::span<const uint8_t>(s.block(0), 16), std::span<uint8_t>(s.block(1), 16));
  std::memcpy(s.block(0), sqn.bytes.data(), 6);
  std::memcpy(s.block(0) + 6, amf.bytes.data(), 2);
  std::memcpy(s.block(0) + 8, s.block(0), 8);
  for (size_t j = 0; j < 16; ++j) {
    s.block(0)[j] ^= opc[j];
  }
  RotXorConst(s.block(0), 1, s.block(2));
  for (size_t j = 0; j < 16; ++j) {
    s.block(2)[j] ^= s.block(1)[j];
  }
  aes_.EncryptBlocks(std::span<const uint8_t>(s.block(2), 16), std::span<uint8_t>(s.block(3), 16));
  MilenageMacs out;
  for (size_t j = 0; j < 8; ++j) {
    out.mac_a.bytes[j] = static_cast<uint8_t>(s.block(3)[j] ^ opc[j]);
    out.mac_s.bytes[j] = static_cast<uint8_t>(s.block(3)[8 + j] ^ opc[8 + j]);
  }
  return out;
}

MilenageKeys Milenage::F2345(const Rand& rand) const {
  const std::span<const uint8_t, 16> opc = opc_.Reveal();
  WipedBlocks<10> s;
  for (size_t j = 0; j < 16; ++j) {
    s.block(0)[j] = static_cast<uint8_t>(rand.bytes[j] ^ opc[j]);
  }
  aes_.EncryptBlocks(std::span<const uint8_t>(s.block(0), 16), std::span<uint8_t>(s.block(1), 16));
  for (size_t j = 0; j < 16; ++j) {
    s.block(0)[j] = static_cast<uint8_t>(s.block(1)[j] ^ opc[j]);
  }
  for (size_t i = 2; i <= 5; ++i) {
    RotXorConst(s.block(0), i, s.block(i));  // blocks 2..5
  }
  aes_.EncryptBlocks(std::span<const uint8_t>(s.block(2), 64), std::span<uint8_t>(s.block(6), 64));
  for (size_t i = 6; i < 10; ++i) {
    for (size_t j = 0; j < 16; ++j) {
      s.block(i)[j] ^= opc[j];
    }
  }
  MilenageKeys out;
  std::memcpy(out.ak.RevealMutable().data(), s.block(6), 6);
  std::memcpy(out.res.RevealMutable().data(), s.block(6) + 8, 8);
  std::memcpy(out.ck.RevealMutable().data(), s.block(7), 16);
  std::memcpy(out.ik.RevealMutable().data(), s.block(8), 16);
  std::memcpy(out.ak_star.RevealMutable().data(), s.block(9), 6);
  return out;
}

}  // namespace dmboot::gba
