#include "nf/common/pki.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "dmboot/crypto/secret_bytes.h"

namespace dmboot::nf {
namespace {

namespace fs = std::filesystem;

template <auto kFree>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    kFree(p);
  }
};
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using NamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;
using StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;
using EkuPtr = std::unique_ptr<EXTENDED_KEY_USAGE, Deleter<EXTENDED_KEY_USAGE_free>>;
using BasicPtr = std::unique_ptr<BASIC_CONSTRAINTS, Deleter<BASIC_CONSTRAINTS_free>>;

constexpr size_t kMaxPemLen = 1 << 20;  // a PEM file bigger than this is not ours
constexpr int kMaxDays = 36500;
constexpr mode_t kKeyMode = 0600;
constexpr mode_t kCertMode = 0644;

// OpensslReason drains OpenSSL's error queue and returns the last reason (never key material).
std::string OpensslReason() {
  unsigned long last = 0;
  for (unsigned long e = ERR_get_error(); e != 0; e = ERR_get_error()) {
    last = e;
  }
  if (last == 0) {
    return "unknown OpenSSL error";
  }
  const char* reason = ERR_reason_error_string(last);
  return reason != nullptr ? reason : "OpenSSL error " + std::to_string(last);
}

Error OsError(const fs::path& path, const std::string& what, int err) {
  return Fail(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
              path.string() + ": " + what + ": " + std::strerror(err));
}

// Fd closes a file descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Close closes now and reports the error of close(2).
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

// ReadFileInto reads a regular file of at most kMaxPemLen bytes into a buffer sized once (no
// reallocation leaves an unwiped copy of a key behind). With `private_key`, the file must not be
// a symbolic link and must not be readable or writable by group or others; with `nofollow`
// (a file inside a PKI directory) a symbolic link is refused too.
Result<void> ReadFileInto(const fs::path& path, bool nofollow, bool private_key, std::vector<uint8_t>& out) {
  int flags = O_RDONLY | O_CLOEXEC | ((nofollow || private_key) ? O_NOFOLLOW : 0);
  Fd fd(::open(path.c_str(), flags));
  if (fd.get() < 0) {
    int err = errno;
    if (err == ELOOP) {
      return Fail(ErrorCode::kRefused, path.string() + ": is a symbolic link (refused)");
    }
    return OsError(path, "cannot open", err);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    return OsError(path, "cannot stat", errno);
  }
  if (!S_ISREG(st.st_mode)) {
    return Fail(ErrorCode::kInvalidArgument, path.string() + ": not a regular file");
  }
  if (private_key && (st.st_mode & 077) != 0) {
    return Fail(ErrorCode::kRefused, path.string() + ": private key is accessible by group or others (mode must be 0600)");
  }
  if (st.st_size <= 0 || static_cast<size_t>(st.st_size) > kMaxPemLen) {
    return Fail(ErrorCode::kMalformed, path.string() + ": size " + std::to_string(st.st_size) +
                                           " is not that of a PEM file (1 byte to 1 MiB)");
  }
  out.assign(static_cast<size_t>(st.st_size), 0);
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::read(fd.get(), out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return OsError(path, "cannot read", errno);
    }
    if (n == 0) {
      out.resize(done);
      break;
    }
    done += static_cast<size_t>(n);
  }
  return Ok();
}

Result<X509Ptr> LoadCert(const fs::path& path, bool nofollow) {
  std::vector<uint8_t> pem;
  // Certificates are public; nofollow only to refuse a planted link inside a PKI directory.
  if (Result<void> r = ReadFileInto(path, nofollow, false, pem); !r) {
    return r.error();
  }
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) {
    return Fail(ErrorCode::kInternal, "BIO_new_mem_buf: " + OpensslReason());
  }
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    ERR_clear_error();
    return Fail(ErrorCode::kMalformed, path.string() + ": not a PEM certificate");
  }
  return cert;
}

// NoPassphrase refuses an encrypted key instead of prompting on the terminal.
int NoPassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*userdata*/) { return -1; }

Result<KeyPtr> LoadKey(const fs::path& path) {
  std::vector<uint8_t> buffer;
  Result<void> read = ReadFileInto(path, true, true, buffer);
  crypto::SecretBytes pem(std::move(buffer));  // wiped when this scope ends, pass or fail
  if (!read) {
    return read.error();
  }
  std::span<const uint8_t> bytes = pem.Reveal();
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  if (!bio) {
    return Fail(ErrorCode::kInternal, "BIO_new_mem_buf: " + OpensslReason());
  }
  KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (!key) {
    ERR_clear_error();
    return Fail(ErrorCode::kMalformed, path.string() + ": not an unencrypted PEM private key");
  }
  return key;
}

// WriteAll writes `bytes` to fd, then fsyncs and closes it.
Result<void> WriteAll(Fd& fd, const fs::path& path, std::span<const uint8_t> bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return OsError(path, "cannot write", errno);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd.get()) != 0) {
    return OsError(path, "cannot fsync", errno);
  }
  if (fd.Close() != 0) {
    return OsError(path, "cannot close", errno);
  }
  return Ok();
}

// WriteKey writes `key` as unencrypted PKCS#8 PEM to a new file `path`: O_CREAT|O_EXCL|O_NOFOLLOW,
// mode 0600 from the first instant; an existing file (or link) is never replaced. The PEM lives
// only in OpenSSL's secure-memory BIO, which wipes it when freed.
Result<void> WriteKey(const fs::path& path, EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Fail(ErrorCode::kInternal, path.string() + ": cannot encode the private key: " + OpensslReason());
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  if (len <= 0 || data == nullptr) {
    return Fail(ErrorCode::kInternal, path.string() + ": empty private key encoding");
  }
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kKeyMode));
  if (fd.get() < 0) {
    int err = errno;
    if (err == EEXIST) {
      return Fail(ErrorCode::kRefused, path.string() + ": exists; refusing to overwrite a private key");
    }
    return OsError(path, "cannot create", err);
  }
  // The mode given to open is already 0600 (the umask can only narrow it); fchmod pins it exactly.
  if (::fchmod(fd.get(), kKeyMode) != 0) {
    int err = errno;
    ::unlink(path.c_str());
    return OsError(path, "cannot chmod", err);
  }
  Result<void> written =
      WriteAll(fd, path, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(data), static_cast<size_t>(len)));
  if (!written) {
    ::unlink(path.c_str());
  }
  return written;
}

// WriteCert writes `cert` as PEM to `path` (0644) through a temporary file and rename, so a
// reader sees the old or the new certificate, never half of one.
Result<void> WriteCert(const fs::path& path, X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) {
    return Fail(ErrorCode::kInternal, path.string() + ": cannot encode the certificate: " + OpensslReason());
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  if (len <= 0 || data == nullptr) {
    return Fail(ErrorCode::kInternal, path.string() + ": empty certificate encoding");
  }
  fs::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kCertMode));
  if (fd.get() < 0) {
    return OsError(tmp, "cannot create", errno);
  }
  if (::fchmod(fd.get(), kCertMode) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return OsError(tmp, "cannot chmod", err);
  }
  if (Result<void> r = WriteAll(
          fd, tmp, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(data), static_cast<size_t>(len)));
      !r) {
    ::unlink(tmp.c_str());
    return r;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return OsError(path, "cannot rename into place", err);
  }
  return Ok();
}

Result<void> EnsureDir(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) {
      return Fail(ErrorCode::kIo, dir.string() + ": cannot create directory: " + ec.message());
    }
    if (::chmod(dir.c_str(), 0700) != 0) {
      return OsError(dir, "cannot chmod", errno);
    }
  }
  if (!fs::is_directory(dir, ec)) {
    return Fail(ErrorCode::kInvalidArgument, dir.string() + ": not a directory");
  }
  return Ok();
}

Result<KeyPtr> NewP256Key() {
  KeyPtr key(EVP_EC_gen("P-256"));
  if (!key) {
    return Fail(ErrorCode::kInternal, "EC P-256 key generation: " + OpensslReason());
  }
  return key;
}

Result<void> CheckDays(int days) {
  if (days < 1 || days > kMaxDays) {
    return Fail(ErrorCode::kInvalidArgument,
                "days " + std::to_string(days) + " is out of range (1 to " + std::to_string(kMaxDays) + ")");
  }
  return Ok();
}

Result<void> CheckCommonName(const std::string& cn) {
  if (cn.empty() || cn.size() > 64) {
    return Fail(ErrorCode::kInvalidArgument, "common name \"" + cn + "\" must be 1 to 64 characters");
  }
  for (char c : cn) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Fail(ErrorCode::kInvalidArgument, "common name has a control character");
    }
  }
  return Ok();
}

Result<void> CheckStem(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 64 && name != "ca";
  for (char c : name) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    ok = ok && plain;
  }
  if (!ok) {
    return Fail(ErrorCode::kInvalidArgument,
                "name \"" + name + "\" must be 1 to 64 of [A-Za-z0-9_-] and not \"ca\"");
  }
  return Ok();
}

// CheckDnsName accepts a host name (RFC 1123 labels), no wildcard.
Result<void> CheckDnsName(const std::string& dns) {
  auto bad = [&dns](const std::string& why) {
    return Fail(ErrorCode::kInvalidArgument, "DNS name \"" + dns + "\": " + why);
  };
  if (dns.empty() || dns.size() > 253) {
    return bad("must be 1 to 253 characters");
  }
  size_t start = 0;
  while (start <= dns.size()) {
    size_t end = dns.find('.', start);
    if (end == std::string::npos) {
      end = dns.size();
    }
    std::string_view label(dns.data() + start, end - start);
    if (label.empty() || label.size() > 63) {
      return bad("a label is empty or longer than 63 characters");
    }
    if (label.front() == '-' || label.back() == '-') {
      return bad("a label starts or ends with '-'");
    }
    for (char c : label) {
      bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (!plain) {
        return bad("only letters, digits, '-' and '.' are allowed");
      }
    }
    start = end + 1;
  }
  return Ok();
}

// NormalizeIp returns the canonical text of an IPv4 or IPv6 literal.
Result<std::string> NormalizeIp(const std::string& ip) {
  unsigned char buf[16];
  char text[INET6_ADDRSTRLEN];
  if (::inet_pton(AF_INET, ip.c_str(), buf) == 1) {
    return std::string(::inet_ntop(AF_INET, buf, text, sizeof(text)));
  }
  if (::inet_pton(AF_INET6, ip.c_str(), buf) == 1) {
    return std::string(::inet_ntop(AF_INET6, buf, text, sizeof(text)));
  }
  return Fail(ErrorCode::kInvalidArgument, "IP address \"" + ip + "\" is not an IPv4 or IPv6 literal");
}

// SetCommon sets version 3, a random positive 128-bit serial, the validity and the subject.
Result<void> SetCommon(X509* cert, const std::string& cn, int days) {
  if (X509_set_version(cert, X509_VERSION_3) != 1) {
    return Fail(ErrorCode::kInternal, "X509_set_version: " + OpensslReason());
  }
  uint8_t serial[16];
  BnPtr bn;
  do {
    if (RAND_bytes(serial, sizeof(serial)) != 1) {
      return Fail(ErrorCode::kInternal, "RAND_bytes: " + OpensslReason());
    }
    serial[0] &= 0x7f;  // positive, and at most 16 bytes in DER
    bn.reset(BN_bin2bn(serial, sizeof(serial), nullptr));
  } while (bn && BN_is_zero(bn.get()));
  if (!bn || BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) == nullptr) {
    return Fail(ErrorCode::kInternal, "serial number: " + OpensslReason());
  }
  if (X509_gmtime_adj(X509_getm_notBefore(cert), 0) == nullptr ||
      X509_time_adj_ex(X509_getm_notAfter(cert), days, 0, nullptr) == nullptr) {
    return Fail(ErrorCode::kInternal, "validity: " + OpensslReason());
  }
  NamePtr name(X509_NAME_new());
  if (!name || X509_NAME_add_entry_by_txt(name.get(), "CN", MBSTRING_UTF8,
                                          reinterpret_cast<const unsigned char*>(cn.data()),
                                          static_cast<int>(cn.size()), -1, 0) != 1 ||
      X509_set_subject_name(cert, name.get()) != 1) {
    return Fail(ErrorCode::kInternal, "subject: " + OpensslReason());
  }
  return Ok();
}

// AddExt adds one extension from OpenSSL's config syntax; `value` is always a constant here.
Result<void> AddExt(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    return Fail(ErrorCode::kInternal, std::string("extension ") + OBJ_nid2sn(nid) + ": " + OpensslReason());
  }
  return Ok();
}

// AddSan builds the subjectAltName from typed entries (no config-string parsing of caller input).
Result<void> AddSan(X509* cert, const std::vector<std::string>& dns_names, const std::vector<std::string>& ips) {
  NamesPtr names(sk_GENERAL_NAME_new_null());
  if (!names) {
    return Fail(ErrorCode::kInternal, "subjectAltName: " + OpensslReason());
  }
  for (const std::string& dns : dns_names) {
    GENERAL_NAME* gn = GENERAL_NAME_new();
    ASN1_IA5STRING* ia5 = ASN1_IA5STRING_new();
    if (gn == nullptr || ia5 == nullptr || ASN1_STRING_set(ia5, dns.data(), static_cast<int>(dns.size())) != 1) {
      GENERAL_NAME_free(gn);
      ASN1_IA5STRING_free(ia5);
      return Fail(ErrorCode::kInternal, "subjectAltName: " + OpensslReason());
    }
    GENERAL_NAME_set0_value(gn, GEN_DNS, ia5);
    if (sk_GENERAL_NAME_push(names.get(), gn) == 0) {
      GENERAL_NAME_free(gn);
      return Fail(ErrorCode::kInternal, "subjectAltName: " + OpensslReason());
    }
  }
  for (const std::string& ip : ips) {
    ASN1_OCTET_STRING* octets = a2i_IPADDRESS(ip.c_str());
    GENERAL_NAME* gn = GENERAL_NAME_new();
    if (octets == nullptr || gn == nullptr) {
      ASN1_OCTET_STRING_free(octets);
      GENERAL_NAME_free(gn);
      return Fail(ErrorCode::kInvalidArgument, "IP address \"" + ip + "\": " + OpensslReason());
    }
    GENERAL_NAME_set0_value(gn, GEN_IPADD, octets);
    if (sk_GENERAL_NAME_push(names.get(), gn) == 0) {
      GENERAL_NAME_free(gn);
      return Fail(ErrorCode::kInternal, "subjectAltName: " + OpensslReason());
    }
  }
  if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_REPLACE) != 1) {
    return Fail(ErrorCode::kInternal, "subjectAltName: " + OpensslReason());
  }
  return Ok();
}

Result<void> Sign(X509* cert, EVP_PKEY* key) {
  if (X509_sign(cert, key, EVP_sha256()) <= 0) {
    return Fail(ErrorCode::kInternal, "signing: " + OpensslReason());
  }
  return Ok();
}

struct LoadedCa {
  X509Ptr cert;
  KeyPtr key;
};

// LoadCa loads dir/ca.crt and dir/ca.key and checks that they belong together and that the
// certificate is a CA.
Result<LoadedCa> LoadCa(const fs::path& dir) {
  Result<X509Ptr> cert = LoadCert(dir / "ca.crt", true);
  if (!cert) {
    return Fail(cert.error().code, "CA certificate: " + cert.error().message);
  }
  Result<KeyPtr> key = LoadKey(dir / "ca.key");
  if (!key) {
    return Fail(key.error().code, "CA key: " + key.error().message);
  }
  if (X509_check_private_key(cert->get(), key->get()) != 1) {
    ERR_clear_error();
    return Fail(ErrorCode::kInvalidArgument,
                (dir / "ca.key").string() + ": does not match the CA certificate " + (dir / "ca.crt").string());
  }
  if ((X509_get_extension_flags(cert->get()) & EXFLAG_CA) == 0) {
    return Fail(ErrorCode::kInvalidArgument, (dir / "ca.crt").string() + ": not a CA certificate (CA:TRUE missing)");
  }
  return LoadedCa{std::move(*cert), std::move(*key)};
}

std::string TimeText(const ASN1_TIME* t) {
  struct tm tm {};
  if (ASN1_TIME_to_tm(t, &tm) != 1) {
    return "?";
  }
  char buf[32];
  size_t n = std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

std::string NameText(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) {
    return "?";
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return len > 0 ? std::string(data, static_cast<size_t>(len)) : std::string();
}

CertInfo InfoOf(X509* cert) {
  CertInfo info;
  info.subject = NameText(X509_get_subject_name(cert));
  info.issuer = NameText(X509_get_issuer_name(cert));
  NamesPtr names(static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (names) {
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
      const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
      if (gn->type == GEN_DNS) {
        const ASN1_IA5STRING* s = gn->d.dNSName;
        info.dns_names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                    static_cast<size_t>(ASN1_STRING_length(s)));
      } else if (gn->type == GEN_IPADD) {
        const ASN1_OCTET_STRING* s = gn->d.iPAddress;
        char text[INET6_ADDRSTRLEN] = "?";
        int len = ASN1_STRING_length(s);
        if (len == 4 || len == 16) {
          ::inet_ntop(len == 4 ? AF_INET : AF_INET6, ASN1_STRING_get0_data(s), text, sizeof(text));
        }
        info.ip_addresses.emplace_back(text);
      }
    }
  }
  uint32_t flags = X509_get_extension_flags(cert);
  info.is_ca = (flags & EXFLAG_CA) != 0;
  if ((flags & EXFLAG_XKUSAGE) != 0) {
    uint32_t eku = X509_get_extended_key_usage(cert);
    info.server_auth = (eku & XKU_SSL_SERVER) != 0;
    info.client_auth = (eku & XKU_SSL_CLIENT) != 0;
  } else {
    // No extendedKeyUsage extension: the key may be used for anything.
    info.server_auth = !info.is_ca;
    info.client_auth = !info.is_ca;
  }
  info.not_before = TimeText(X509_get0_notBefore(cert));
  info.not_after = TimeText(X509_get0_notAfter(cert));
  BnPtr serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
  if (serial) {
    char* hex = BN_bn2hex(serial.get());
    if (hex != nullptr) {
      info.serial_hex = hex;
      OPENSSL_free(hex);
    }
  }
  return info;
}

Result<void> VerifyLoaded(X509* ca, X509* cert, const fs::path& cert_file) {
  StorePtr store(X509_STORE_new());
  StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!store || !ctx || X509_STORE_add_cert(store.get(), ca) != 1 ||
      X509_STORE_CTX_init(ctx.get(), store.get(), cert, nullptr) != 1) {
    return Fail(ErrorCode::kInternal, "X509_STORE: " + OpensslReason());
  }
  if (X509_verify_cert(ctx.get()) != 1) {
    int err = X509_STORE_CTX_get_error(ctx.get());
    ERR_clear_error();
    return Fail(ErrorCode::kAuthenticationFailed,
                cert_file.string() + ": verification failed: " + X509_verify_cert_error_string(err));
  }
  return Ok();
}

// Reusable says whether dir/<name>.{crt,key} already is what `request` asks for, signed by `ca`.
bool Reusable(const fs::path& dir, const LoadedCa& ca, const CertRequest& request) {
  Result<X509Ptr> cert = LoadCert(dir / (request.name + ".crt"), true);
  if (!cert) {
    return false;
  }
  Result<KeyPtr> key = LoadKey(dir / (request.name + ".key"));
  if (!key || X509_check_private_key(cert->get(), key->get()) != 1) {
    ERR_clear_error();
    return false;
  }
  if (!VerifyLoaded(ca.cert.get(), cert->get(), dir / (request.name + ".crt"))) {
    return false;
  }
  CertInfo info = InfoOf(cert->get());
  std::vector<std::string> ips;
  for (const std::string& ip : request.ip_addresses) {
    Result<std::string> n = NormalizeIp(ip);
    ips.push_back(n ? *n : ip);
  }
  bool server = request.usage != CertUsage::kClient;
  bool client = request.usage != CertUsage::kServer;
  // A certificate within 30 days of its end is renewed.
  int pday = 0;
  int psec = 0;
  bool long_enough = ASN1_TIME_diff(&pday, &psec, nullptr, X509_get0_notAfter(cert->get())) == 1 && pday >= 30;
  return info.dns_names == request.dns_names && info.ip_addresses == ips && info.server_auth == server &&
         info.client_auth == client && !info.is_ca && long_enough;
}

}  // namespace

Result<void> MakeCa(const fs::path& dir, const std::string& common_name, int days) {
  if (Result<void> r = CheckCommonName(common_name); !r) {
    return r;
  }
  if (Result<void> r = CheckDays(days); !r) {
    return r;
  }
  if (Result<void> r = EnsureDir(dir); !r) {
    return r;
  }
  const fs::path key_path = dir / "ca.key";
  struct stat st {};
  if (::lstat(key_path.c_str(), &st) == 0) {
    return Fail(ErrorCode::kRefused, key_path.string() + ": exists; refusing to overwrite the CA key");
  }
  Result<KeyPtr> key = NewP256Key();
  if (!key) {
    return key.error();
  }
  X509Ptr cert(X509_new());
  if (!cert) {
    return Fail(ErrorCode::kInternal, "X509_new: " + OpensslReason());
  }
  if (Result<void> r = SetCommon(cert.get(), common_name, days); !r) {
    return r;
  }
  if (X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())) != 1 ||
      X509_set_pubkey(cert.get(), key->get()) != 1) {
    return Fail(ErrorCode::kInternal, "CA certificate: " + OpensslReason());
  }
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (const auto& [nid, value] : {std::pair<int, const char*>{NID_basic_constraints, "critical,CA:TRUE"},
                                   {NID_key_usage, "critical,keyCertSign,cRLSign"},
                                   {NID_subject_key_identifier, "hash"}}) {
    if (Result<void> r = AddExt(cert.get(), &ctx, nid, value); !r) {
      return r;
    }
  }
  if (Result<void> r = Sign(cert.get(), key->get()); !r) {
    return r;
  }
  // The key first: its O_EXCL create is what makes a concurrent second MakeCa fail.
  if (Result<void> r = WriteKey(key_path, key->get()); !r) {
    return r;
  }
  if (Result<void> r = WriteCert(dir / "ca.crt", cert.get()); !r) {
    ::unlink(key_path.c_str());  // no key without its certificate; a rerun starts clean
    return r;
  }
  return Ok();
}

Result<void> IssueCert(const fs::path& dir, const CertRequest& request) {
  if (Result<void> r = CheckStem(request.name); !r) {
    return r;
  }
  if (Result<void> r = CheckDays(request.days); !r) {
    return r;
  }
  if (request.dns_names.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "certificate " + request.name + ": at least one DNS name is required");
  }
  for (const std::string& dns : request.dns_names) {
    if (Result<void> r = CheckDnsName(dns); !r) {
      return r;
    }
  }
  for (const std::string& ip : request.ip_addresses) {
    if (Result<std::string> r = NormalizeIp(ip); !r) {
      return r.error();
    }
  }
  Result<LoadedCa> ca = LoadCa(dir);
  if (!ca) {
    return ca.error();
  }
  const fs::path key_path = dir / (request.name + ".key");
  struct stat st {};
  if (::lstat(key_path.c_str(), &st) == 0) {
    return Fail(ErrorCode::kRefused, key_path.string() + ": exists; refusing to overwrite a private key");
  }
  Result<KeyPtr> key = NewP256Key();
  if (!key) {
    return key.error();
  }
  X509Ptr cert(X509_new());
  if (!cert) {
    return Fail(ErrorCode::kInternal, "X509_new: " + OpensslReason());
  }
  if (Result<void> r = SetCommon(cert.get(), request.name, request.days); !r) {
    return r;
  }
  if (X509_set_issuer_name(cert.get(), X509_get_subject_name(ca->cert.get())) != 1 ||
      X509_set_pubkey(cert.get(), key->get()) != 1) {
    return Fail(ErrorCode::kInternal, "certificate " + request.name + ": " + OpensslReason());
  }
  // A leaf must not outlive its CA.
  if (ASN1_TIME_compare(X509_get0_notAfter(ca->cert.get()), X509_get0_notAfter(cert.get())) < 0 &&
      X509_set1_notAfter(cert.get(), X509_get0_notAfter(ca->cert.get())) != 1) {
    return Fail(ErrorCode::kInternal, "validity: " + OpensslReason());
  }
  const char* eku = nullptr;
  switch (request.usage) {
    case CertUsage::kServer:
      eku = "serverAuth";
      break;
    case CertUsage::kClient:
      eku = "clientAuth";
      break;
    case CertUsage::kServerAndClient:
      eku = "serverAuth,clientAuth";
      break;
  }
  if (eku == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "certificate " + request.name + ": unknown usage");
  }
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, ca->cert.get(), cert.get(), nullptr, nullptr, 0);
  for (const auto& [nid, value] : {std::pair<int, const char*>{NID_basic_constraints, "critical,CA:FALSE"},
                                   {NID_key_usage, "critical,digitalSignature"},
                                   {NID_ext_key_usage, eku},
                                   {NID_subject_key_identifier, "hash"},
                                   {NID_authority_key_identifier, "keyid:always"}}) {
    if (Result<void> r = AddExt(cert.get(), &ctx, nid, value); !r) {
      return r;
    }
  }
  std::vector<std::string> ips;
  for (const std::string& ip : request.ip_addresses) {
    ips.push_back(*NormalizeIp(ip));
  }
  if (Result<void> r = AddSan(cert.get(), request.dns_names, ips); !r) {
    return r;
  }
  if (Result<void> r = Sign(cert.get(), ca->key.get()); !r) {
    return r;
  }
  if (Result<void> r = WriteKey(key_path, key->get()); !r) {
    return r;
  }
  if (Result<void> r = WriteCert(dir / (request.name + ".crt"), cert.get()); !r) {
    ::unlink(key_path.c_str());
    return r;
  }
  return Ok();
}

std::vector<CertRequest> DemoCertRequests() {
  auto fqdn = [](const std::string& name) { return name + "." + kDemoDomain; };
  std::vector<CertRequest> requests;
  for (const char* name : {"hss", "bsf", "dms", "operator", "fleet"}) {
    CertRequest r;
    r.name = name;
    r.dns_names = {fqdn(name)};
    if (r.name == "dms") {
      r.dns_names.insert(r.dns_names.begin(), kDemoDmsNafFqdn);
    }
    r.ip_addresses = {"127.0.0.1"};
    bool client_only = r.name == "operator" || r.name == "fleet";
    r.usage = client_only ? CertUsage::kClient : CertUsage::kServerAndClient;
    r.days = 365;
    requests.push_back(std::move(r));
  }
  return requests;
}

Result<DemoPki> MakeDemoPki(const fs::path& dir) {
  if (Result<void> r = EnsureDir(dir); !r) {
    return r.error();
  }
  struct stat st {};
  if (::lstat((dir / "ca.key").c_str(), &st) != 0) {
    if (Result<void> r = MakeCa(dir, "dmboot demo CA"); !r) {
      return r.error();
    }
  }
  Result<LoadedCa> ca = LoadCa(dir);
  if (!ca) {
    return ca.error();
  }
  DemoPki pki;
  pki.ca_cert = dir / "ca.crt";
  pki.ca_key = dir / "ca.key";
  for (const CertRequest& request : DemoCertRequests()) {
    CertFiles files{dir / (request.name + ".crt"), dir / (request.name + ".key")};
    if (!Reusable(dir, *ca, request)) {
      // A stale demo certificate (other CA, other names, expiring, lost key) is replaced.
      std::error_code ec;
      fs::remove(files.key, ec);
      fs::remove(files.cert, ec);
      if (Result<void> r = IssueCert(dir, request); !r) {
        return r.error();
      }
    }
    pki.certs.emplace(request.name, std::move(files));
  }
  return pki;
}

Result<CertInfo> ReadCertInfo(const fs::path& cert_file) {
  Result<X509Ptr> cert = LoadCert(cert_file, false);
  if (!cert) {
    return cert.error();
  }
  return InfoOf(cert->get());
}

Result<void> VerifyCert(const fs::path& ca_file, const fs::path& cert_file, const fs::path& key_file) {
  Result<X509Ptr> ca = LoadCert(ca_file, false);
  if (!ca) {
    return ca.error();
  }
  Result<X509Ptr> cert = LoadCert(cert_file, false);
  if (!cert) {
    return cert.error();
  }
  if (Result<void> r = VerifyLoaded(ca->get(), cert->get(), cert_file); !r) {
    return r;
  }
  if (!key_file.empty()) {
    Result<KeyPtr> key = LoadKey(key_file);
    if (!key) {
      return key.error();
    }
    if (X509_check_private_key(cert->get(), key->get()) != 1) {
      ERR_clear_error();
      return Fail(ErrorCode::kAuthenticationFailed,
                  key_file.string() + ": verification failed: key does not match " + cert_file.string());
    }
  }
  return Ok();
}

}  // namespace dmboot::nf
