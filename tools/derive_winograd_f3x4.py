#!/usr/bin/python3
"""Derives the transforms of Winograd's F(3×3, 4×4) (3×3 output tiles of a 4×4 stride-1 correlation from 6×6 input
tiles) on the points 0, 1, −1, 2, −2, ∞ — the points of F(4×4, 3×3) in src/Pix2Pix.Engine/Kernels/WinogradConv.cs —
and checks them for exactness. Bᵀ (6×6) is F(4×4, 3×3)'s; Aᵀ (3×6) evaluates [1, p, p²] at each point (∞ → [0, 0, 1]);
G (6×4) is solved from the 1-D identity  Aᵀ[(G g) ⊙ (Bᵀ d)] = the correlation of d (length 6) with g (length 4)
and printed as fractions; the 2-D nested form Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A is checked on random data in float64.
The constants are written into WinogradConv's F3x4 transform by hand.

Run:  /usr/bin/python3 tools/derive_winograd_f3x4.py
"""
from fractions import Fraction
import numpy as np

# Bᵀ of F(4×4, 3×3) as WinogradConv.InputLine computes it (rows = points 0, 1, −1, 2, −2, ∞).
BT = np.array([
    [4, 0, -5, 0, 1, 0],
    [0, -4, -4, 1, 1, 0],
    [0, 4, -4, -1, 1, 0],
    [0, -2, -1, 2, 1, 0],
    [0, 2, -1, -2, 1, 0],
    [0, 4, 0, -5, 0, 1],
], dtype=float)
POINTS = [0, 1, -1, 2, -2, None]
M, R, ALPHA = 3, 4, 6


def output_transform():
    at = np.zeros((M, ALPHA))
    for i, p in enumerate(POINTS):
        at[:, i] = [0, 0, 1] if p is None else [p ** k for k in range(M)]
    return at


def solve_g(at):
    # Unknown G[i, c]: for each filter tap c, Σ_i Aᵀ[k, i] G[i, c] Bᵀ[i, j] = [j == k + c] for all k, j.
    g = np.zeros((ALPHA, R))
    for c in range(R):
        rows, rhs = [], []
        for k in range(M):
            for j in range(ALPHA):
                rows.append(at[k, :] * BT[:, j])
                rhs.append(1.0 if j == k + c else 0.0)
        sol, _, rank, _ = np.linalg.lstsq(np.array(rows), np.array(rhs), rcond=None)
        assert rank == ALPHA, f"singular system for tap {c}"
        g[:, c] = sol
    return g


def correlate(d, g):
    return np.array([sum(d[k + c] * g[c] for c in range(R)) for k in range(M)])


def main():
    at = output_transform()
    g = solve_g(at)
    gf = [[Fraction(v).limit_denominator(1000) for v in row] for row in g]
    assert np.allclose(np.array(gf, dtype=float), g, atol=1e-12)
    g = np.array(gf, dtype=float)
    print("Bt (6x6, shared with F(4x4,3x3)):\n", BT)
    print("At (3x6):\n", at)
    print("G (6x4):")
    for row in gf:
        print("  [" + ", ".join(str(v) for v in row) + "]")
    rng = np.random.default_rng(1)
    worst1, worst2 = 0.0, 0.0
    for _ in range(1000):
        d, w = rng.standard_normal(ALPHA), rng.standard_normal(R)
        worst1 = max(worst1, np.abs(at @ ((g @ w) * (BT @ d)) - correlate(d, w)).max())
        d2, w2 = rng.standard_normal((ALPHA, ALPHA)), rng.standard_normal((R, R))
        y = at @ ((g @ w2 @ g.T) * (BT @ d2 @ BT.T)) @ at.T
        direct = np.array([[np.sum(d2[i:i + R, j:j + R] * w2) for j in range(M)] for i in range(M)])
        worst2 = max(worst2, np.abs(y - direct).max())
    print(f"max |winograd - direct| over 1000 random cases: 1-D {worst1:.2e}, 2-D {worst2:.2e}")
    assert worst1 < 1e-12 and worst2 < 1e-12
    # The weight gradient uses the transposes: dg = Gᵀ[(Bᵀ d B) ⊙ (A dY Aᵀ)]G; check it against the direct sum.
    worst3 = 0.0
    for _ in range(1000):
        d2, dy = rng.standard_normal((ALPHA, ALPHA)), rng.standard_normal((M, M))
        dg = g.T @ ((BT @ d2 @ BT.T) * (at.T @ dy @ at)) @ g
        direct = np.array([[np.sum(d2[a:a + M, b:b + M] * dy) for b in range(R)] for a in range(R)])
        worst3 = max(worst3, np.abs(dg - direct).max())
    print(f"max |weight gradient - direct| over 1000 random cases: {worst3:.2e}")
    assert worst3 < 1e-12
    print("exact")


if __name__ == "__main__":
    main()
