#ifndef SEGUE_CCRYPTO_SHIM_H
#define SEGUE_CCRYPTO_SHIM_H
#include <openssl/evp.h>

/* One-shot digests through OpenSSL's EVP interface (the non-deprecated one), so Swift
   calls one function instead of managing a context. Returns the digest length, 0 on error. */
static inline unsigned int segue_md5(const void *data, size_t length, unsigned char *out) {
    unsigned int size = 0;
    return EVP_Digest(data, length, out, &size, EVP_md5(), NULL) == 1 ? size : 0;
}
static inline unsigned int segue_sha256(const void *data, size_t length, unsigned char *out) {
    unsigned int size = 0;
    return EVP_Digest(data, length, out, &size, EVP_sha256(), NULL) == 1 ? size : 0;
}
#endif
