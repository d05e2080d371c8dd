"""Private family: power-law learning curves that cross (slow starters end best),
larger noise, and the best learning rate depends on batch size and dropout."""
import hashlib, math, struct

MAX_EPOCHS = 60
SPACE = {
    "learning_rate": {"distribution": "log_uniform_values", "min": 1e-5, "max": 1e-1},
    "batch_size": {"values": [16, 32, 64, 128]},
    "dropout": {"distribution": "uniform", "min": 0.0, "max": 0.5},
    "weight_decay": {"distribution": "log_uniform_values", "min": 1e-6, "max": 1e-1},
}


def _noise(p, e):
    h = hashlib.blake2b((repr(sorted(p.items())) + f"|{e}").encode(), digest_size=8).digest()
    return (struct.unpack("<Q", h)[0] / 2 ** 64 - 0.5) * 0.05


def final_loss(p):
    lr_opt = 3e-4 * (p["batch_size"] / 32) ** 0.5 * (1 + p["dropout"])
    return (0.4 + 0.25 * (math.log10(p["learning_rate"]) - math.log10(lr_opt)) ** 2
            + 0.5 * (p["dropout"] - 0.3) ** 2 + 0.03 * (math.log10(p["weight_decay"]) + 3) ** 2)


def curve(p, epoch):
    final = final_loss(p)
    tau = 0.3 / (p["learning_rate"] ** 0.5)          # higher lr -> faster start
    return final + 2.0 * (1 + epoch / tau) ** -1.2 + _noise(p, epoch)


OPTIMUM = 0.4
