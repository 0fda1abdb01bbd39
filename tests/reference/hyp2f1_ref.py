#!/usr/bin/python3
"""Reference values for tests/unit/models/test_hyp2f1.c: the Gauss
hypergeometric function and the BG/NBD conditional expectation (Fader,
Hardie & Lee 2005, eq. 10, in its original form, without kith's Euler
transformation) with mpmath at 50 digits. Prints C initialisers."""
import mpmath as mp

mp.mp.dps = 50

CASES = [  # a, b, c, z: where GSL answers, and where it refuses
    (1.98, -0.207, 27.2, 0.59),
    (0.2426, 2.4258, 2.2187, 0.9218),
    (1.9759, -0.2071, 2.2187, 0.9218),
    (0.5, 2.5, 2.2, 0.99999),
    (-0.778226, -0.855088, -0.547443, 0.864034),  # c < 0 (a + b < 1)
    (2.0, 3.0, 4.5, 0.0),
    (30.0, 30.0, 59.2, 0.9999),      # GSL refuses: the 1 - z transformation
    (300.0, 300.0, 599.2, 0.9999),   # the same, 1e180
    (30.0, 33.4, 65.4, 0.9999),      # and c - a - b = 2: the series
    (30.0, 33.4, 65.4, 0.999999),    # and too slow for it: c shifted
]

EXPECT = [  # r, alpha, a, b, x, t_x, T, t
    (0.2426, 4.4135, 0.7929, 2.4258, 26, 216 / 7, 31, 52),
    (0.2426, 4.4135, 0.7929, 2.4258, 0, 0, 0, 52),
    (0.2426, 4.4135, 0.7929, 2.4258, 500, 36, 38, 52),   # x large
    (0.5, 2.0, 1.7, 3.0, 4, 10, 20, 104),                 # a > 1
    (0.35, 3.1, 0.4, 0.3, 0, 0, 12, 52),                  # a + b < 1
    (0.35, 3.1, 0.4, 0.3, 2, 5, 12, 52),
    (0.8, 0.01, 0.9, 2.0, 3, 1, 2, 520),                  # z near 1
]


def e_cond(r, al, a, b, x, tx, T, t):
    r, al, a, b, x, tx, T, t = map(mp.mpf, (r, al, a, b, x, tx, T, t))
    z = t / (al + T + t)
    h = mp.hyp2f1(r + x, b + x, a + b + x - 1, z)
    num = (a + b + x - 1) / (a - 1) * (1 - ((al + T) / (al + T + t)) ** (r + x) * h)
    den = 1 + (a / (b + x - 1)) * ((al + T) / (al + tx)) ** (r + x) if x > 0 else 1
    return num / den


print("static const double hyp_cases[][5] = {")
for a, b, c, z in CASES:
    print(f"    {{{a!r}, {b!r}, {c!r}, {z!r}, {mp.nstr(mp.hyp2f1(a, b, c, z), 20)}}},")
print("};")
print("static const double expect_cases[][9] = {")
for row in EXPECT:
    print("    {" + ", ".join(repr(float(v)) for v in row) + f", {mp.nstr(e_cond(*row), 20)}}},")
print("};")
