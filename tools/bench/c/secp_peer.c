/* Direct libsecp256k1 calls, the baseline for Metered's Swift signing benchmarks (tools/bench/peers_signing.py).
 *
 *   cc -O2 -o secp_peer secp_peer.c -lsecp256k1
 *   ./secp_peer sign 1.0      # ops/s of secp256k1_ecdsa_sign_recoverable + serialize_compact
 *   ./secp_peer recover 1.0   # ops/s of parse_compact + secp256k1_ecdsa_recover + pubkey_serialize
 *
 * Uses the same key (0x11 * 32) and digest (0x22 * 32) as Benchmarks/Benchmarks/Signing/Signing.swift and one
 * randomised context. Like package-benchmark, it times every operation on its own and reports the rate of the
 * median operation (1 / median time), the statistic tools/bench/compare.py takes from the Swift side: on a
 * machine shared with other work, preemptions then weigh on both sides alike (an average over a batch would
 * charge every preemption to the C side alone). */
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

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

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

    size_t capacity = 1 << 20, n = 0;
    double *times = malloc(capacity * sizeof(double));
    if (!times) return 1;
    double start = now();
    while (now() - start < seconds && n < capacity) {
        double t0 = now();
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
        times[n++] = now() - t0;
    }
    qsort(times, n, sizeof(double), compare_doubles);
    double median = times[n / 2];
    printf("%.1f\n", 1.0 / median);
    free(times);
    secp256k1_context_destroy(ctx);
    return 0;
}
