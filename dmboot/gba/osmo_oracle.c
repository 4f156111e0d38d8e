/* gba_osmo_oracle: libosmogsm (libosmocore-dev) computes Milenage and checks AUTS for the dmboot
 * tests, as an independent second implementation (reference/oracles.md §4). Built only for tests.
 *
 * stdin, one request per line:
 *   milenage K OP|- OPC|- RAND SQN AMF   ("-" for the one not given; OP takes precedence)
 *   auts K OPC RAND AUTS
 * stdout, one line per request:
 *   opc=.. mac_a=.. mac_s=.. res=.. ck=.. ik=.. ak=.. ak_star=.. autn=..
 *   sqn_ms=HEX12 | auts=fail
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <osmocom/core/utils.h>
#include <osmocom/crypt/auth.h>

/* exported by libosmogsm but not declared in any installed header */
int milenage_opc_gen(uint8_t *opc, const uint8_t *k, const uint8_t *op);
int milenage_f2345(const uint8_t *opc, const uint8_t *k, const uint8_t *_rand, uint8_t *res,
                   uint8_t *ck, uint8_t *ik, uint8_t *ak, uint8_t *akstar);
int milenage_f1(const uint8_t *opc, const uint8_t *k, const uint8_t *_rand, const uint8_t *sqn,
                const uint8_t *amf, uint8_t *mac_a, uint8_t *mac_s);

static int parse(const char *hex, uint8_t *out, int len) {
  return osmo_hexparse(hex, out, len) == len ? 0 : -1;
}

static void put(const char *name, const uint8_t *b, int len, const char *sep) {
  printf("%s=%s%s", name, osmo_hexdump_nospc(b, len), sep);
}

static uint64_t load48(const uint8_t *b) {
  uint64_t v = 0;
  for (int i = 0; i < 6; i++) v = (v << 8) | b[i];
  return v;
}

static int milenage(char *k_hex, char *op_hex, char *opc_hex, char *rand_hex, char *sqn_hex,
                    char *amf_hex) {
  uint8_t k[16], op[16], opc[16], rnd[16], sqn[6], amf[2];
  int have_op = strcmp(op_hex, "-") != 0;
  if (parse(k_hex, k, 16) || parse(rand_hex, rnd, 16) || parse(sqn_hex, sqn, 6) ||
      parse(amf_hex, amf, 2))
    return -1;
  if (have_op) {
    if (parse(op_hex, op, 16)) return -1;
    milenage_opc_gen(opc, k, op);
  } else if (parse(opc_hex, opc, 16)) {
    return -1;
  }
  uint8_t res[8], ck[16], ik[16], ak[6], akstar[6], mac_a[8], mac_s[8];
  milenage_f2345(opc, k, rnd, res, ck, ik, ak, akstar);
  milenage_f1(opc, k, rnd, sqn, amf, mac_a, mac_s);

  /* AUTN through the public API: osmo_auth_gen_vec increments SQN before use, so pass SQN - 1. */
  struct osmo_sub_auth_data aud;
  memset(&aud, 0, sizeof(aud));
  aud.type = OSMO_AUTH_TYPE_UMTS;
  aud.algo = OSMO_AUTH_ALG_MILENAGE;
  memcpy(aud.u.umts.k, k, 16);
  memcpy(aud.u.umts.opc, have_op ? op : opc, 16);
  aud.u.umts.opc_is_op = have_op;
  memcpy(aud.u.umts.amf, amf, 2);
  aud.u.umts.ind_bitlen = 0;
  aud.u.umts.sqn = load48(sqn) - 1;
  struct osmo_auth_vector vec;
  memset(&vec, 0, sizeof(vec));
  if (osmo_auth_gen_vec(&vec, &aud, rnd) < 0) return -1;
  if (memcmp(vec.res, res, 8) != 0 || memcmp(vec.ck, ck, 16) != 0 || memcmp(vec.ik, ik, 16) != 0)
    return -1; /* the two libosmogsm paths disagree */

  put("opc", opc, 16, " ");
  put("mac_a", mac_a, 8, " ");
  put("mac_s", mac_s, 8, " ");
  put("res", res, 8, " ");
  put("ck", ck, 16, " ");
  put("ik", ik, 16, " ");
  put("ak", ak, 6, " ");
  put("ak_star", akstar, 6, " ");
  put("autn", vec.autn, 16, "\n");
  return 0;
}

static int auts(char *k_hex, char *opc_hex, char *rand_hex, char *auts_hex) {
  uint8_t k[16], opc[16], rnd[16], auts_b[14], new_rand[16];
  if (parse(k_hex, k, 16) || parse(opc_hex, opc, 16) || parse(rand_hex, rnd, 16) ||
      parse(auts_hex, auts_b, 14))
    return -1;
  memset(new_rand, 0x5a, sizeof(new_rand));
  struct osmo_sub_auth_data aud;
  memset(&aud, 0, sizeof(aud));
  aud.type = OSMO_AUTH_TYPE_UMTS;
  aud.algo = OSMO_AUTH_ALG_MILENAGE;
  memcpy(aud.u.umts.k, k, 16);
  memcpy(aud.u.umts.opc, opc, 16);
  aud.u.umts.ind_bitlen = 5;
  struct osmo_auth_vector vec;
  memset(&vec, 0, sizeof(vec));
  if (osmo_auth_gen_vec_auts(&vec, &aud, auts_b, rnd, new_rand) < 0) {
    printf("auts=fail\n");
    return 0;
  }
  printf("sqn_ms=%012llx\n", (unsigned long long)aud.u.umts.sqn_ms);
  return 0;
}

int main(void) {
  char line[1024];
  while (fgets(line, sizeof(line), stdin)) {
    char cmd[16], a[64], b[64], c[64], d[64], e[64], f[64];
    int n = sscanf(line, "%15s %63s %63s %63s %63s %63s %63s", cmd, a, b, c, d, e, f);
    int rc = -1;
    if (n == 7 && strcmp(cmd, "milenage") == 0) {
      rc = milenage(a, b, c, d, e, f);
    } else if (n == 5 && strcmp(cmd, "auts") == 0) {
      rc = auts(a, b, c, d);
    }
    if (rc != 0) {
      printf("error\n");
    }
  }
  return 0;
}
