/* Direct libsecp256k1 calls, the baseline for Metered's Swift signing benchmarks (tools/bench/peers_signing.py).
 *
 *   cc -O2 -o secp_peer secp_peer.c -lsecp256k1
 *   ./secp_peer sign 1.0      # ops/s of secp256k1_ecdsa_sign_recoverable + serialize_compact
 *   ./secp_peer recover 1.0   # ops/s of parse_compact + secp256k1_ecdsa_recover + pubkey_serialize
 *
 * Uses the same key (0x11 * 32) and digest (0x22 * 32) as Benchmarks/Benchmarks/Signing/Signing.swift, one
 * randomised context, and runs for about the given number of seconds; prints the best of three runs. */
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static volatile unsigned char sink;

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s sign|recover [seconds]\n", argv[0]);
        return 2;
    }
    int recover = strcmp(argv[1], "recover") == 0;
    double seconds = argc > 2 ? atof(argv[2]) : 1.0;
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    unsigned char seed[32], key[32], digest[32], compact[64], out[65];
    memset(seed, 0x42, 32);
    memset(key, 0x11, 32);
    memset(digest, 0x22, 32);
    if (!secp256k1_context_randomize(ctx, seed)) return 1;
    secp256k1_ecdsa_recoverable_signature sig;
    int recid;
    if (!secp256k1_ecdsa_sign_recoverable(ctx, &sig, digest, key, NULL, NULL)) return 1;
    if (!secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, compact, &recid, &sig)) return 1;

    double best = 0;
    for (int run = 0; run < 3; run++) {
        long n = 0;
        double start = now(), elapsed = 0;
        while (elapsed < seconds / 3) {
            for (int i = 0; i < 100; i++) {
                if (recover) {
                    secp256k1_ecdsa_recoverable_signature parsed;
                    secp256k1_pubkey pub;
                    size_t len = 65;
                    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &parsed, compact, recid)) return 1;
                    if (!secp256k1_ecdsa_recover(ctx, &pub, &parsed, digest)) return 1;
                    if (!secp256k1_ec_pubkey_serialize(ctx, out, &len, &pub, SECP256K1_EC_UNCOMPRESSED)) return 1;
                    sink ^= out[64];
                } else {
                    secp256k1_ecdsa_recoverable_signature s;
                    int id;
                    if (!secp256k1_ecdsa_sign_recoverable(ctx, &s, digest, key, NULL, NULL)) return 1;
                    if (!secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, out, &id, &s)) return 1;
                    sink ^= out[63];
                }
            }
            n += 100;
            elapsed = now() - start;
        }
        if (n / elapsed > best) best = n / elapsed;
    }
    printf("%.1f\n", best);
    secp256k1_context_destroy(ctx);
    return 0;
}
