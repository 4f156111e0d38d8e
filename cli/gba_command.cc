// `dmboot gba milenage|ks-naf|gpi decode`: Milenage, the TS 33.220 KDF and GBA Push Info tools,
// issue #6.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/io.h"
#include "cli/hex_flag.h"
#include "dmboot/core/hex.h"
#include "dmboot/gba/aka.h"
#include "dmboot/gba/gpi.h"
#include "dmboot/gba/kdf.h"
#include "dmboot/gba/milenage.h"

namespace dmboot::cli {
namespace {

using gba::Amf;
using gba::Rand;
using gba::Sqn;

// ParseHex decodes the hex value of `flag` into a `T`, naming the flag (never the value, which
// may be a key) in the error.
template <typename T>
Result<T> ParseHex(const std::string& flag, const std::string& hex) {
  Result<std::vector<uint8_t>> bytes = HexFlag(flag, hex);
  if (!bytes) {
    return bytes.error();
  }
  Result<T> value = T::FromSpan(*bytes);
  crypto::Cleanse(*bytes);
  if (!value) {
    return Fail(ErrorCode::kInvalidArgument, flag + ": " + value.error().message);
  }
  return value;
}

// JsonString returns `text` as a JSON string literal (RFC 8259 §7 escaping).
std::string JsonString(const std::string& text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// AkaInputs are the flags both `milenage` and `gpi build` take: --k, exactly one of --op/--opc
// (OPc = OP ⊕ E_K(OP), TS 35.206 §4.1), --rand, --sqn, --amf.
struct AkaInputs {
  gba::SubscriberKeys keys;
  Rand rand;
  Sqn sqn;
  Amf amf;
};

// AkaFlags are those flags as given.
struct AkaFlags {
  std::string k, op, opc, rand, sqn, amf;
};

// AddAkaOptions registers the AkaFlags on `command`; --amf is required unless `default_amf`
// is given.
void AddAkaOptions(CLI::App* command, AkaFlags& flags, const char* default_amf = nullptr) {
  command->add_option("--k", flags.k, "subscriber key K, 16 octets hex")->required();
  CLI::Option* op = command->add_option("--op", flags.op, "operator variant OP, 16 octets hex");
  CLI::Option* opc = command->add_option("--opc", flags.opc, "OPc, 16 octets hex");
  op->excludes(opc);
  command->add_option("--rand", flags.rand, "RAND, 16 octets hex")->required();
  command->add_option("--sqn", flags.sqn, "SQN, 6 octets hex")->required();
  CLI::Option* amf = command->add_option("--amf", flags.amf, "AMF, 2 octets hex");
  if (default_amf == nullptr) {
    amf->required();
  } else {
    flags.amf = default_amf;
    amf->capture_default_str();
  }
}

Result<AkaInputs> ParseAkaInputs(const AkaFlags& flags) {
  Result<gba::K> k = ParseHex<gba::K>("--k", flags.k);
  if (!k) {
    return k.error();
  }
  if (flags.op.empty() == flags.opc.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "give exactly one of --op and --opc");
  }
  gba::Opc opc;
  if (!flags.op.empty()) {
    Result<gba::Op> op = ParseHex<gba::Op>("--op", flags.op);
    if (!op) {
      return op.error();
    }
    opc = gba::ComputeOpc(*k, *op);
  } else {
    Result<gba::Opc> given = ParseHex<gba::Opc>("--opc", flags.opc);
    if (!given) {
      return given.error();
    }
    opc = std::move(*given);
  }
  Result<Rand> rand = ParseHex<Rand>("--rand", flags.rand);
  if (!rand) {
    return rand.error();
  }
  Result<Sqn> sqn = ParseHex<Sqn>("--sqn", flags.sqn);
  if (!sqn) {
    return sqn.error();
  }
  Result<Amf> amf = ParseHex<Amf>("--amf", flags.amf);
  if (!amf) {
    return amf.error();
  }
  return AkaInputs{gba::SubscriberKeys{*k, std::move(opc)}, *rand, *sqn, *amf};
}

// ParseNafId makes NAF_Id = FQDN || Ua security protocol id (TS 33.220 §4.5.2) from --naf-fqdn
// and --ua-id (5 octets hex).
Result<gba::NafId> ParseNafId(const std::string& naf_fqdn, const std::string& ua_id) {
  Result<std::vector<uint8_t>> ua = HexFlag("--ua-id", ua_id);
  if (!ua) {
    return ua.error();
  }
  if (ua->size() != 5) {
    return Fail(ErrorCode::kInvalidArgument, "--ua-id must be 5 octets in hex (10 digits)");
  }
  Result<gba::NafId> naf_id =
      gba::NafId::Create(naf_fqdn, {(*ua)[0], (*ua)[1], (*ua)[2], (*ua)[3], (*ua)[4]});
  if (!naf_id) {
    return Fail(ErrorCode::kInvalidArgument, "--naf-fqdn: " + naf_id.error().message);
  }
  return naf_id;
}

// --- milenage -------------------------------------------------------------------------------

struct MilenageFlags {
  AkaFlags aka;
  bool json = false;
};

Result<void> RunMilenage(const MilenageFlags& flags) {
  Result<AkaInputs> aka = ParseAkaInputs(flags.aka);
  if (!aka) {
    return aka.error();
  }
  const gba::Opc& opc = aka->keys.opc;
  const Rand& rand = aka->rand;
  const Sqn& sqn = aka->sqn;
  const Amf& amf = aka->amf;
  const gba::Milenage m = gba::Milenage::Create(aka->keys);
  const gba::MilenageOutput o = m.Compute(rand, sqn, amf);
  const gba::Autn autn = gba::BuildAutn(gba::AutnParts{sqn, amf, o.mac_a}, o.ak);
  // This tool exists to show these values (test labs, vectors); they go to stdout only.
  const std::pair<const char*, std::string> fields[] = {
      {"opc", HexEncode(opc.Reveal())},    {"mac_a", HexEncode(o.mac_a.bytes)},
      {"mac_s", HexEncode(o.mac_s.bytes)}, {"res", HexEncode(o.res.Reveal())},
      {"ck", HexEncode(o.ck.Reveal())},    {"ik", HexEncode(o.ik.Reveal())},
      {"ak", HexEncode(o.ak.Reveal())},    {"ak_star", HexEncode(o.ak_star.Reveal())},
      {"autn", HexEncode(autn.bytes)},
  };
  std::string text;
  if (flags.json) {
    text = "{";
    bool first = true;
    for (const auto& [name, value] : fields) {
      text += (first ? "" : ",") + JsonString(name) + ":" + JsonString(value);
      first = false;
    }
    text += "}\n";
  } else {
    for (const auto& [name, value] : fields) {
      text += std::string(name) + " " + value + "\n";
    }
  }
  return WriteText("-", text);
}

// --- ks-naf ---------------------------------------------------------------------------------

struct KsNafFlags {
  std::string ck, ik, rand, impi, naf_fqdn;
  std::string ua_id = "ff00000001";
  bool gba_u = false;
};

Result<void> RunKsNaf(const KsNafFlags& flags) {
  Result<gba::Ck> ck = ParseHex<gba::Ck>("--ck", flags.ck);
  if (!ck) {
    return ck.error();
  }
  Result<gba::Ik> ik = ParseHex<gba::Ik>("--ik", flags.ik);
  if (!ik) {
    return ik.error();
  }
  Result<Rand> rand = ParseHex<Rand>("--rand", flags.rand);
  if (!rand) {
    return rand.error();
  }
  Result<gba::NafId> naf_id = ParseNafId(flags.naf_fqdn, flags.ua_id);
  if (!naf_id) {
    return naf_id.error();
  }
  Result<gba::NafKey> key = gba::DeriveNafKey(
      gba::MakeKs(*ck, *ik), flags.gba_u ? gba::NafKeyKind::kInternal : gba::NafKeyKind::kExternal,
      gba::NafKeyContext{*rand, flags.impi, *naf_id});
  if (!key) {
    return key.error();
  }
  return WriteText("-", HexEncode(key->Reveal()) + "\n");
}

// --- gpi decode -----------------------------------------------------------------------------

struct GpiDecodeFlags {
  std::string input;
  std::string hex;
  bool envelope = false;
};

std::string GpiJson(const gba::GbaPushInfo& gpi) {
  std::string out = "{\"version\":" + std::to_string(gba::kGpiProfileVersion);
  out += ",\"p_tid\":" + JsonString(HexEncode(gpi.p_tid));
  out += ",\"rand\":" + JsonString(HexEncode(gpi.rand.bytes));
  out += std::string(",\"") + (gpi.gba_type == gba::GbaType::kGbaU ? "autn_star" : "autn") +
         "\":" + JsonString(HexEncode(gpi.autn.bytes));
  out += ",\"naf_id\":{\"fqdn\":" + JsonString(gpi.naf_id.fqdn()) +
         ",\"ua_security_protocol_id\":" + JsonString(HexEncode(gpi.naf_id.ua_id())) + "}";
  if (gpi.app_lbl) {
    out += ",\"app_lbl\":" + JsonString(*gpi.app_lbl);
  }
  std::string type;
  switch (gpi.gba_type) {
    case gba::GbaType::kGbaMe:
      type = "GBA_ME";
      break;
    case gba::GbaType::kGbaU:
      type = "GBA_U";
      break;
  }
  out += ",\"gba_type\":" + JsonString(type);
  out += ",\"key_expiry\":" + std::to_string(gpi.key_expiry);
  if (gpi.ue_identity) {
    std::string id_type;
    switch (gpi.ue_identity->type) {
      case gba::UeIdType::kPrivate:
        id_type = "private";
        break;
      case gba::UeIdType::kPublic:
        id_type = "public";
        break;
    }
    out += ",\"ue_identity\":{\"type\":" + JsonString(id_type) +
           ",\"value\":" + JsonString(gpi.ue_identity->value) + "}";
  }
  if (!gpi.extensions.empty()) {
    out += ",\"extensions\":[";
    for (size_t i = 0; i < gpi.extensions.size(); ++i) {
      out += (i == 0 ? "" : ",") + std::string("{\"tag\":") +
             std::to_string(gpi.extensions[i].tag) +
             ",\"value\":" + JsonString(HexEncode(gpi.extensions[i].value)) + "}";
    }
    out += "]";
  }
  out += ",\"mac\":" + JsonString(HexEncode(gpi.mac.bytes)) + "}";
  return out;
}

Result<void> RunGpiDecode(const GpiDecodeFlags& flags) {
  if (flags.input.empty() == flags.hex.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "give exactly one of FILE and --hex");
  }
  std::vector<uint8_t> bytes;
  if (!flags.hex.empty()) {
    Result<std::vector<uint8_t>> decoded = HexFlag("--hex", flags.hex);
    if (!decoded) {
      return decoded.error();
    }
    bytes = std::move(*decoded);
  } else {
    Result<std::vector<uint8_t>> read = ReadInput(flags.input);
    if (!read) {
      return read.error();
    }
    bytes = std::move(*read);
  }
  std::string json;
  if (flags.envelope) {
    Result<gba::GpiEnvelope> envelope = gba::DecodeGpiEnvelope(bytes);
    if (!envelope) {
      return envelope.error();
    }
    Result<gba::GbaPushInfo> gpi = gba::GpiProfileV1().Decode(envelope->gpi);
    if (!gpi) {
      return gpi.error();
    }
    json = "{\"envelope_version\":" + std::to_string(gba::kGpiEnvelopeVersion) +
           ",\"session_id\":" + JsonString(envelope->session_id) + ",\"gpi\":" + GpiJson(*gpi) +
           "}";
  } else {
    Result<gba::GbaPushInfo> gpi = gba::GpiProfileV1().Decode(bytes);
    if (!gpi) {
      return gpi.error();
    }
    json = GpiJson(*gpi);
  }
  return WriteText("-", json + "\n");
}

// --- gpi build ------------------------------------------------------------------------------

struct GpiBuildFlags {
  AkaFlags aka;
  std::string impi, naf_fqdn;
  std::string ua_id = "ff00000001";
  std::string p_tid;
  uint64_t expiry = 0;
  bool gba_u = false;
  std::string app_lbl, ue_id_private, ue_id_public, session_id;
  std::string output;
};

// RunGpiBuild plays the BSF for one subscriber (a test-lab tool): it makes the AV, the NAF keys
// and the signed GPI, optionally inside a TS 24.109 J.3 envelope.
Result<void> RunGpiBuild(const GpiBuildFlags& flags) {
  Result<AkaInputs> aka = ParseAkaInputs(flags.aka);
  if (!aka) {
    return aka.error();
  }
  const Rand& rand = aka->rand;
  const Sqn& sqn = aka->sqn;
  const Amf& amf = aka->amf;
  Result<gba::NafId> naf_id = ParseNafId(flags.naf_fqdn, flags.ua_id);
  if (!naf_id) {
    return naf_id.error();
  }
  Result<std::vector<uint8_t>> p_tid = HexFlag("--p-tid", flags.p_tid);
  if (!p_tid) {
    return p_tid.error();
  }
  gba::GpiRequest request{*p_tid,       *naf_id,
                          flags.impi,   flags.gba_u ? gba::GbaType::kGbaU : gba::GbaType::kGbaMe,
                          flags.expiry, std::nullopt,
                          std::nullopt};
  if (!flags.app_lbl.empty()) {
    request.app_lbl = flags.app_lbl;
  }
  if (!flags.ue_id_private.empty() && !flags.ue_id_public.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "give at most one of --ue-id-private, --ue-id-public");
  }
  if (!flags.ue_id_private.empty()) {
    request.ue_identity = gba::UeIdentity{gba::UeIdType::kPrivate, flags.ue_id_private};
  } else if (!flags.ue_id_public.empty()) {
    request.ue_identity = gba::UeIdentity{gba::UeIdType::kPublic, flags.ue_id_public};
  }
  const gba::Milenage subscriber = gba::Milenage::Create(aka->keys);
  const gba::AuthVector av = gba::GenerateAuthVector(subscriber, rand, sqn, amf);
  Result<gba::GpiResponse> built = gba::BuildGpi(request, av);
  if (!built) {
    return built.error();
  }
  std::vector<uint8_t> out = built->gpi;
  if (!flags.session_id.empty()) {
    Result<std::vector<uint8_t>> envelope =
        gba::EncodeGpiEnvelope(gba::GpiEnvelope{flags.session_id, built->gpi});
    if (!envelope) {
      return Fail(ErrorCode::kInvalidArgument, "--session-id: " + envelope.error().message);
    }
    out = std::move(*envelope);
  }
  if (!flags.output.empty()) {
    Result<void> written = WriteOutput(flags.output, out);
    if (!written) {
      return written;
    }
  }
  // The NAF keys are printed because this tool stands in for the BSF's GPI Response.
  std::string text = std::string(flags.session_id.empty() ? "gpi " : "envelope ") + HexEncode(out) +
                     "\nks_naf " + HexEncode(built->ks_naf.Reveal()) + "\n";
  if (built->ks_int_naf) {
    text += "ks_int_naf " + HexEncode(built->ks_int_naf->Reveal()) + "\n";
  }
  return WriteText("-", text);
}

const bool kRegistered = RegisterCommand("gba", [](CLI::App& app) {
  CLI::App* gba = app.add_subcommand("gba", "Milenage, the TS 33.220 KDF and GBA Push Info tools");
  gba->require_subcommand(1);

  auto m = std::make_shared<MilenageFlags>();
  CLI::App* milenage = gba->add_subcommand(
      "milenage", "Milenage f1..f5* (TS 35.206) and AUTN for one subscriber and input");
  AddAkaOptions(milenage, m->aka);
  milenage->add_flag("--json", m->json, "print one JSON object");
  SetAction(milenage, [m] { return RunMilenage(*m); });

  auto k = std::make_shared<KsNafFlags>();
  CLI::App* ks_naf = gba->add_subcommand(
      "ks-naf", "Ks_NAF = KDF(CK||IK, \"gba-me\", RAND, IMPI, NAF_Id) (TS 33.220 B.3)");
  ks_naf->add_option("--ck", k->ck, "CK, 16 octets hex")->required();
  ks_naf->add_option("--ik", k->ik, "IK, 16 octets hex")->required();
  ks_naf->add_option("--rand", k->rand, "RAND, 16 octets hex")->required();
  ks_naf->add_option("--impi", k->impi, "IMPI, as text")->required();
  ks_naf->add_option("--naf-fqdn", k->naf_fqdn, "the NAF's FQDN")->required();
  ks_naf->add_option("--ua-id", k->ua_id, "Ua security protocol id, 5 octets hex")
      ->capture_default_str();
  ks_naf->add_flag("--gba-u", k->gba_u, "derive Ks_int_NAF (\"gba-u\") instead");
  SetAction(ks_naf, [k] { return RunKsNaf(*k); });

  CLI::App* gpi = gba->add_subcommand("gpi", "GBA Push Info (dmboot GPI profile v1)");
  gpi->require_subcommand(1);
  auto d = std::make_shared<GpiDecodeFlags>();
  CLI::App* decode = gpi->add_subcommand("decode", "print a GPI's fields as JSON");
  CLI::Option* file = decode->add_option("FILE", d->input, "GPI file, - for stdin");
  CLI::Option* hex = decode->add_option("--hex", d->hex, "the GPI as hex");
  file->excludes(hex);
  decode->add_flag("--envelope", d->envelope, "the input is a TS 24.109 J.3 GPI envelope");
  SetAction(decode, [d] { return RunGpiDecode(*d); });

  auto b = std::make_shared<GpiBuildFlags>();
  CLI::App* build = gpi->add_subcommand(
      "build", "make an AV and a signed GPI as the BSF does; print it with Ks_NAF");
  AddAkaOptions(build, b->aka, "0000");
  build->add_option("--impi", b->impi, "IMPI, as text")->required();
  build->add_option("--naf-fqdn", b->naf_fqdn, "the NAF's FQDN")->required();
  build->add_option("--ua-id", b->ua_id, "Ua security protocol id, 5 octets hex")
      ->capture_default_str();
  build->add_option("--p-tid", b->p_tid, "P-TID, hex")->required();
  build->add_option("--expiry", b->expiry, "NAF SA expiry, seconds since the Unix epoch")
      ->required();
  build->add_flag("--gba-u", b->gba_u, "GBA_U: AUTN* and Ks_ext_NAF / Ks_int_NAF");
  build->add_option("--app-lbl", b->app_lbl, "UICC application label");
  build->add_option("--ue-id-private", b->ue_id_private, "UE identity (IMPI)");
  build->add_option("--ue-id-public", b->ue_id_public, "UE identity (IMPU)");
  build->add_option("--session-id", b->session_id, "wrap the GPI in a J.3 envelope with this id");
  build->add_option("-o,--output", b->output, "also write the binary GPI / envelope to this file");
  SetAction(build, [b] { return RunGpiBuild(*b); });
});

}  // namespace
}  // namespace dmboot::cli
