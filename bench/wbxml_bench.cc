// WBXML decode and encode: dmboot::wbxml beside libwbxml 0.11.8 (the C API of libwbxml2-dev) on
// the bootstrap samples (DM 1.2, OMA CP, DM 1.1.2), in one binary and one run (bench/README.md).
//
// Like for like: libwbxml's public API converts WBXML <-> XML text, so the comparable pairs are
//   decode: libwbxml wbxml2xml (compact)     vs  dmboot WbxmlToXml (indent 0; no tree)
//   encode: libwbxml xml2wbxml (v1.2, table) vs  dmboot XmlToWbxml (v1.2, table; no tree)
// and the tree-only rows (dmboot Decode, dmboot Encode) show what a caller that keeps the tree,
// as the bootstrap builder and the device do, pays.
#include <benchmark/benchmark.h>

extern "C" {
#include <wbxml/wbxml.h>

// libwbxml's tree API: exported by libwbxml2.so 0.11.8 but its header (wbxml_tree.h) is not in
// Debian's libwbxml2-dev, so the prototypes are declared here, as in libwbxml's src/wbxml_tree.h.
// The tree is opaque to us.
typedef struct WBXMLTree_s WBXMLTree;
WBXMLError wbxml_tree_from_wbxml(WB_UTINY* wbxml, WB_ULONG wbxml_len, WBXMLLanguage lang,
                                 WBXMLCharsetMIBEnum charset, WBXMLTree** tree);
WBXMLError wbxml_tree_from_xml(WB_UTINY* xml, WB_ULONG xml_len, WBXMLTree** tree);
WBXMLError wbxml_tree_to_wbxml(WBXMLTree* tree, WB_UTINY** wbxml, WB_ULONG* wbxml_len,
                               WBXMLGenWBXMLParams* params);
void wbxml_tree_destroy(WBXMLTree* tree);
}

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "dmboot/wbxml/decoder.h"
#include "dmboot/wbxml/encoder.h"
#include "dmboot/wbxml/xml_text.h"

namespace {

std::vector<uint8_t> ReadFile(const std::string& name) {
  std::ifstream in(std::string(DMBOOT_WBXML_TESTDATA) + "/" + name, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", name.c_str());
    std::abort();
  }
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
}

// The samples, by benchmark argument: the DM 1.2 bootstrap (Inbox + TNDS), the OMA CP bootstrap
// and the DM 1.1.2 bootstrap (plain DMAcc). Each is the XML source and libwbxml's own WBXML of it.
struct Sample {
  const char* label;
  const char* wbxml;
  const char* xml;
};
constexpr Sample kSamples[] = {
    {"dm12_bootstrap", "dm12_bootstrap.v12.wbxml", "dm12_bootstrap.xml"},
    {"cp_bootstrap", "cp_bootstrap.libwbxml.wbxml", "cp_bootstrap.xml"},
    {"dm11_bootstrap", "dm11_bootstrap.libwbxml.wbxml", "dm11_bootstrap.xml"},
};
constexpr int kSampleCount = static_cast<int>(std::size(kSamples));

const std::vector<uint8_t>& Wbxml(int which) {
  static const std::vector<std::vector<uint8_t>> files = [] {
    std::vector<std::vector<uint8_t>> all;
    for (const Sample& sample : kSamples) {
      all.push_back(ReadFile(sample.wbxml));
    }
    return all;
  }();
  return files[static_cast<size_t>(which)];
}
const std::string& Xml(int which) {
  static const std::vector<std::string> files = [] {
    std::vector<std::string> all;
    for (const Sample& sample : kSamples) {
      const std::vector<uint8_t> bytes = ReadFile(sample.xml);
      all.emplace_back(bytes.begin(), bytes.end());
    }
    return all;
  }();
  return files[static_cast<size_t>(which)];
}
const char* Label(int which) { return kSamples[static_cast<size_t>(which)].label; }

void Bytes(benchmark::State& state, size_t len) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * len));
}

// --- decode ---------------------------------------------------------------------------------

void BM_Decode_Libwbxml(benchmark::State& state) {
  const int which = static_cast<int>(state.range(0));
  std::vector<uint8_t> input = Wbxml(which);
  for (auto _ : state) {
    WBXMLConvWBXML2XML* conv = nullptr;
    if (wbxml_conv_wbxml2xml_create(&conv) != WBXML_OK) {
      state.SkipWithError("create");
      break;
    }
    wbxml_conv_wbxml2xml_set_gen_type(conv, WBXML_GEN_XML_COMPACT);
    WB_UTINY* xml = nullptr;
    WB_ULONG xml_len = 0;
    WBXMLError rc = wbxml_conv_wbxml2xml_run(conv, input.data(),
                                             static_cast<WB_ULONG>(input.size()), &xml, &xml_len);
    wbxml_conv_wbxml2xml_destroy(conv);
    if (rc != WBXML_OK) {
      state.SkipWithError("wbxml2xml failed");
      break;
    }
    benchmark::DoNotOptimize(xml);
    std::free(xml);
  }
  state.SetLabel(Label(which));
  Bytes(state, input.size());
}

// Codec only, WBXML -> tree: libwbxml's wbxml_tree_from_wbxml (and freeing the tree) beside
// BM_Decode_Dmboot (which frees its Document too).
void BM_DecodeTree_Libwbxml(benchmark::State& state) {
  const int which = static_cast<int>(state.range(0));
  std::vector<uint8_t> input = Wbxml(which);
  for (auto _ : state) {
    WBXMLTree* tree = nullptr;
    if (wbxml_tree_from_wbxml(input.data(), static_cast<WB_ULONG>(input.size()),
                              WBXML_LANG_UNKNOWN, WBXML_CHARSET_UNKNOWN, &tree) != WBXML_OK) {
      state.SkipWithError("wbxml_tree_from_wbxml failed");
      break;
    }
    benchmark::DoNotOptimize(tree);
    wbxml_tree_destroy(tree);
  }
  state.SetLabel(Label(which));
  Bytes(state, input.size());
}

void BM_WbxmlToXml_Dmboot(benchmark::State& state) {
  const int which = static_cast<int>(state.range(0));
  const std::vector<uint8_t>& input = Wbxml(which);
  dmboot::wbxml::XmlWriteOptions options;
  options.indent = 0;
  for (auto _ : state) {
    dmboot::Result<std::string> xml = dmboot::wbxml::WbxmlToXml(input, {}, options);
    if (!xml) {
      state.SkipWithError("decode failed");
      break;
    }
    benchmark::DoNotOptimize(xml);
  }
  state.SetLabel(Label(which));
  Bytes(state, input.size());
}

void BM_Decode_Dmboot(benchmark::State& state) {
  const int which = static_cast<int>(state.range(0));
  const std::vector<uint8_t>& input = Wbxml(which);
  for (auto _ : state) {
    dmboot::Result<dmboot::wbxml::Document> doc = dmboot::wbxml::Decode(input);
    if (!doc) {
      state.SkipWithError("decode failed");
      break;
    }
    benchmark::DoNotOptimize(doc);
  }
  state.SetLabel(Label(which));
  Bytes(state, input.size());
}

// --- encode ---------------------------------------------------------------------------------

void BM_Encode_Libwbxml(benchmark::State& state) {
  const int which = static_cast<int>(state.range(0));
  std::string xml = Xml(which);
  size_t out_len = 0;
  for (auto _ : state) {
    WBXMLConvXML2WBXML* conv = nullptr;
    if (wbxml_conv_xml2wbxml_create(&conv) != WBXML_OK) {
      state.SkipWithError("create");
      break;
    }
    wbxml_conv_xml2wbxml_set_version(conv, WBXML_VERSION_12);
    WB_UTINY* wbxml = nullptr;
    WB_ULONG wbxml_len = 0;
    WBXMLError rc = wbxml_conv_xml2wbxml_run(conv, reinterpret_cast<WB_UTINY*>(xml.data()),
                                             static_cast<WB_ULONG>(xml.size()), &wbxml,
                                             &wbxml_len);
    wbxml_conv_xml2wbxml_destroy(conv);
    if (rc != WBXML_OK) {
      state.SkipWithError("xml2wbxml failed");
      break;
    }
    out_len = wbxml_len;
    benchmark::DoNotOptimize(wbxml);
    std::free(wbxml);
  }
  state.SetLabel(std::string(Label(which)) + " -> " + std::to_string(out_len) + " B");
  Bytes(state, xml.size());
}

void BM_XmlToWbxml_Dmboot(benchmark::State& state) {
  const int which = static_cast<int>(state.range(0));
  const std::string& xml = Xml(which);
  size_t out_len = 0;
  for (auto _ : state) {
    dmboot::Result<std::vector<uint8_t>> out = dmboot::wbxml::XmlToWbxml(xml);
    if (!out) {
      state.SkipWithError("xml to wbxml failed");
      break;
    }
    out_len = out->size();
    benchmark::DoNotOptimize(out);
  }
  state.SetLabel(std::string(Label(which)) + " -> " + std::to_string(out_len) + " B");
  Bytes(state, xml.size());
}

// ParseXml alone: XML text to a tree (pugixml, then our checks and the tree).
void BM_ParseXml_Dmboot(benchmark::State& state) {
  const int which = static_cast<int>(state.range(0));
  const std::string& xml = Xml(which);
  for (auto _ : state) {
    dmboot::Result<dmboot::wbxml::Document> doc = dmboot::wbxml::ParseXml(xml);
    benchmark::DoNotOptimize(doc);
  }
  state.SetLabel(Label(which));
  Bytes(state, xml.size());
}

// Codec only, tree -> WBXML: libwbxml's wbxml_tree_to_wbxml on a tree it parsed from the XML
// beforehand, beside BM_Encode_Dmboot.
void BM_EncodeTree_Libwbxml(benchmark::State& state) {
  const int which = static_cast<int>(state.range(0));
  std::string xml = Xml(which);
  WBXMLTree* tree = nullptr;
  if (wbxml_tree_from_xml(reinterpret_cast<WB_UTINY*>(xml.data()),
                          static_cast<WB_ULONG>(xml.size()), &tree) != WBXML_OK) {
    state.SkipWithError("wbxml_tree_from_xml failed");
    return;
  }
  WBXMLGenWBXMLParams params{};
  params.wbxml_version = WBXML_VERSION_12;
  params.use_strtbl = TRUE;
  size_t out_len = 0;
  for (auto _ : state) {
    WB_UTINY* wbxml = nullptr;
    WB_ULONG wbxml_len = 0;
    if (wbxml_tree_to_wbxml(tree, &wbxml, &wbxml_len, &params) != WBXML_OK) {
      state.SkipWithError("wbxml_tree_to_wbxml failed");
      break;
    }
    out_len = wbxml_len;
    benchmark::DoNotOptimize(wbxml);
    std::free(wbxml);
  }
  wbxml_tree_destroy(tree);
  state.SetLabel(std::string(Label(which)) + " -> " + std::to_string(out_len) + " B");
  Bytes(state, xml.size());
}

void BM_Encode_Dmboot(benchmark::State& state) {
  const int which = static_cast<int>(state.range(0));
  dmboot::Result<dmboot::wbxml::Document> doc = dmboot::wbxml::ParseXml(Xml(which));
  if (!doc) {
    state.SkipWithError("parse failed");
    return;
  }
  for (auto _ : state) {
    dmboot::Result<std::vector<uint8_t>> out = dmboot::wbxml::Encode(*doc);
    benchmark::DoNotOptimize(out);
  }
  state.SetLabel(Label(which));
  Bytes(state, Xml(which).size());
}

}  // namespace

BENCHMARK(BM_Decode_Libwbxml)->DenseRange(0, kSampleCount - 1);
BENCHMARK(BM_WbxmlToXml_Dmboot)->DenseRange(0, kSampleCount - 1);
BENCHMARK(BM_DecodeTree_Libwbxml)->DenseRange(0, kSampleCount - 1);
BENCHMARK(BM_Decode_Dmboot)->DenseRange(0, kSampleCount - 1);
BENCHMARK(BM_Encode_Libwbxml)->DenseRange(0, kSampleCount - 1);
BENCHMARK(BM_XmlToWbxml_Dmboot)->DenseRange(0, kSampleCount - 1);
BENCHMARK(BM_ParseXml_Dmboot)->DenseRange(0, kSampleCount - 1);
BENCHMARK(BM_EncodeTree_Libwbxml)->DenseRange(0, kSampleCount - 1);
BENCHMARK(BM_Encode_Dmboot)->DenseRange(0, kSampleCount - 1);
