#ifndef SEGUE_CCRYPTO_SHIM_H
#define SEGUE_CCRYPTO_SHIM_H
/* The system's libcrypto (OpenSSL): its EVP digest interface, for SHA-256. */
#include <openssl/evp.h>
#endif
