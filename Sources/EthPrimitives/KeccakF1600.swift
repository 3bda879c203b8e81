// The Keccak-f[1600] permutation (FIPS 202 §3.3), as Keccak-256 needs it.
//
// How it is made fast, after OpenSSL's crypto/sha/keccak1600.c (variant KECCAK_2X) and XKCP's KeccakP-1600-opt64:
//
// - The 25 lanes live in a struct of 25 named `UInt64`s that the optimiser dissolves into SSA values, so the rounds
//   work on registers (and the spills LLVM picks), never on an array, with no bounds checks.
// - θ, ρ, π, χ and ι are fused into one round that reads state A and writes a fresh state R; the round loop runs two
//   rounds per iteration (A → R → A), so no copy is needed between rounds. Measured on x86-64 (see
//   docs/performance.md): a fully unrolled permutation is about 20% slower (its ~15 KB of code no longer fits the
//   decoded-instruction cache), one round per iteration about 12% slower, four per iteration no faster.
// - Lane complementing ("Keccak implementation overview" §2.2): six lanes are kept complemented so that χ, which
//   needs `a ^ (~b & c)` on every lane, costs 5 NOTs per round instead of 25 on CPUs without an and-not
//   instruction (x86-64 before BMI1, which a default Swift build targets). The complemented representation is kept
//   across calls, from `initialState` to the output extraction, so entering and leaving the permutation is free.
// - Absorbing runs over all full blocks of the input in one call, loading each 8-byte lane with an unaligned
//   little-endian load straight from the caller's buffer and keeping the state in locals between blocks.

/// Rotates `x` left by `n` bits (0 < n < 64); compiles to one `rol`.
@inline(__always)
private func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 {
    (x &<< n) | (x &>> (64 &- n))
}

/// Lane `index` (0-based) of a block, read little-endian from unaligned memory.
@inline(__always)
private func lane(_ block: UnsafeRawPointer, _ index: Int) -> UInt64 {
    UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 8 &* index, as: UInt64.self))
}

/// The Keccak-f[1600] state and the sponge operations Keccak-256 builds on.
@usableFromInline
enum KeccakF1600 {
    /// The 25 lanes of the state, named as in the Keccak team's code: row (y = 0…4) `b g k m s`, column
    /// (x = 0…4) `a e i o u`, so `ba` is lane (0, 0) and `ge` lane (1, 1). Lane (x, y) holds state bytes
    /// `8 * (x + 5y) ..< 8 * (x + 5y) + 8`, little-endian.
    ///
    /// Lanes `be`, `bi`, `go`, `ki`, `mi` and `sa` are stored complemented (see the file header).
    @usableFromInline
    struct State: Sendable {
        @usableFromInline var ba: UInt64, be: UInt64, bi: UInt64, bo: UInt64, bu: UInt64
        @usableFromInline var ga: UInt64, ge: UInt64, gi: UInt64, go: UInt64, gu: UInt64
        @usableFromInline var ka: UInt64, ke: UInt64, ki: UInt64, ko: UInt64, ku: UInt64
        @usableFromInline var ma: UInt64, me: UInt64, mi: UInt64, mo: UInt64, mu: UInt64
        @usableFromInline var sa: UInt64, se: UInt64, si: UInt64, so: UInt64, su: UInt64

        /// The all-zero state, in the complemented representation.
        @inlinable
        init() {
            (ba, be, bi, bo, bu) = (0, ~0, ~0, 0, 0)
            (ga, ge, gi, go, gu) = (0, 0, 0, ~0, 0)
            (ka, ke, ki, ko, ku) = (0, 0, ~0, 0, 0)
            (ma, me, mi, mo, mu) = (0, 0, ~0, 0, 0)
            (sa, se, si, so, su) = (~0, 0, 0, 0, 0)
        }

        /// An uninitialised-looking state to be overwritten lane by lane (every lane zero, no complementing).
        @inline(__always)
        init(zeroed: Void) {
            (ba, be, bi, bo, bu) = (0, 0, 0, 0, 0)
            (ga, ge, gi, go, gu) = (0, 0, 0, 0, 0)
            (ka, ke, ki, ko, ku) = (0, 0, 0, 0, 0)
            (ma, me, mi, mo, mu) = (0, 0, 0, 0, 0)
            (sa, se, si, so, su) = (0, 0, 0, 0, 0)
        }

        /// The first 32 bytes of the (uncomplemented) state: the Keccak-256 digest once the input is absorbed.
        @inlinable
        var digest: Hash {
            Hash(storage: (ba.littleEndian, (~be).littleEndian, (~bi).littleEndian, bo.littleEndian))
        }
    }

    /// The 24 round constants of ι.
    private static let roundConstants:
        (
            UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
            UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
        ) = (
            0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
            0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
            0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
            0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
            0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
            0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008
        )

    /// The rate of Keccak-256 in bytes (1088 bits): how much input each permutation absorbs.
    @usableFromInline static let rate = 136

    /// XORs `blockCount` consecutive 136-byte blocks starting at `blocks` into `state`, applying the permutation
    /// after each.
    @usableFromInline
    static func absorb(_ state: inout State, blocks: UnsafeRawPointer, blockCount: Int) {
        var a = state
        var block = blocks
        for _ in 0..<blockCount {
            a.ba ^= lane(block, 0)
            a.be ^= lane(block, 1)
            a.bi ^= lane(block, 2)
            a.bo ^= lane(block, 3)
            a.bu ^= lane(block, 4)
            a.ga ^= lane(block, 5)
            a.ge ^= lane(block, 6)
            a.gi ^= lane(block, 7)
            a.go ^= lane(block, 8)
            a.gu ^= lane(block, 9)
            a.ka ^= lane(block, 10)
            a.ke ^= lane(block, 11)
            a.ki ^= lane(block, 12)
            a.ko ^= lane(block, 13)
            a.ku ^= lane(block, 14)
            a.ma ^= lane(block, 15)
            a.me ^= lane(block, 16)
            permute(&a)
            block += rate
        }
        state = a
    }

    /// Applies the 24 rounds of Keccak-f[1600] to `a` (in the complemented representation).
    @inline(__always)
    static func permute(_ a: inout State) {
        withUnsafeBytes(of: roundConstants) { constants in
            let rc = constants.assumingMemoryBound(to: UInt64.self)
            var i = 0
            while i < 24 {
                a = round(round(a, rc[i]), rc[i &+ 1])
                i &+= 2
            }
        }
    }

    /// One round, θ ρ π χ ι fused, from `a` into a new state (both complemented).
    ///
    /// Output row y takes the input lanes on the diagonal that π moves there, each XORed with θ's column effect
    /// and rotated by ρ's offset; χ then combines them along the row. In the complemented representation χ's
    /// `b ^ (~c & d)` becomes, lane by lane, one of the and/or forms below (OpenSSL's KECCAK_COMPLEMENTING_TRANSFORM).
    @inline(__always)
    static func round(_ a: State, _ rc: UInt64) -> State {
        // θ: column parities and their effect on each column.
        let c0 = a.ba ^ a.ga ^ a.ka ^ a.ma ^ a.sa
        let c1 = a.be ^ a.ge ^ a.ke ^ a.me ^ a.se
        let c2 = a.bi ^ a.gi ^ a.ki ^ a.mi ^ a.si
        let c3 = a.bo ^ a.go ^ a.ko ^ a.mo ^ a.so
        let c4 = a.bu ^ a.gu ^ a.ku ^ a.mu ^ a.su
        let d0 = rotl(c1, 1) ^ c4
        let d1 = rotl(c2, 1) ^ c0
        let d2 = rotl(c3, 1) ^ c1
        let d3 = rotl(c4, 1) ^ c2
        let d4 = rotl(c0, 1) ^ c3

        var r = State(zeroed: ())
        do {  // row b, from ba ge ki mo su
            let b0 = a.ba ^ d0
            let b1 = rotl(a.ge ^ d1, 44)
            let b2 = rotl(a.ki ^ d2, 43)
            let b3 = rotl(a.mo ^ d3, 21)
            let b4 = rotl(a.su ^ d4, 14)
            r.ba = b0 ^ (b1 | b2) ^ rc
            r.be = b1 ^ (~b2 | b3)
            r.bi = b2 ^ (b3 & b4)
            r.bo = b3 ^ (b4 | b0)
            r.bu = b4 ^ (b0 & b1)
        }
        do {  // row g, from bo gu ka me si
            let b0 = rotl(a.bo ^ d3, 28)
            let b1 = rotl(a.gu ^ d4, 20)
            let b2 = rotl(a.ka ^ d0, 3)
            let b3 = rotl(a.me ^ d1, 45)
            let b4 = rotl(a.si ^ d2, 61)
            r.ga = b0 ^ (b1 | b2)
            r.ge = b1 ^ (b2 & b3)
            r.gi = b2 ^ (b3 | ~b4)
            r.go = b3 ^ (b4 | b0)
            r.gu = b4 ^ (b0 & b1)
        }
        do {  // row k, from be gi ko mu sa
            let b0 = rotl(a.be ^ d1, 1)
            let b1 = rotl(a.gi ^ d2, 6)
            let b2 = rotl(a.ko ^ d3, 25)
            let b3 = rotl(a.mu ^ d4, 8)
            let b4 = rotl(a.sa ^ d0, 18)
            r.ka = b0 ^ (b1 | b2)
            r.ke = b1 ^ (b2 & b3)
            r.ki = b2 ^ (~b3 & b4)
            r.ko = ~b3 ^ (b4 | b0)
            r.ku = b4 ^ (b0 & b1)
        }
        do {  // row m, from bu ga ke mi so
            let b0 = rotl(a.bu ^ d4, 27)
            let b1 = rotl(a.ga ^ d0, 36)
            let b2 = rotl(a.ke ^ d1, 10)
            let b3 = rotl(a.mi ^ d2, 15)
            let b4 = rotl(a.so ^ d3, 56)
            r.ma = b0 ^ (b1 & b2)
            r.me = b1 ^ (b2 | b3)
            r.mi = b2 ^ (~b3 | b4)
            r.mo = ~b3 ^ (b4 & b0)
            r.mu = b4 ^ (b0 | b1)
        }
        do {  // row s, from bi go ku ma se
            let b0 = rotl(a.bi ^ d2, 62)
            let b1 = rotl(a.go ^ d3, 55)
            let b2 = rotl(a.ku ^ d4, 39)
            let b3 = rotl(a.ma ^ d0, 41)
            let b4 = rotl(a.se ^ d1, 2)
            r.sa = b0 ^ (~b1 & b2)
            r.se = ~b1 ^ (b2 | b3)
            r.si = b2 ^ (b3 & b4)
            r.so = b3 ^ (b4 | b0)
            r.su = b4 ^ (b0 & b1)
        }
        return r
    }
}
