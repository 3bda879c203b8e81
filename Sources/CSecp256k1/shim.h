// Debian's libsecp256k1 (libsecp256k1-dev): the core API and the public-key recovery module Ethereum needs.
// Only Sources/Secp256k1/Backend imports this module (see STYLE.md, "C stays behind a wall").
#include <secp256k1.h>
#include <secp256k1_recovery.h>
