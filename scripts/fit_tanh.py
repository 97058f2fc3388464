#!/usr/bin/python3
"""Fits the coefficients of ctnn's float tanh (include/ctnn/detail/simd.hpp, tanh_rational):
tanh(x) = x * P(s) / Q(s), s = x^2, P and Q of degree 4 in s with Q(0) = 1, for x in [0, 9].

The linearized problem P(u) - f(x) Q(u) ~ 0, with f = tanh(x)/x and u = s/81 (for a well-
conditioned system), is solved by weighted least squares, dividing by f times the previous Q
(Sanathanan-Koerner) so that the residual approximates the relative error, and reweighting by
that error (Lawson) until its maximum stops falling. Prints the coefficients in s, highest
degree first as the Horner loop uses them, and the error of a float32 evaluation.

    /usr/bin/python3 scripts/fit_tanh.py
"""
import numpy as np

LIMIT = 9.0
DEGREE_P, DEGREE_Q = 4, 4


def fit(points=8000, iterations=80):
    x = np.concatenate([LIMIT * (1 - np.cos(np.linspace(0, np.pi / 2, points))),
                        np.linspace(0, LIMIT, points), np.geomspace(1e-4, 1, 2000)])
    x = x[x > 1e-6]
    u = (x / LIMIT) ** 2
    f = np.tanh(x) / x
    weight = np.ones_like(x)
    q_previous = np.ones_like(x)
    best = None
    for _ in range(iterations):
        system = np.hstack([np.vander(u, DEGREE_P + 1, increasing=True),
                            -f[:, None] * np.vander(u, DEGREE_Q + 1, increasing=True)[:, 1:]])
        scale = np.sqrt(weight) / (f * q_previous)
        c, *_ = np.linalg.lstsq(system * scale[:, None], f * scale, rcond=None)
        p, q = c[:DEGREE_P + 1], np.concatenate([[1.0], c[DEGREE_P + 1:]])
        q_values = np.polyval(q[::-1], u)
        error = np.abs(np.polyval(p[::-1], u) / q_values - f) / f
        if best is None or error.max() < best[2]:
            best = (p.copy(), q.copy(), error.max())
        weight = weight * (error / error.max() + 1e-2)
        weight /= weight.sum()
        q_previous = q_values
    p, q, _ = best
    powers = LIMIT ** (2 * np.arange(DEGREE_P + 1))
    return p / powers, q / LIMIT ** (2 * np.arange(DEGREE_Q + 1))


def float32_tanh(p, q, x):
    x = x.astype(np.float32)
    s = x * x
    horner = lambda c: np.float32(np.polyval(np.float32(c[::-1]), s))
    return x * horner(p) / horner(q)


if __name__ == "__main__":
    p, q = fit()
    print("P (x^8 .. x^0):", ", ".join("%.10e" % v for v in p[::-1]))
    print("Q (x^8 .. x^0):", ", ".join("%.10e" % v for v in q[::-1]))
    xs = np.concatenate([np.linspace(0, LIMIT, 1_000_001, dtype=np.float32)[1:],
                         np.geomspace(1e-30, 1, 100_000).astype(np.float32)])
    exact = np.tanh(xs.astype(np.float64))
    print("max relative error, float32 without FMA: %.3g"
          % np.max(np.abs(float32_tanh(p, q, xs) - exact) / exact))
