"""Private family: validation loss that falls, then rises (overfitting) for low dropout /
high lr; the final epoch's value is what counts, so the best-so-far is misleading."""
import hashlib, math, struct

MAX_EPOCHS = 40
SPACE = {
    "learning_rate": {"distribution": "log_uniform_values", "min": 1e-4, "max": 1e-1},
    "dropout": {"distribution": "uniform", "min": 0.0, "max": 0.6},
    "width": {"values": [64, 128, 256, 512]},
}


def _noise(p, e):
    h = hashlib.blake2b((repr(sorted(p.items())) + f"|{e}").encode(), digest_size=8).digest()
    return (struct.unpack("<Q", h)[0] / 2 ** 64 - 0.5) * 0.02


def curve(p, epoch):
    lr, dr, w = p["learning_rate"], p["dropout"], p["width"]
    base = 0.3 + 0.2 * (math.log10(lr) + 2.3) ** 2 + 0.3 * (dr - 0.35) ** 2 + 0.02 * abs(math.log2(w / 256))
    speed = 3 * lr ** 0.6
    fit = base + 1.8 * math.exp(-speed * epoch)
    overfit_rate = max(0.0, 0.02 * (0.5 - dr)) * (w / 256) ** 0.5
    return fit + overfit_rate * max(0, epoch - 10) + _noise(p, epoch)


def _best_final():
    best = float("inf")
    for i in range(60):
        for j in range(61):
            for w in SPACE["width"]["values"]:
                p = {"learning_rate": 10 ** (-4 + 3 * i / 59), "dropout": 0.6 * j / 60, "width": w}
                best = min(best, curve(p, MAX_EPOCHS) - _noise(p, MAX_EPOCHS))
    return best


OPTIMUM = _best_final()
