// Differential test against libosmogsm: the gba_osmo_oracle program (osmo_oracle.c, linked with
// libosmogsm from libosmocore-dev) computes the same Milenage outputs and checks our AUTS values.
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dmboot/crypto/random.h"
#include "dmboot/gba/aka.h"
#include "dmboot/gba/milenage.h"
#include "dmboot/gba/sqn.h"
#include "dmboot/gba/test_util.h"
#include "testing/vector_file.h"

#ifndef DMBOOT_GBA_OSMO_ORACLE
#error "DMBOOT_GBA_OSMO_ORACLE must name the oracle binary"
#endif

namespace dmboot::gba {
namespace {

using test::HexOf;
using test::Make;

// RunOracle feeds `requests` (one per line) to the oracle and returns its output lines.
std::vector<std::string> RunOracle(const std::vector<std::string>& requests) {
  const std::string input_path =
      ::testing::TempDir() + "gba_osmo_oracle_input_" + std::to_string(::getpid()) + ".txt";
  {
    std::ofstream in(input_path);
    for (const std::string& r : requests) {
      in << r << "\n";
    }
  }
  const std::string command = std::string(DMBOOT_GBA_OSMO_ORACLE) + " < " + input_path;
  FILE* pipe = ::popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::vector<std::string> lines;
  if (pipe == nullptr) {
    return lines;
  }
  char buffer[1024];
  while (std::fgets(buffer, sizeof(buffer), pipe) != nullptr) {
    std::string line(buffer);
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
    }
    lines.push_back(line);
  }
  EXPECT_EQ(::pclose(pipe), 0);
  std::remove(input_path.c_str());
  EXPECT_EQ(lines.size(), requests.size());
  return lines;
}

struct Input {
  K k;
  std::optional<Op> op;
  Opc opc;
  Rand rand;
  Sqn sqn;
  Amf amf;
};

std::string Ours(const Input& in) {
  const Milenage m = Milenage::Create(SubscriberKeys{in.k, in.opc});
  const MilenageOutput o = m.Compute(in.rand, in.sqn, in.amf);
  const AuthVector av = GenerateAuthVector(m, in.rand, in.sqn, in.amf);
  std::ostringstream s;
  s << "opc=" << HexOf(in.opc.Reveal()) << " mac_a=" << HexOf(o.mac_a.bytes)
    << " mac_s=" << HexOf(o.mac_s.bytes) << " res=" << HexOf(o.res.Reveal())
    << " ck=" << HexOf(o.ck.Reveal()) << " ik=" << HexOf(o.ik.Reveal())
    << " ak=" << HexOf(o.ak.Reveal()) << " ak_star=" << HexOf(o.ak_star.Reveal())
    << " autn=" << HexOf(av.autn.bytes);
  return s.str();
}

std::string Request(const Input& in) {
  return "milenage " + HexOf(in.k.Reveal()) + " " + (in.op ? HexOf(in.op->Reveal()) : "-") + " " +
         HexOf(in.opc.Reveal()) + " " + HexOf(in.rand.bytes) + " " + HexOf(in.sqn.bytes) + " " +
         HexOf(in.amf.bytes);
}

template <typename T>
T RandomSecret() {
  T t;
  crypto::FillRandom(t.RevealMutable());
  return t;
}

template <typename T>
T RandomPublic() {
  T t;
  crypto::FillRandom(t.bytes);
  return t;
}

// TS 35.208 sets 1-20 (OPc computed from OP by both sides) and 300 random subscribers and inputs.
TEST(MilenageOracleTest, LibosmogsmAgreesOnSetsAndRandomInputs) {
  std::vector<Input> inputs;
  for (const char* file : {"dmboot/gba/testdata/milenage_35208.txt",
                           "dmboot/gba/testdata/milenage_35208_conformance.txt"}) {
    testing::ForEachVector(file, [&](testing::Vector& v) {
      Input in{Make<K>(v.Bytes("K")),       Make<Op>(v.Bytes("OP")),   Make<Opc>(v.Bytes("OPc")),
               Make<Rand>(v.Bytes("RAND")), Make<Sqn>(v.Bytes("SQN")), Make<Amf>(v.Bytes("AMF"))};
      for (const char* name : {"f1", "f1*", "f2", "f3", "f4", "f5", "f5*"}) {
        v.Bytes(name);  // the outputs are checked against the spec in milenage_test.cc
      }
      inputs.push_back(std::move(in));
    });
  }
  ASSERT_EQ(inputs.size(), 20u);
  for (int i = 0; i < 300; ++i) {
    Input in{RandomSecret<K>(),    std::nullopt,        RandomSecret<Opc>(),
             RandomPublic<Rand>(), RandomPublic<Sqn>(), RandomPublic<Amf>()};
    if (SqnToInt(in.sqn) == 0) {
      in.sqn.bytes[5] = 1;  // the oracle passes SQN - 1 to osmo_auth_gen_vec
    }
    if (i % 3 == 0) {  // a third of them give OP, so both OPc derivations are compared
      in.op = RandomSecret<Op>();
      in.opc = ComputeOpc(in.k, *in.op);
    }
    inputs.push_back(std::move(in));
  }
  std::vector<std::string> requests;
  for (const Input& in : inputs) {
    requests.push_back(Request(in));
  }
  const std::vector<std::string> theirs = RunOracle(requests);
  ASSERT_EQ(theirs.size(), inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_EQ(Ours(inputs[i]), theirs[i]) << "case " << i << ": " << requests[i];
  }
}

// Our AUTS (f1*, AMF* = 0000, AK* from f5*) is accepted by libosmogsm's resynchronisation, which
// recovers the same SQN_MS; a tampered AUTS is refused by both.
TEST(MilenageOracleTest, LibosmogsmAcceptsOurAuts) {
  std::vector<std::string> requests;
  std::vector<std::string> expected;
  for (int i = 0; i < 100; ++i) {
    const K k = RandomSecret<K>();
    const Opc opc = RandomSecret<Opc>();
    const Rand rand = RandomPublic<Rand>();
    const Sqn sqn_ms = RandomPublic<Sqn>();
    const Milenage m = Milenage::Create(SubscriberKeys{k, opc});
    Auts auts = BuildAuts(m, rand, sqn_ms);
    const bool tamper = i % 4 == 3;
    if (tamper) {
      auts.bytes[static_cast<size_t>(i) % 14] ^= 0x10;
      EXPECT_FALSE(VerifyAuts(m, rand, auts).has_value());
    } else {
      EXPECT_EQ(*VerifyAuts(m, rand, auts), sqn_ms);
    }
    requests.push_back("auts " + HexOf(k.Reveal()) + " " + HexOf(opc.Reveal()) + " " +
                       HexOf(rand.bytes) + " " + HexOf(auts.bytes));
    expected.push_back(tamper ? "auts=fail" : "sqn_ms=" + HexOf(sqn_ms.bytes));
  }
  const std::vector<std::string> theirs = RunOracle(requests);
  ASSERT_EQ(theirs.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(theirs[i], expected[i]) << requests[i];
  }
}

}  // namespace
}  // namespace dmboot::gba
