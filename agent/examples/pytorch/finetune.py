"""Fine-tunes a tiny GPT-style transformer under Anneal, in plain PyTorch with nothing to download.

The data comes from a small made-up grammar of film reviews, so the example runs anywhere. A
review has one to three clauses, "not" flips a clause ("the plot was not very clever"), and as in
"the plot was dull but the cast was great", its tone is that of its last clause.
  * pretraining: next-token prediction over reviews, half of which end with a verdict
    ("... overall good"), as rated reviews do in real text;
  * fine-tuning: classify reviews as positive or negative with a new head on the hidden state of
    a trailing "overall", the position where pretraining taught the model to expect a verdict.
On a task this small, brief pretraining mostly teaches the vocabulary and the grammar, and the
outcome hinges on the fine-tuning hyperparameters (too small a learning rate learns nothing in
five epochs, too large a one forgets the language): which is what makes it worth a sweep.

Every epoch it reports loss, val_loss, accuracy and perplexity (the language-model perplexity of
held-out reviews: how much of the pretraining the fine-tuning keeps), and checkpoints model and
optimizer state. Started with ANNEAL_RESTORE_DIR it continues from that checkpoint: its own (the
agent that ran it was lost) to finish the epochs it was given, or another trial's (PBT) to continue
that member's training to `epochs` in total with its own hyperparameters.

mixed_precision (no|fp16|bf16) runs the forward pass under autocast (fp16 with loss scaling),
and layer_decay < 1 gives every block its own optimizer group with a learning rate that shrinks
towards the embeddings.

Pretrained weights are cached (see --cache_dir), keyed by everything that shapes them, so only
the first trial of a setup pretrains.
"""

import argparse
import contextlib
import hashlib
import json
import math
import os
import random
import sys
import time

# The helper ships in the repository's agent/python; no __pycache__ left there by every trial.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
import anneal_report as anneal  # noqa: E402
from anneal.layer_decay import layer_decay_groups  # noqa: E402
from anneal.precision import precision_plan  # noqa: E402

try:
    import torch
    from torch import nn
    from torch.nn import functional as F
except ModuleNotFoundError as e:
    # The agent shows the last lines of output when a trial fails: make them say what to do.
    print("this example needs PyTorch: %s (pip install torch, or apt-get install python3-torch)" % e, file=sys.stderr)
    raise

POSITIVE = ["good", "great", "fun", "brilliant", "clever", "moving"]
NEGATIVE = ["bad", "dull", "awful", "boring", "weak", "silly"]
NOUNS = ["movie", "plot", "cast", "music", "ending", "script", "acting"]
VERBS = ["was", "is", "felt", "seemed"]
INTENSIFIERS = ["very", "really", "quite"]
DETERMINERS = ["the", "this"]
WORDS = POSITIVE + NEGATIVE + NOUNS + VERBS + INTENSIFIERS + DETERMINERS + ["not", "and", "but", "overall"]
VOCAB = WORDS + ["<bos>", "<eos>", "<pad>"]
TOKEN = {t: i for i, t in enumerate(VOCAB)}
BOS, EOS, PAD = TOKEN["<bos>"], TOKEN["<eos>"], TOKEN["<pad>"]
MAX_CLAUSES = 3
# <bos>, three clauses of at most 6 words, two conjunctions, "overall" and a verdict, <eos>.
SEQ_LEN = 1 + MAX_CLAUSES * 6 + (MAX_CLAUSES - 1) + 2 + 1
CHECKPOINT_FILE = "state.pt"


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    # The sweep's hyperparameters.
    p.add_argument("--learning_rate", type=float, default=1e-3)
    p.add_argument("--batch_size", type=int, default=32)
    p.add_argument("--weight_decay", type=float, default=0.01)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--warmup", type=float, default=0.1, help="warm-up: a fraction of the steps (< 1) or a number of steps")
    p.add_argument("--epochs", type=int, default=5, help="total epochs of training; a trial restored from another continues to this total")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--mixed_precision", default="no", help="no | fp16 | bf16 (fp16 needs CUDA; elsewhere it runs in fp32 and says so)")
    p.add_argument("--layer_decay", type=float, default=1.0, help="layer-wise learning-rate decay in (0, 1]: block i of L learns at lr * decay**(L - i)")
    # The setup; a sweep can tune these too, but the defaults keep a trial to seconds on a CPU.
    p.add_argument("--train_size", type=int, default=1024)
    p.add_argument("--val_size", type=int, default=512)
    p.add_argument("--d_model", type=int, default=48)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--heads", type=int, default=2)
    p.add_argument("--pretrain_steps", type=int, default=300)
    p.add_argument("--cache_dir", default=None, help="pretrained weights cache (default: $ANNEAL_HOME/cache or ~/.cache/anneal)")
    args, unknown = p.parse_known_args(argv)
    if unknown:
        print("ignoring unknown arguments: %s" % " ".join(unknown), file=sys.stderr)
    return args


# ----------------------------------------------------------------------------- data


def clause(rng, meaning):
    """One clause that means `meaning` (+1 or -1), sometimes by negating the opposite word."""
    negated = rng.random() < 0.3
    word_tone = -meaning if negated else meaning
    words = [rng.choice(DETERMINERS), rng.choice(NOUNS), rng.choice(VERBS)]
    if negated:
        words.append("not")
    if rng.random() < 0.4:
        words.append(rng.choice(INTENSIFIERS))
    words.append(rng.choice(POSITIVE if word_tone > 0 else NEGATIVE))
    return words


def review(rng):
    """A review's words and its tone: 1 (positive) when its last clause is."""
    meanings = [rng.choice([1, -1]) for _ in range(rng.randint(1, MAX_CLAUSES))]
    words = []
    for i, m in enumerate(meanings):
        if i > 0:
            words.append("and" if m == meanings[i - 1] else "but")
        words += clause(rng, m)
    return words, 1 if meanings[-1] > 0 else 0


def tokens_of(words):
    return [BOS] + [TOKEN[w] for w in words]


def pad(tokens):
    return tokens + [PAD] * (SEQ_LEN - len(tokens))


def lm_corpus(n, rng):
    """Reviews as text: half of them end with their verdict."""
    rows = []
    for _ in range(n):
        words, tone = review(rng)
        if rng.random() < 0.5:
            words += ["overall", "good" if tone else "bad"]
        rows.append(pad(tokens_of(words) + [EOS]))
    return torch.tensor(rows, dtype=torch.long)


def classification_set(n, rng):
    """Reviews ending in "overall", and their tone."""
    seqs, lengths, labels = [], [], []
    for _ in range(n):
        words, label = review(rng)
        tokens = tokens_of(words + ["overall"])
        seqs.append(pad(tokens))
        lengths.append(len(tokens))
        labels.append(label)
    return torch.tensor(seqs), torch.tensor(lengths), torch.tensor(labels)


# ----------------------------------------------------------------------------- model


class Block(nn.Module):
    def __init__(self, d, heads, dropout):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))
        self.drop = nn.Dropout(dropout)

    def attend(self, x):
        n, t, d = x.shape
        q, k, v = self.qkv(x).split(d, dim=2)
        # (n, heads, t, d / heads)
        q, k, v = (z.view(n, t, self.heads, d // self.heads).transpose(1, 2) for z in (q, k, v))
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(d // self.heads)
        causal = torch.ones(t, t, dtype=torch.bool, device=x.device).tril()
        scores = scores.masked_fill(~causal, float("-inf"))
        weights = self.drop(F.softmax(scores, dim=-1))
        return self.proj((weights @ v).transpose(1, 2).reshape(n, t, d))

    def forward(self, x):
        x = x + self.drop(self.attend(self.ln1(x)))
        return x + self.drop(self.mlp(self.ln2(x)))


class TinyGPT(nn.Module):
    def __init__(self, d_model, layers, heads, dropout):
        super().__init__()
        self.tok = nn.Embedding(len(VOCAB), d_model)
        self.pos = nn.Embedding(SEQ_LEN, d_model)
        self.drop = nn.Dropout(dropout)
        self.blocks = nn.ModuleList(Block(d_model, heads, dropout) for _ in range(layers))
        self.ln = nn.LayerNorm(d_model)
        # Language-model head tied to the embeddings; the classifier is new in fine-tuning.
        self.classifier = nn.Linear(d_model, 2)
        self.apply(self.init_weights)

    @staticmethod
    def init_weights(module):
        # Small weights: PyTorch's default N(0, 1) embeddings make the tied head's first logits
        # huge, and pretraining then spends its first hundreds of steps undoing that.
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def hidden(self, tokens):
        positions = torch.arange(tokens.shape[1], device=tokens.device)
        x = self.drop(self.tok(tokens) + self.pos(positions))
        for block in self.blocks:
            x = block(x)
        return self.ln(x)

    def lm_logits(self, tokens):
        return self.hidden(tokens) @ self.tok.weight.T

    def classify(self, tokens, lengths):
        h = self.hidden(tokens)
        # The trailing "overall" has seen the whole review (attention is causal).
        last = h[torch.arange(tokens.shape[0], device=tokens.device), lengths - 1]
        return self.classifier(last)


def lm_loss(model, tokens):
    logits = model.lm_logits(tokens[:, :-1])
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tokens[:, 1:].reshape(-1), ignore_index=PAD)


# ----------------------------------------------------------------------------- pretraining


def cache_dir(args):
    if args.cache_dir:
        return args.cache_dir
    home = os.environ.get("ANNEAL_HOME") or os.path.join(os.path.expanduser("~"), ".cache", "anneal")
    return os.path.join(home, "cache")


def pretrained_weights(args, device):
    """Pretrains once per setup; concurrent trials may both train, and the last rename wins."""
    key = hashlib.sha256(
        json.dumps([VOCAB, SEQ_LEN, args.d_model, args.layers, args.heads, args.pretrain_steps, 4]).encode()
    ).hexdigest()[:16]
    path = os.path.join(cache_dir(args), "finetune-example-%s.pt" % key)
    if os.path.exists(path):
        try:
            return torch.load(path, map_location=device), True
        except Exception as e:  # a truncated file from a crash: train again
            print("pretrained cache %s unreadable (%s); pretraining again" % (path, e), file=sys.stderr)
    torch.manual_seed(1234)
    model = TinyGPT(args.d_model, args.layers, args.heads, dropout=0.0).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
    corpus = lm_corpus(8000, random.Random(7)).to(device)
    g = torch.Generator().manual_seed(1234)
    for step in range(args.pretrain_steps):
        batch = corpus[torch.randint(len(corpus), (64,), generator=g)]
        loss = lm_loss(model, batch)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = "%s.%d.tmp" % (path, os.getpid())
    torch.save(state, tmp)
    os.replace(tmp, path)
    return state, False


# ----------------------------------------------------------------------------- fine-tuning


def lr_factor(step, warmup_steps, total_steps):
    """Linear warm-up, then cosine decay to a tenth."""
    if step < warmup_steps:
        return (step + 1) / warmup_steps
    progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
    return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))


@torch.no_grad()
def evaluate(model, val, lm_val):
    model.eval()
    seqs, lengths, labels = val
    logits = model.classify(seqs, lengths)
    val_loss = F.cross_entropy(logits, labels).item()
    accuracy = (logits.argmax(-1) == labels).float().mean().item()
    perplexity = math.exp(lm_loss(model, lm_val).item())
    model.train()
    return val_loss, accuracy, perplexity


def make_optimizer(model, args):
    """AdamW; with layer_decay < 1, one group per (depth, decays) with its own learning-rate scale."""
    if args.layer_decay >= 1.0:
        return torch.optim.AdamW(model.parameters(), lr=args.learning_rate, weight_decay=args.weight_decay)
    named = dict(model.named_parameters())
    # The classifier is new: it sits after the last block and learns at the full rate.
    groups = layer_decay_groups([(n, p.ndim) for n, p in named.items()], args.layers, args.learning_rate, args.weight_decay, args.layer_decay)
    return torch.optim.AdamW(
        [{"params": [named[n] for n in g["names"]], "lr": g["lr"], "lr_scale": g["lr_scale"], "weight_decay": g["weight_decay"]} for g in groups],
        lr=args.learning_rate,
    )


def grad_scaler(enabled):
    try:
        return torch.amp.GradScaler("cuda", enabled=enabled)
    except (AttributeError, TypeError):  # torch < 2.3
        return torch.cuda.amp.GradScaler(enabled=enabled)


def save_checkpoint(model, opt, meta):
    directory = anneal.checkpoint_dir()
    tmp = os.path.join(directory, CHECKPOINT_FILE + ".tmp")
    torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "meta": meta}, tmp)
    # A rename, so the agent never archives a half-written file.
    os.replace(tmp, os.path.join(directory, CHECKPOINT_FILE))
    anneal.save_checkpoint(meta["epoch"])


def main(argv):
    args = parse_args(argv)
    started = time.time()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    data_rng = random.Random(42)  # the same data for every trial, so trials compare
    train = [t.to(device) for t in classification_set(args.train_size, data_rng)]
    val = [t.to(device) for t in classification_set(args.val_size, data_rng)]
    lm_val = lm_corpus(args.val_size, data_rng).to(device)

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    model = TinyGPT(args.d_model, args.layers, args.heads, args.dropout).to(device)
    opt = make_optimizer(model, args)
    plan = precision_plan(args.mixed_precision, device.type, device.type == "cuda" and torch.cuda.is_bf16_supported())
    if plan.note:
        print("mixed_precision=%s: %s" % (args.mixed_precision, plan.note), file=sys.stderr)
    anneal_info = {"precision": plan.name, "device": device.type, "layer_groups": len(opt.param_groups)}
    print("@anneal " + json.dumps({"info": anneal_info}), flush=True)
    autocast_dtype = getattr(torch, plan.autocast) if plan.autocast else None
    scaler = grad_scaler(plan.grad_scaler)

    steps_per_epoch = math.ceil(args.train_size / args.batch_size)
    step, first_epoch, target_epoch = 0, 0, args.epochs
    schedule = None  # (first step, steps) of the learning-rate schedule, when resuming our own
    restore = anneal.restore_dir()
    if restore:
        state = torch.load(os.path.join(restore, CHECKPOINT_FILE), map_location=device)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        meta = state["meta"]
        step, first_epoch = meta["step"], meta["epoch"]
        # Our own checkpoint: finish what we were given. Another trial's (PBT): a population
        # member continues its parent's training to the same total of `epochs` (at least one more).
        if meta.get("trial_id") == anneal.trial_id():
            target_epoch, schedule = meta["target_epoch"], tuple(meta["schedule"])
        else:
            target_epoch = max(args.epochs, first_epoch + 1)
        for group in opt.param_groups:  # the restored optimizer keeps moments, not old hyperparameters
            if group["weight_decay"] > 0:
                group["weight_decay"] = args.weight_decay
        print("restored epoch %d (%d updates) from %s; training to epoch %d" % (first_epoch, step, restore, target_epoch))
    else:
        weights, cached = pretrained_weights(args, device)
        missing, _ = model.load_state_dict(weights, strict=False)
        assert set(missing) <= {"classifier.weight", "classifier.bias"}, missing
        print("pretrained weights %s" % ("from the cache" if cached else "trained now"))

    # Steps, not epochs: a PBT parent may have used another batch size.
    schedule = schedule or (step, steps_per_epoch * (target_epoch - first_epoch))
    schedule_start, total_steps = schedule
    warmup_steps = max(1, int(args.warmup * total_steps) if args.warmup < 1 else int(args.warmup))
    seqs, lengths, labels = train
    g = torch.Generator().manual_seed(args.seed)
    for epoch in range(first_epoch, target_epoch):
        order = torch.randperm(args.train_size, generator=g).to(device)
        total, count = 0.0, 0
        for i in range(steps_per_epoch):
            local = step - schedule_start
            for group in opt.param_groups:
                group["lr"] = args.learning_rate * group.get("lr_scale", 1.0) * lr_factor(local, warmup_steps, total_steps)
            idx = order[i * args.batch_size : (i + 1) * args.batch_size]
            with torch.autocast(device_type=device.type, dtype=autocast_dtype) if autocast_dtype else contextlib.nullcontext():
                logits = model.classify(seqs[idx], lengths[idx])
            loss = F.cross_entropy(logits.float(), labels[idx])
            opt.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            scaler.unscale_(opt)  # clip the true gradients, not the scaled ones
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            scaler.step(opt)
            scaler.update()
            step += 1
            total += loss.item() * len(idx)
            count += len(idx)
        val_loss, accuracy, perplexity = evaluate(model, val, lm_val)
        # Reported per epoch, so steps (ASHA's rungs, PBT's interval) mean the same for every batch size.
        anneal.report(
            step=epoch + 1,
            updates=step,
            loss=total / count,
            val_loss=val_loss,
            accuracy=accuracy,
            perplexity=perplexity,
            lr=max(g["lr"] for g in opt.param_groups),
        )
        save_checkpoint(
            model,
            opt,
            {"step": step, "epoch": epoch + 1, "target_epoch": target_epoch, "schedule": list(schedule), "trial_id": anneal.trial_id()},
        )
    print("done in %.1f s on %s" % (time.time() - started, device))


if __name__ == "__main__":
    main(sys.argv[1:])
