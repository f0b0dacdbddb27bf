/* Generated: the functions sous calls in this library, each resolved from the library the
   first time it is called (dlopen), so that a run that never needs it never loads it.
   Signatures as the library's own headers declare them. */
#include <stdarg.h>
#include "shim.h"
#include "csystem.h"

static const char *const library[] = {"libcrypto.so.3", "libcrypto.so", 0};
static const char *const hint = "OpenSSL's libcrypto (apt-get install libssl3)";

static __typeof__(BIO_free) *real_BIO_free;
int BIO_free(BIO *a) {
    if (!real_BIO_free) real_BIO_free = sous_lazy_symbol(library, "BIO_free", hint);
    return real_BIO_free(a);
}

static __typeof__(BIO_new) *real_BIO_new;
BIO * BIO_new(const BIO_METHOD *type) {
    if (!real_BIO_new) real_BIO_new = sous_lazy_symbol(library, "BIO_new", hint);
    return real_BIO_new(type);
}

static __typeof__(BIO_new_mem_buf) *real_BIO_new_mem_buf;
BIO * BIO_new_mem_buf(const void *buf, int len) {
    if (!real_BIO_new_mem_buf) real_BIO_new_mem_buf = sous_lazy_symbol(library, "BIO_new_mem_buf", hint);
    return real_BIO_new_mem_buf(buf, len);
}

static __typeof__(BIO_read) *real_BIO_read;
int BIO_read(BIO *b, void *data, int dlen) {
    if (!real_BIO_read) real_BIO_read = sous_lazy_symbol(library, "BIO_read", hint);
    return real_BIO_read(b, data, dlen);
}

static __typeof__(BIO_s_mem) *real_BIO_s_mem;
const BIO_METHOD * BIO_s_mem(void) {
    if (!real_BIO_s_mem) real_BIO_s_mem = sous_lazy_symbol(library, "BIO_s_mem", hint);
    return real_BIO_s_mem();
}

static __typeof__(ERR_error_string_n) *real_ERR_error_string_n;
void ERR_error_string_n(unsigned long e, char *buf, size_t len) {
    if (!real_ERR_error_string_n) real_ERR_error_string_n = sous_lazy_symbol(library, "ERR_error_string_n", hint);
    real_ERR_error_string_n(e, buf, len);
}

static __typeof__(ERR_get_error) *real_ERR_get_error;
unsigned long ERR_get_error(void) {
    if (!real_ERR_get_error) real_ERR_get_error = sous_lazy_symbol(library, "ERR_get_error", hint);
    return real_ERR_get_error();
}

static __typeof__(EVP_PKEY_CTX_free) *real_EVP_PKEY_CTX_free;
void EVP_PKEY_CTX_free(EVP_PKEY_CTX *ctx) {
    if (!real_EVP_PKEY_CTX_free) real_EVP_PKEY_CTX_free = sous_lazy_symbol(library, "EVP_PKEY_CTX_free", hint);
    real_EVP_PKEY_CTX_free(ctx);
}

static __typeof__(EVP_PKEY_CTX_new) *real_EVP_PKEY_CTX_new;
EVP_PKEY_CTX * EVP_PKEY_CTX_new(EVP_PKEY *pkey, ENGINE *e) {
    if (!real_EVP_PKEY_CTX_new) real_EVP_PKEY_CTX_new = sous_lazy_symbol(library, "EVP_PKEY_CTX_new", hint);
    return real_EVP_PKEY_CTX_new(pkey, e);
}

static __typeof__(EVP_PKEY_CTX_new_id) *real_EVP_PKEY_CTX_new_id;
EVP_PKEY_CTX * EVP_PKEY_CTX_new_id(int id, ENGINE *e) {
    if (!real_EVP_PKEY_CTX_new_id) real_EVP_PKEY_CTX_new_id = sous_lazy_symbol(library, "EVP_PKEY_CTX_new_id", hint);
    return real_EVP_PKEY_CTX_new_id(id, e);
}

static __typeof__(EVP_PKEY_CTX_set_rsa_keygen_bits) *real_EVP_PKEY_CTX_set_rsa_keygen_bits;
int EVP_PKEY_CTX_set_rsa_keygen_bits(EVP_PKEY_CTX *ctx, int bits) {
    if (!real_EVP_PKEY_CTX_set_rsa_keygen_bits) real_EVP_PKEY_CTX_set_rsa_keygen_bits = sous_lazy_symbol(library, "EVP_PKEY_CTX_set_rsa_keygen_bits", hint);
    return real_EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits);
}

static __typeof__(EVP_PKEY_CTX_set_rsa_padding) *real_EVP_PKEY_CTX_set_rsa_padding;
int EVP_PKEY_CTX_set_rsa_padding(EVP_PKEY_CTX *ctx, int pad_mode) {
    if (!real_EVP_PKEY_CTX_set_rsa_padding) real_EVP_PKEY_CTX_set_rsa_padding = sous_lazy_symbol(library, "EVP_PKEY_CTX_set_rsa_padding", hint);
    return real_EVP_PKEY_CTX_set_rsa_padding(ctx, pad_mode);
}

static __typeof__(EVP_PKEY_CTX_set_signature_md) *real_EVP_PKEY_CTX_set_signature_md;
int EVP_PKEY_CTX_set_signature_md(EVP_PKEY_CTX *ctx, const EVP_MD *md) {
    if (!real_EVP_PKEY_CTX_set_signature_md) real_EVP_PKEY_CTX_set_signature_md = sous_lazy_symbol(library, "EVP_PKEY_CTX_set_signature_md", hint);
    return real_EVP_PKEY_CTX_set_signature_md(ctx, md);
}

static __typeof__(EVP_PKEY_free) *real_EVP_PKEY_free;
void EVP_PKEY_free(EVP_PKEY *pkey) {
    if (!real_EVP_PKEY_free) real_EVP_PKEY_free = sous_lazy_symbol(library, "EVP_PKEY_free", hint);
    real_EVP_PKEY_free(pkey);
}

static __typeof__(EVP_PKEY_get_base_id) *real_EVP_PKEY_get_base_id;
int EVP_PKEY_get_base_id(const EVP_PKEY *pkey) {
    if (!real_EVP_PKEY_get_base_id) real_EVP_PKEY_get_base_id = sous_lazy_symbol(library, "EVP_PKEY_get_base_id", hint);
    return real_EVP_PKEY_get_base_id(pkey);
}

static __typeof__(EVP_PKEY_get_bits) *real_EVP_PKEY_get_bits;
int EVP_PKEY_get_bits(const EVP_PKEY *pkey) {
    if (!real_EVP_PKEY_get_bits) real_EVP_PKEY_get_bits = sous_lazy_symbol(library, "EVP_PKEY_get_bits", hint);
    return real_EVP_PKEY_get_bits(pkey);
}

static __typeof__(EVP_PKEY_keygen) *real_EVP_PKEY_keygen;
int EVP_PKEY_keygen(EVP_PKEY_CTX *ctx, EVP_PKEY **ppkey) {
    if (!real_EVP_PKEY_keygen) real_EVP_PKEY_keygen = sous_lazy_symbol(library, "EVP_PKEY_keygen", hint);
    return real_EVP_PKEY_keygen(ctx, ppkey);
}

static __typeof__(EVP_PKEY_keygen_init) *real_EVP_PKEY_keygen_init;
int EVP_PKEY_keygen_init(EVP_PKEY_CTX *ctx) {
    if (!real_EVP_PKEY_keygen_init) real_EVP_PKEY_keygen_init = sous_lazy_symbol(library, "EVP_PKEY_keygen_init", hint);
    return real_EVP_PKEY_keygen_init(ctx);
}

static __typeof__(EVP_PKEY_sign) *real_EVP_PKEY_sign;
int EVP_PKEY_sign(EVP_PKEY_CTX *ctx, unsigned char *sig, size_t *siglen, const unsigned char *tbs, size_t tbslen) {
    if (!real_EVP_PKEY_sign) real_EVP_PKEY_sign = sous_lazy_symbol(library, "EVP_PKEY_sign", hint);
    return real_EVP_PKEY_sign(ctx, sig, siglen, tbs, tbslen);
}

static __typeof__(EVP_PKEY_sign_init) *real_EVP_PKEY_sign_init;
int EVP_PKEY_sign_init(EVP_PKEY_CTX *ctx) {
    if (!real_EVP_PKEY_sign_init) real_EVP_PKEY_sign_init = sous_lazy_symbol(library, "EVP_PKEY_sign_init", hint);
    return real_EVP_PKEY_sign_init(ctx);
}

static __typeof__(EVP_sha256) *real_EVP_sha256;
const EVP_MD * EVP_sha256(void) {
    if (!real_EVP_sha256) real_EVP_sha256 = sous_lazy_symbol(library, "EVP_sha256", hint);
    return real_EVP_sha256();
}

static __typeof__(OpenSSL_version) *real_OpenSSL_version;
const char * OpenSSL_version(int type) {
    if (!real_OpenSSL_version) real_OpenSSL_version = sous_lazy_symbol(library, "OpenSSL_version", hint);
    return real_OpenSSL_version(type);
}

static __typeof__(PEM_read_bio_PrivateKey) *real_PEM_read_bio_PrivateKey;
EVP_PKEY * PEM_read_bio_PrivateKey(BIO *out, EVP_PKEY **x, pem_password_cb *cb, void *u) {
    if (!real_PEM_read_bio_PrivateKey) real_PEM_read_bio_PrivateKey = sous_lazy_symbol(library, "PEM_read_bio_PrivateKey", hint);
    return real_PEM_read_bio_PrivateKey(out, x, cb, u);
}

static __typeof__(PEM_write_bio_PUBKEY) *real_PEM_write_bio_PUBKEY;
int PEM_write_bio_PUBKEY(BIO *out, const EVP_PKEY *x) {
    if (!real_PEM_write_bio_PUBKEY) real_PEM_write_bio_PUBKEY = sous_lazy_symbol(library, "PEM_write_bio_PUBKEY", hint);
    return real_PEM_write_bio_PUBKEY(out, x);
}

static __typeof__(PEM_write_bio_PrivateKey_traditional) *real_PEM_write_bio_PrivateKey_traditional;
int PEM_write_bio_PrivateKey_traditional(BIO *bp, const EVP_PKEY *x, const EVP_CIPHER *enc, const unsigned char *kstr, int klen, pem_password_cb *cb, void *u) {
    if (!real_PEM_write_bio_PrivateKey_traditional) real_PEM_write_bio_PrivateKey_traditional = sous_lazy_symbol(library, "PEM_write_bio_PrivateKey_traditional", hint);
    return real_PEM_write_bio_PrivateKey_traditional(bp, x, enc, kstr, klen, cb, u);
}

static __typeof__(SHA1) *real_SHA1;
unsigned char * SHA1(const unsigned char *d, size_t n, unsigned char *md) {
    if (!real_SHA1) real_SHA1 = sous_lazy_symbol(library, "SHA1", hint);
    return real_SHA1(d, n, md);
}

static __typeof__(SHA256) *real_SHA256;
unsigned char * SHA256(const unsigned char *d, size_t n, unsigned char *md) {
    if (!real_SHA256) real_SHA256 = sous_lazy_symbol(library, "SHA256", hint);
    return real_SHA256(d, n, md);
}

static __typeof__(SHA384) *real_SHA384;
unsigned char * SHA384(const unsigned char *d, size_t n, unsigned char *md) {
    if (!real_SHA384) real_SHA384 = sous_lazy_symbol(library, "SHA384", hint);
    return real_SHA384(d, n, md);
}

static __typeof__(SHA512) *real_SHA512;
unsigned char * SHA512(const unsigned char *d, size_t n, unsigned char *md) {
    if (!real_SHA512) real_SHA512 = sous_lazy_symbol(library, "SHA512", hint);
    return real_SHA512(d, n, md);
}

static __typeof__(EVP_Digest) *real_EVP_Digest;
int EVP_Digest(const void *data, size_t count, unsigned char *md, unsigned int *size, const EVP_MD *type, ENGINE *impl) {
    if (!real_EVP_Digest) real_EVP_Digest = sous_lazy_symbol(library, "EVP_Digest", hint);
    return real_EVP_Digest(data, count, md, size, type, impl);
}

static __typeof__(EVP_md5) *real_EVP_md5;
const EVP_MD * EVP_md5(void) {
    if (!real_EVP_md5) real_EVP_md5 = sous_lazy_symbol(library, "EVP_md5", hint);
    return real_EVP_md5();
}

static __typeof__(HMAC) *real_HMAC;
unsigned char * HMAC(const EVP_MD *evp_md, const void *key, int key_len, const unsigned char *data, size_t data_len, unsigned char *md, unsigned int *md_len) {
    if (!real_HMAC) real_HMAC = sous_lazy_symbol(library, "HMAC", hint);
    return real_HMAC(evp_md, key, key_len, data, data_len, md, md_len);
}
