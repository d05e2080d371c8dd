"""Private benchmark objectives (same as bench/functions.mjs PRIVATE), for
BENCH_EXTRA=services/core/bench/py BENCH_FUNCTIONS=private_functions."""
import math


def _u(lo, hi):
    return {"distribution": "uniform", "min": lo, "max": hi}


def _box(n, lo, hi):
    return {f"x{i}": _u(lo, hi) for i in range(1, n + 1)}


def _xs(p, n):
    return [p[f"x{i}"] for i in range(1, n + 1)]


def levy(n):
    def f(p):
        w = [1 + (v - 1) / 4 for v in _xs(p, n)]
        s = math.sin(math.pi * w[0]) ** 2
        for i in range(n - 1):
            s += (w[i] - 1) ** 2 * (1 + 10 * math.sin(math.pi * w[i] + 1) ** 2)
        return s + (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2)
    return f


def six_hump(p):
    a, b = p["x1"], p["x2"]
    return (4 - 2.1 * a * a + a ** 4 / 3) * a * a + a * b + (-4 + 4 * b * b) * b * b


_H3A = [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]]
_H3P = [[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]]
_HA = [1.0, 1.2, 3.0, 3.2]


def hartmann3(p):
    x = _xs(p, 3)
    return -sum(_HA[i] * math.exp(-sum(_H3A[i][j] * (x[j] - _H3P[i][j] * 1e-4) ** 2 for j in range(3))) for i in range(4))


def griewank(n):
    def f(p):
        x = _xs(p, n)
        prod = 1.0
        for i, v in enumerate(x):
            prod *= math.cos(v / math.sqrt(i + 1))
        return 1 + sum(v * v / 4000 for v in x) - prod
    return f


def michalewicz(n):
    return lambda p: -sum(math.sin(v) * math.sin((i + 1) * v * v / math.pi) ** 20 for i, v in enumerate(_xs(p, n)))


def ellipsoid(n):
    def f(p):
        x = _xs(p, n)
        s = 0.0
        for i in range(n):
            t = sum(x[j] - 0.3 for j in range(i + 1))
            s += t * t
        return s
    return f


def dixon_price(n):
    def f(p):
        x = _xs(p, n)
        return (x[0] - 1) ** 2 + sum((i + 1) * (2 * x[i] ** 2 - x[i - 1]) ** 2 for i in range(1, n))
    return f


def powell(p):
    x = _xs(p, 4)
    return (x[0] + 10 * x[1]) ** 2 + 5 * (x[2] - x[3]) ** 2 + (x[1] - 2 * x[2]) ** 4 + 10 * (x[0] - x[3]) ** 4


def mixed_llm(p):
    lr_best = {"lora": 2e-4, "full": 2e-5}[p["method"]] * (p["rank"] / 16) ** -0.25
    l = 0.8 * (math.log10(p["lr"]) - math.log10(lr_best)) ** 2
    l += 0.02 if p["method"] == "full" else 0.05 * abs(math.log2(p["rank"] / 32)) / 3
    l += {"cosine": 0, "linear": 0.03, "constant": 0.1}[p["schedule"]]
    l += 0 if p["grad_ckpt"] else 0.01
    l += 3 * (p["label_smoothing"] - 0.1) ** 2
    return 1.2 + l


FUNCTIONS = {
    "levy3": (levy(3), _box(3, -10, 10), 0.0),
    "six_hump": (six_hump, {"x1": _u(-3, 3), "x2": _u(-2, 2)}, -1.0316284534898774),
    "hartmann3": (hartmann3, _box(3, 0, 1), -3.86278214782076),
    "griewank5": (griewank(5), _box(5, -20, 30), 0.0),
    "michalewicz4": (michalewicz(4), _box(4, 0, math.pi), -3.6988571),
    "ellipsoid8": (ellipsoid(8), _box(8, -1, 1), 0.0),
    "dixon_price6": (dixon_price(6), _box(6, -10, 10), 0.0),
    "powell4": (powell, _box(4, -4, 5), 0.0),
    "mixed_llm": (mixed_llm, {
        "lr": {"distribution": "log_uniform_values", "min": 1e-6, "max": 1e-2},
        "rank": {"values": [4, 8, 16, 32, 64, 128]},
        "method": {"values": ["lora", "full"]},
        "schedule": {"values": ["constant", "linear", "cosine"]},
        "grad_ckpt": {"values": [True, False]},
        "label_smoothing": _u(0, 0.3),
    }, 1.2),
}
