// WAP Push codecs on the shared DM bootstrap push (1537-octet WSP PDU, 13 SMS): WSP decode and
// encode, segmentation into TP-User-Data, TPDU decode, reassembly in order and shuffled.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "dmboot/push/sms.h"
#include "dmboot/push/wsp_push.h"

namespace {

const std::vector<uint8_t>& Pdu() {
  static const std::vector<uint8_t> pdu = [] {
    std::ifstream in(std::string(DMBOOT_PUSH_TESTDATA) + "/push_wellknown.wsp", std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read push_wellknown.wsp\n");
      std::abort();
    }
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  }();
  return pdu;
}

std::vector<dmboot::push::SmsUserData> Segments() {
  return *dmboot::push::SegmentForSms(Pdu(), dmboot::push::SegmentOptions{{}, 0x42, false});
}

void BM_WspDecode(benchmark::State& state) {
  for (auto _ : state) {
    auto push = dmboot::push::DecodeWspPush(Pdu());
    benchmark::DoNotOptimize(push);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Pdu().size()));
}
BENCHMARK(BM_WspDecode);

void BM_WspEncode(benchmark::State& state) {
  dmboot::push::WspPush push = *dmboot::push::DecodeWspPush(Pdu());
  for (auto _ : state) {
    auto pdu = dmboot::push::EncodeWspPush(push);
    benchmark::DoNotOptimize(pdu);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Pdu().size()));
}
BENCHMARK(BM_WspEncode);

void BM_SegmentToUserData(benchmark::State& state) {
  for (auto _ : state) {
    auto segments = dmboot::push::SegmentForSms(Pdu(), dmboot::push::SegmentOptions{{}, 0x42, false});
    for (const auto& s : *segments) {
      auto ud = dmboot::push::EncodeUserData(s);
      benchmark::DoNotOptimize(ud);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Pdu().size()));
}
BENCHMARK(BM_SegmentToUserData);

void BM_DecodeUserData13(benchmark::State& state) {
  std::vector<std::vector<uint8_t>> uds;
  for (const auto& s : Segments()) {
    uds.push_back(*dmboot::push::EncodeUserData(s));
  }
  for (auto _ : state) {
    for (const auto& ud : uds) {
      auto decoded = dmboot::push::DecodeUserData(ud);
      benchmark::DoNotOptimize(decoded);
    }
  }
}
BENCHMARK(BM_DecodeUserData13);

void Reassemble(benchmark::State& state, bool shuffled) {
  std::vector<dmboot::push::SmsUserData> segments = Segments();
  if (shuffled) {
    std::mt19937 rng(1);
    std::shuffle(segments.begin(), segments.end(), rng);
  }
  dmboot::push::SmsReassembler reassembler;
  for (auto _ : state) {
    for (const auto& s : segments) {
      auto r = reassembler.Add("+15551230000", s, 0);
      benchmark::DoNotOptimize(r);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Pdu().size()));
}

void BM_Reassemble13InOrder(benchmark::State& state) { Reassemble(state, false); }
BENCHMARK(BM_Reassemble13InOrder);
void BM_Reassemble13Shuffled(benchmark::State& state) { Reassemble(state, true); }
BENCHMARK(BM_Reassemble13Shuffled);

}  // namespace
