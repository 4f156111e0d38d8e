// nf/common/pki: the certificates are checked by independent tools (the openssl command and an
// in-process TLS 1.3 handshake through libssl), not by re-reading them with pki.cc itself.
#include "nf/common/pki.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace dmboot::nf {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

// TempDir is a fresh directory removed when the test ends, pass or fail.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "dmboot_pki_XXXXXX").string();
    char* made = ::mkdtemp(tmpl.data());
    EXPECT_NE(made, nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct CommandRun {
  int status;
  std::string out;
};

// RunCommand runs a shell command (stderr folded into stdout) and returns its exit status.
CommandRun RunCommand(const std::string& command) {
  CommandRun run{-1, {}};
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    return run;
  }
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) {
    run.out.append(buf.data(), n);
  }
  int status = ::pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string Quote(const fs::path& p) { return "'" + p.string() + "'"; }

CommandRun OpensslVerify(const fs::path& ca, const fs::path& cert) {
  return RunCommand("openssl verify -CAfile " + Quote(ca) + " " + Quote(cert));
}

CommandRun OpensslExt(const fs::path& cert) {
  return RunCommand("openssl x509 -noout -ext subjectAltName,extendedKeyUsage,basicConstraints -in " + Quote(cert));
}

mode_t ModeOf(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

CertRequest Request(const std::string& name, CertUsage usage) {
  CertRequest r;
  r.name = name;
  r.dns_names = {name + ".dmboot.test", "alt-" + name + ".dmboot.test"};
  r.ip_addresses = {"127.0.0.1", "::1"};
  r.usage = usage;
  r.days = 30;
  return r;
}

TEST(PkiTest, CaIsSelfSignedCaWithPrivateKeyFile) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "pki";
  ASSERT_TRUE(MakeCa(dir, "test CA"));
  EXPECT_EQ(ModeOf(dir), 0700u);
  EXPECT_EQ(ModeOf(dir / "ca.key"), 0600u);
  EXPECT_EQ(ModeOf(dir / "ca.crt"), 0644u);
  CommandRun verify = OpensslVerify(dir / "ca.crt", dir / "ca.crt");
  EXPECT_EQ(verify.status, 0) << verify.out;
  CommandRun text = RunCommand("openssl x509 -noout -subject -ext basicConstraints,keyUsage -in " + Quote(dir / "ca.crt"));
  EXPECT_EQ(text.status, 0) << text.out;
  EXPECT_THAT(text.out, HasSubstr("CN = test CA"));
  EXPECT_THAT(text.out, HasSubstr("critical"));
  EXPECT_THAT(text.out, HasSubstr("CA:TRUE"));
  EXPECT_THAT(text.out, HasSubstr("Certificate Sign, CRL Sign"));
  CommandRun key = RunCommand("openssl pkey -noout -text -in " + Quote(dir / "ca.key"));
  EXPECT_THAT(key.out, HasSubstr("prime256v1"));
}

TEST(PkiTest, MakeCaRefusesToOverwriteTheKey) {
  TempDir tmp;
  ASSERT_TRUE(MakeCa(tmp.path(), "first"));
  std::ifstream in(tmp.path() / "ca.key");
  std::string before((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Result<void> again = MakeCa(tmp.path(), "second");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kRefused);
  EXPECT_THAT(again.error().message, HasSubstr("ca.key"));
  std::ifstream in2(tmp.path() / "ca.key");
  std::string after((std::istreambuf_iterator<char>(in2)), std::istreambuf_iterator<char>());
  EXPECT_EQ(before, after);
  CommandRun subject = RunCommand("openssl x509 -noout -subject -in " + Quote(tmp.path() / "ca.crt"));
  EXPECT_THAT(subject.out, HasSubstr("first"));
}

TEST(PkiTest, IssuedCertVerifiesWithOpensslAndCarriesTheSansAndUsages) {
  TempDir tmp;
  ASSERT_TRUE(MakeCa(tmp.path(), "test CA"));
  Result<void> issued = IssueCert(tmp.path(), Request("bsf", CertUsage::kServerAndClient));
  ASSERT_TRUE(issued) << issued.error().message;
  const fs::path crt = tmp.path() / "bsf.crt";
  EXPECT_EQ(ModeOf(tmp.path() / "bsf.key"), 0600u);
  EXPECT_EQ(ModeOf(crt), 0644u);
  CommandRun verify = OpensslVerify(tmp.path() / "ca.crt", crt);
  EXPECT_EQ(verify.status, 0) << verify.out;
  EXPECT_THAT(verify.out, HasSubstr(": OK"));
  CommandRun ext = OpensslExt(crt);
  EXPECT_EQ(ext.status, 0) << ext.out;
  EXPECT_THAT(ext.out, HasSubstr("DNS:bsf.dmboot.test, DNS:alt-bsf.dmboot.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1"));
  EXPECT_THAT(ext.out, HasSubstr("TLS Web Server Authentication, TLS Web Client Authentication"));
  EXPECT_THAT(ext.out, HasSubstr("CA:FALSE"));
  CommandRun text = RunCommand("openssl x509 -noout -text -in " + Quote(crt));
  EXPECT_THAT(text.out, HasSubstr("ecdsa-with-SHA256"));
  EXPECT_THAT(text.out, HasSubstr("Subject Key Identifier"));
  EXPECT_THAT(text.out, HasSubstr("Authority Key Identifier"));
  EXPECT_THAT(text.out, HasSubstr("Subject: CN = bsf"));
  // The key pairs with the certificate, independently of pki.cc.
  CommandRun pub_cert = RunCommand("openssl x509 -noout -pubkey -in " + Quote(crt));
  CommandRun pub_key = RunCommand("openssl pkey -pubout -in " + Quote(tmp.path() / "bsf.key"));
  EXPECT_EQ(pub_cert.out, pub_key.out);

  Result<CertInfo> info = ReadCertInfo(crt);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->subject, "CN=bsf");
  EXPECT_EQ(info->dns_names, (std::vector<std::string>{"bsf.dmboot.test", "alt-bsf.dmboot.test"}));
  EXPECT_EQ(info->ip_addresses, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_TRUE(info->server_auth);
  EXPECT_TRUE(info->client_auth);
  EXPECT_FALSE(info->is_ca);
  EXPECT_EQ(info->serial_hex.size() >= 30, true) << info->serial_hex;  // 128 random bits
}

TEST(PkiTest, SerialsAreRandom) {
  TempDir tmp;
  ASSERT_TRUE(MakeCa(tmp.path(), "test CA"));
  ASSERT_TRUE(IssueCert(tmp.path(), Request("a", CertUsage::kServer)));
  ASSERT_TRUE(IssueCert(tmp.path(), Request("b", CertUsage::kServer)));
  EXPECT_NE(ReadCertInfo(tmp.path() / "a.crt")->serial_hex, ReadCertInfo(tmp.path() / "b.crt")->serial_hex);
}

TEST(PkiTest, ClientOnlyCertLacksServerAuth) {
  TempDir tmp;
  ASSERT_TRUE(MakeCa(tmp.path(), "test CA"));
  ASSERT_TRUE(IssueCert(tmp.path(), Request("operator", CertUsage::kClient)));
  CommandRun ext = OpensslExt(tmp.path() / "operator.crt");
  EXPECT_THAT(ext.out, HasSubstr("TLS Web Client Authentication"));
  EXPECT_THAT(ext.out, Not(HasSubstr("TLS Web Server Authentication")));
  CommandRun as_server = RunCommand("openssl verify -purpose sslserver -CAfile " + Quote(tmp.path() / "ca.crt") + " " +
                             Quote(tmp.path() / "operator.crt"));
  EXPECT_NE(as_server.status, 0) << as_server.out;
  CommandRun as_client = RunCommand("openssl verify -purpose sslclient -CAfile " + Quote(tmp.path() / "ca.crt") + " " +
                             Quote(tmp.path() / "operator.crt"));
  EXPECT_EQ(as_client.status, 0) << as_client.out;
  ASSERT_TRUE(IssueCert(tmp.path(), Request("web", CertUsage::kServer)));
  CommandRun server_ext = OpensslExt(tmp.path() / "web.crt");
  EXPECT_THAT(server_ext.out, HasSubstr("TLS Web Server Authentication"));
  EXPECT_THAT(server_ext.out, Not(HasSubstr("TLS Web Client Authentication")));
}

TEST(PkiTest, IssueCertRefusesToOverwriteAKeyAndBadRequests) {
  TempDir tmp;
  ASSERT_TRUE(MakeCa(tmp.path(), "test CA"));
  ASSERT_TRUE(IssueCert(tmp.path(), Request("hss", CertUsage::kServer)));
  Result<void> again = IssueCert(tmp.path(), Request("hss", CertUsage::kServer));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kRefused);
  EXPECT_THAT(again.error().message, HasSubstr("hss.key"));

  CertRequest bad = Request("../evil", CertUsage::kServer);
  EXPECT_EQ(IssueCert(tmp.path(), bad).error().code, ErrorCode::kInvalidArgument);
  bad = Request("x", CertUsage::kServer);
  bad.dns_names = {"a,DNS:evil.test"};
  EXPECT_EQ(IssueCert(tmp.path(), bad).error().code, ErrorCode::kInvalidArgument);
  bad = Request("x", CertUsage::kServer);
  bad.ip_addresses = {"999.1.1.1"};
  EXPECT_EQ(IssueCert(tmp.path(), bad).error().code, ErrorCode::kInvalidArgument);
  bad = Request("x", CertUsage::kServer);
  bad.dns_names.clear();
  EXPECT_EQ(IssueCert(tmp.path(), bad).error().code, ErrorCode::kInvalidArgument);
  bad = Request("x", CertUsage::kServer);
  bad.days = 0;
  EXPECT_EQ(IssueCert(tmp.path(), bad).error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(fs::exists(tmp.path() / "x.key"));
}

TEST(PkiTest, TamperedCaKeyGivesAClearError) {
  TempDir tmp;
  const fs::path key = tmp.path() / "ca.key";
  ASSERT_TRUE(MakeCa(tmp.path(), "test CA"));

  // Garbage in place of the key.
  fs::remove(key);
  {
    std::ofstream out(key);
    out << "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n";
  }
  fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write);
  Result<void> r = IssueCert(tmp.path(), Request("bsf", CertUsage::kServer));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
  EXPECT_THAT(r.error().message, HasSubstr(key.string()));
  EXPECT_THAT(r.error().message, HasSubstr("not an unencrypted PEM private key"));

  // A symbolic link in place of the key.
  TempDir other;
  ASSERT_TRUE(MakeCa(other.path(), "other CA"));
  fs::remove(key);
  fs::create_symlink(other.path() / "ca.key", key);
  r = IssueCert(tmp.path(), Request("bsf", CertUsage::kServer));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kRefused);
  EXPECT_THAT(r.error().message, HasSubstr("symbolic link"));

  // Another CA's key: does not match ca.crt.
  fs::remove(key);
  fs::copy_file(other.path() / "ca.key", key);
  fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write);
  r = IssueCert(tmp.path(), Request("bsf", CertUsage::kServer));
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("does not match the CA certificate"));

  // A key readable by others.
  fs::permissions(key, fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
  r = IssueCert(tmp.path(), Request("bsf", CertUsage::kServer));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kRefused);
  EXPECT_THAT(r.error().message, HasSubstr("0600"));

  // Missing.
  fs::remove(key);
  r = IssueCert(tmp.path(), Request("bsf", CertUsage::kServer));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(r.error().message, HasSubstr(key.string()));
  EXPECT_FALSE(fs::exists(tmp.path() / "bsf.key"));
  // No error message carries key material.
  EXPECT_THAT(r.error().message, Not(HasSubstr("BEGIN")));
}

TEST(PkiTest, DemoPkiIsCompleteAndIdempotent) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "demo";
  Result<DemoPki> pki = MakeDemoPki(dir);
  ASSERT_TRUE(pki) << pki.error().message;
  ASSERT_EQ(pki->certs.size(), 5u);
  for (const char* name : {"hss", "bsf", "dms", "operator", "fleet"}) {
    ASSERT_TRUE(pki->certs.count(name)) << name;
    const CertFiles& files = pki->certs.at(name);
    CommandRun verify = OpensslVerify(pki->ca_cert, files.cert);
    EXPECT_EQ(verify.status, 0) << name << ": " << verify.out;
    EXPECT_EQ(ModeOf(files.key), 0600u) << name;
    CommandRun ext = OpensslExt(files.cert);
    EXPECT_THAT(ext.out, HasSubstr("DNS:" + std::string(name) + ".dmboot.test"));
    EXPECT_THAT(ext.out, HasSubstr("IP Address:127.0.0.1"));
    bool client_only = std::string(name) == "operator" || std::string(name) == "fleet";
    EXPECT_EQ(ext.out.find("TLS Web Server Authentication") != std::string::npos, !client_only) << name;
    EXPECT_THAT(ext.out, HasSubstr("TLS Web Client Authentication"));
  }
  // The DMS's identity (first DNS SAN) is the NAF FQDN the demo configures.
  EXPECT_EQ(ReadCertInfo(pki->certs.at("dms").cert)->dns_names.front(), kDemoDmsNafFqdn);

  std::string serial = ReadCertInfo(pki->certs.at("bsf").cert)->serial_hex;
  std::string ca_serial = ReadCertInfo(pki->ca_cert)->serial_hex;
  // A lost key is replaced; everything valid is kept.
  fs::remove(pki->certs.at("hss").key);
  std::string hss_serial = ReadCertInfo(pki->certs.at("hss").cert)->serial_hex;
  Result<DemoPki> again = MakeDemoPki(dir);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(ReadCertInfo(again->ca_cert)->serial_hex, ca_serial);
  EXPECT_EQ(ReadCertInfo(again->certs.at("bsf").cert)->serial_hex, serial);
  EXPECT_NE(ReadCertInfo(again->certs.at("hss").cert)->serial_hex, hss_serial);
  EXPECT_TRUE(VerifyCert(again->ca_cert, again->certs.at("hss").cert, again->certs.at("hss").key));
}

// --- TLS 1.3 handshake through libssl over a socketpair --------------------------------------

using CtxPtr = std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)>;

CtxPtr ServerCtx(const fs::path& dir, const std::string& name, const fs::path& client_ca) {
  CtxPtr ctx(SSL_CTX_new(TLS_server_method()), &SSL_CTX_free);
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_3_VERSION);
  EXPECT_EQ(SSL_CTX_use_certificate_chain_file(ctx.get(), (dir / (name + ".crt")).c_str()), 1);
  EXPECT_EQ(SSL_CTX_use_PrivateKey_file(ctx.get(), (dir / (name + ".key")).c_str(), SSL_FILETYPE_PEM), 1);
  if (!client_ca.empty()) {  // mutual TLS
    EXPECT_EQ(SSL_CTX_load_verify_locations(ctx.get(), client_ca.c_str(), nullptr), 1);
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  }
  return ctx;
}

CtxPtr ClientCtx(const fs::path& ca, const fs::path& dir = {}, const std::string& name = {}) {
  CtxPtr ctx(SSL_CTX_new(TLS_client_method()), &SSL_CTX_free);
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_3_VERSION);
  EXPECT_EQ(SSL_CTX_load_verify_locations(ctx.get(), ca.c_str(), nullptr), 1);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  if (!name.empty()) {
    EXPECT_EQ(SSL_CTX_use_certificate_chain_file(ctx.get(), (dir / (name + ".crt")).c_str()), 1);
    EXPECT_EQ(SSL_CTX_use_PrivateKey_file(ctx.get(), (dir / (name + ".key")).c_str(), SSL_FILETYPE_PEM), 1);
  }
  return ctx;
}

struct Handshake {
  bool client_ok = false;
  bool server_ok = false;
  std::string version;
  std::string verify_error;      // the client's verdict on the server certificate
  std::string client_identity;   // the first DNS SAN of the client certificate, as the server sees it
};

Handshake Connect(SSL_CTX* server_ctx, SSL_CTX* client_ctx, const std::string& host) {
  std::signal(SIGPIPE, SIG_IGN);  // a peer that refused the handshake has closed its end
  int fds[2];
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  Handshake result;
  std::thread server([&] {
    SSL* ssl = SSL_new(server_ctx);
    SSL_set_fd(ssl, fds[0]);
    result.server_ok = SSL_accept(ssl) == 1;
    if (result.server_ok) {
      X509* peer = SSL_get1_peer_certificate(ssl);
      if (peer != nullptr) {
        auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(peer, NID_subject_alt_name, nullptr, nullptr));
        if (names != nullptr && sk_GENERAL_NAME_num(names) > 0 && sk_GENERAL_NAME_value(names, 0)->type == GEN_DNS) {
          const ASN1_IA5STRING* s = sk_GENERAL_NAME_value(names, 0)->d.dNSName;
          result.client_identity.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                        static_cast<size_t>(ASN1_STRING_length(s)));
        }
        GENERAL_NAMES_free(names);
        X509_free(peer);
      }
      char byte = 0;
      SSL_read(ssl, &byte, 1);  // let the client finish (TLS 1.3 client cert arrives after Finished)
      SSL_shutdown(ssl);
    }
    SSL_free(ssl);
    ::shutdown(fds[0], SHUT_RDWR);
  });
  SSL* ssl = SSL_new(client_ctx);
  SSL_set_fd(ssl, fds[1]);
  SSL_set_tlsext_host_name(ssl, host.c_str());
  SSL_set1_host(ssl, host.c_str());  // hostname check against the SAN
  result.client_ok = SSL_connect(ssl) == 1;
  result.verify_error = X509_verify_cert_error_string(SSL_get_verify_result(ssl));
  if (result.client_ok) {
    result.version = SSL_get_version(ssl);
    SSL_write(ssl, "x", 1);
    char byte = 0;
    SSL_read(ssl, &byte, 1);  // the server's close_notify, or its alert on a refused client cert
  }
  SSL_free(ssl);
  ::shutdown(fds[1], SHUT_RDWR);
  server.join();
  ::close(fds[0]);
  ::close(fds[1]);
  ERR_clear_error();
  return result;
}

TEST(PkiTest, Tls13HandshakeVerifiesTheIssuedServerCertAndHostname) {
  TempDir tmp;
  Result<DemoPki> pki = MakeDemoPki(tmp.path());
  ASSERT_TRUE(pki) << pki.error().message;
  CtxPtr server = ServerCtx(tmp.path(), "bsf", {});
  CtxPtr client = ClientCtx(pki->ca_cert);
  Handshake ok = Connect(server.get(), client.get(), "bsf.dmboot.test");
  EXPECT_TRUE(ok.client_ok) << ok.verify_error;
  EXPECT_TRUE(ok.server_ok);
  EXPECT_EQ(ok.version, "TLSv1.3");

  Handshake wrong_host = Connect(server.get(), client.get(), "hss.dmboot.test");
  EXPECT_FALSE(wrong_host.client_ok);
  EXPECT_EQ(wrong_host.verify_error, "hostname mismatch");
}

TEST(PkiTest, Tls13HandshakeFailsAgainstASecondCa) {
  TempDir tmp;
  TempDir other;
  ASSERT_TRUE(MakeDemoPki(tmp.path()));
  ASSERT_TRUE(MakeCa(other.path(), "another CA"));
  CtxPtr server = ServerCtx(tmp.path(), "bsf", {});
  CtxPtr client = ClientCtx(other.path() / "ca.crt");
  Handshake h = Connect(server.get(), client.get(), "bsf.dmboot.test");
  EXPECT_FALSE(h.client_ok);
  EXPECT_FALSE(h.server_ok);
  EXPECT_THAT(h.verify_error, HasSubstr("local issuer"));
}

TEST(PkiTest, MutualTlsServerSeesTheClientIdentity) {
  TempDir tmp;
  TempDir other;
  Result<DemoPki> pki = MakeDemoPki(tmp.path());
  ASSERT_TRUE(pki);
  CtxPtr server = ServerCtx(tmp.path(), "bsf", pki->ca_cert);
  CtxPtr client = ClientCtx(pki->ca_cert, tmp.path(), "dms");
  Handshake h = Connect(server.get(), client.get(), "bsf.dmboot.test");
  EXPECT_TRUE(h.client_ok);
  EXPECT_TRUE(h.server_ok);
  EXPECT_EQ(h.client_identity, kDemoDmsNafFqdn);

  // A client certificate from another CA is refused by the server.
  ASSERT_TRUE(MakeCa(other.path(), "another CA"));
  CertRequest rogue;
  rogue.name = "dms";
  rogue.dns_names = {kDemoDmsNafFqdn};
  ASSERT_TRUE(IssueCert(other.path(), rogue));
  CtxPtr rogue_client = ClientCtx(pki->ca_cert, other.path(), "dms");
  Handshake refused = Connect(server.get(), rogue_client.get(), "bsf.dmboot.test");
  EXPECT_FALSE(refused.server_ok);

  // A client-only certificate cannot serve.
  CtxPtr operator_server = ServerCtx(tmp.path(), "operator", {});
  Handshake not_server = Connect(operator_server.get(), client.get(), "operator.dmboot.test");
  EXPECT_FALSE(not_server.client_ok);
  EXPECT_EQ(not_server.verify_error, "unsuitable certificate purpose");
}

}  // namespace
}  // namespace dmboot::nf
