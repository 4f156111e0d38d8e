// `dmboot wbxml encode|decode`: XML text <-> WBXML (SyncML DM, DevInf, DDF, OMA CP), issue #3.
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <string_view>

#include "cli/command.h"
#include "cli/io.h"
#include "dmboot/wbxml/decoder.h"
#include "dmboot/wbxml/encoder.h"
#include "dmboot/wbxml/language.h"
#include "dmboot/wbxml/xml_text.h"

namespace dmboot::cli {
namespace {

struct EncodeFlags {
  std::string version = "1.2";
  bool no_string_table = false;
  std::string public_id = "numeric";
  bool opaque_data = false;
  std::string language;
  std::string input;
  std::string output = "-";
};

struct DecodeFlags {
  std::string language;
  std::string input;
  std::string output = "-";
};

Result<void> RunEncode(const EncodeFlags& flags) {
  wbxml::EncodeOptions options;
  Result<wbxml::Version> version = wbxml::VersionFromName(flags.version);
  if (!version) {
    return version.error();
  }
  options.version = *version;
  options.string_table = !flags.no_string_table;
  if (flags.public_id == "numeric") {
    options.public_id = wbxml::PublicIdForm::kNumeric;
  } else if (flags.public_id == "literal") {
    options.public_id = wbxml::PublicIdForm::kLiteral;
  } else {
    return Fail(ErrorCode::kInvalidArgument,
                "--public-id must be numeric or literal, got \"" + flags.public_id + "\"");
  }
  options.data = flags.opaque_data ? wbxml::DataEncoding::kOpaque : wbxml::DataEncoding::kString;
  wbxml::XmlParseOptions parse_options;
  if (!flags.language.empty()) {
    Result<wbxml::Language> language = wbxml::LanguageFromName(flags.language);
    if (!language) {
      return language.error();
    }
    parse_options.language = *language;
  }
  Result<std::vector<uint8_t>> input = ReadInput(flags.input);
  if (!input) {
    return input.error();
  }
  std::string_view xml(reinterpret_cast<const char*>(input->data()), input->size());
  Result<std::vector<uint8_t>> wbxml_bytes = wbxml::XmlToWbxml(xml, parse_options, options);
  if (!wbxml_bytes) {
    return wbxml_bytes.error();
  }
  return WriteOutput(flags.output, *wbxml_bytes);
}

Result<void> RunDecode(const DecodeFlags& flags) {
  wbxml::DecodeOptions options;
  if (!flags.language.empty()) {
    Result<wbxml::Language> language = wbxml::LanguageFromName(flags.language);
    if (!language) {
      return language.error();
    }
    options.language = *language;
  }
  Result<std::vector<uint8_t>> input = ReadInput(flags.input);
  if (!input) {
    return input.error();
  }
  Result<std::string> xml = wbxml::WbxmlToXml(*input, options);
  if (!xml) {
    return xml.error();
  }
  return WriteText(flags.output, *xml);
}

// EncodableVersion accepts the versions `wbxml encode` writes (docs/wbxml.md): 1.1, 1.2 and 1.3.
// 1.0 is refused by name: it is a known WBXML version, so "not in the list" would puzzle.
CLI::Validator EncodableVersion() {
  return CLI::Validator(
      [](std::string& version) -> std::string {
        if (version == "1.1" || version == "1.2" || version == "1.3") {
          return "";
        }
        if (version == "1.0") {
          return "WBXML 1.0 is not supported for encoding (use 1.1, 1.2 or 1.3)";
        }
        return "unknown WBXML version '" + version + "' (use 1.1, 1.2 or 1.3)";
      },
      "1.1|1.2|1.3");
}

const bool kRegistered = RegisterCommand("wbxml", [](CLI::App& app) {
  CLI::App* wbxml =
      app.add_subcommand("wbxml", "Encode and decode WBXML (SyncML DM, DevInf, DDF, OMA CP)");
  wbxml->require_subcommand(1);

  auto encode_flags = std::make_shared<EncodeFlags>();
  CLI::App* encode = wbxml->add_subcommand("encode", "XML text to WBXML (deterministic)");
  encode->add_option("--wbxml-version", encode_flags->version, "WBXML version: 1.1, 1.2 or 1.3")
      ->check(EncodableVersion())
      ->capture_default_str();
  encode->add_flag("--no-string-table", encode_flags->no_string_table,
                   "write every text inline (STR_I)");
  encode->add_option("--public-id", encode_flags->public_id,
                     "public id form: numeric or literal (string table)")
      ->check(CLI::IsMember({"numeric", "literal"}))
      ->capture_default_str();
  encode->add_flag("--opaque-data", encode_flags->opaque_data,
                   "write SyncML <Data> text as OPAQUE");
  encode->add_option("--language", encode_flags->language,
                     "force the language (SYNCML11, SYNCML12, DEVINF11, DEVINF12, DMDDF12, PROV10)");
  encode->add_option("IN", encode_flags->input, "input XML file, - for stdin")->required();
  encode->add_option("-o,--output", encode_flags->output, "output file, - for stdout")
      ->capture_default_str();
  SetAction(encode, [encode_flags] { return RunEncode(*encode_flags); });

  auto decode_flags = std::make_shared<DecodeFlags>();
  CLI::App* decode = wbxml->add_subcommand("decode", "WBXML to XML text");
  decode->add_option("--language", decode_flags->language,
                     "language when the public id is unknown (SYNCML12, DMDDF12, PROV10, ...)");
  decode->add_option("IN", decode_flags->input, "input WBXML file, - for stdin")->required();
  decode->add_option("-o,--output", decode_flags->output, "output file, - for stdout")
      ->capture_default_str();
  SetAction(decode, [decode_flags] { return RunDecode(*decode_flags); });
});

}  // namespace
}  // namespace dmboot::cli
