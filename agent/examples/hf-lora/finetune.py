"""LoRA fine-tuning of a causal language model with Hugging Face transformers + peft, under Anneal.

The Trainer does the training; anneal.integrations.transformers.AnnealCallback does the rest:
metrics at global_step (train/loss, train/lr, train/grad_norm, val/loss, val/perplexity),
adapter-only checkpoints in ANNEAL_CHECKPOINT_DIR, restores (PBT, resume) with the exact step
and optimizer state, and a clean exit 0 when the agent asks the trial to stop.

Hyperparameters (anneal.params(), or --name=value on the command line; see PARAMS below):
learning_rate, lora_r, lora_alpha, lora_dropout, target_modules, warmup_ratio, weight_decay,
batch_size, gradient_accumulation_steps, mixed_precision (no|fp16|bf16), layer_decay
(layer-wise learning-rate decay, as optimizer parameter groups), epochs or max_steps.

--model takes a local checkpoint directory (or a hub name on a machine with a network). Without
it, a small Llama-architecture model is built from a config and pretrained briefly on generated
text (once per setup; cached, see --cache_dir), so the example runs wherever torch runs.
The task: reviews from a small made-up grammar whose verdict ("overall good|bad") follows the
tone of their last clause; the fine-tuned model has to learn to write the right verdict.
"""

import argparse
import contextlib
import hashlib
import json
import math
import os
import random
import sys
import tempfile
import time

sys.dont_write_bytecode = True
try:
    import anneal  # installed with pip install ./agent/python
except ModuleNotFoundError:  # run from the repository
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
    import anneal
from anneal.integrations.transformers import AnnealCallback, lora_config, resume_checkpoint, scratch_dir, training_arguments  # noqa: E402
from anneal.layer_decay import layer_decay_groups  # noqa: E402

try:
    import torch
    import transformers
    import peft
except ModuleNotFoundError as e:
    # The agent shows the last lines of output when a trial fails: make them say what to do.
    print("this example needs torch, transformers and peft: %s (pip install torch transformers peft)" % e, file=sys.stderr)
    raise

# Parameters a sweep may set, with the defaults used when it does not (one short CPU run).
PARAMS = {
    "learning_rate": 1e-3,
    "lora_r": 8,
    "lora_alpha": 16,
    "lora_dropout": 0.05,
    "target_modules": "q_proj,v_proj",
    "warmup_ratio": 0.1,
    "weight_decay": 0.0,
    "batch_size": 16,
    "gradient_accumulation_steps": 1,
    "mixed_precision": "no",
    "layer_decay": 1.0,
    "lr_scheduler_type": "linear",
    "max_steps": 60,
    "epochs": None,
    "eval_steps": 20,
    "seed": 0,
}

POSITIVE = ["good", "great", "fun", "brilliant", "clever", "moving"]
NEGATIVE = ["bad", "dull", "awful", "boring", "weak", "silly"]
NOUNS = ["movie", "plot", "cast", "music", "ending", "script", "acting"]
VERBS = ["was", "is", "felt", "seemed"]
FILLER = ["the", "this", "very", "really", "quite", "not", "and", "but", "overall"]
VOCAB = ["<pad>", "<bos>", "<eos>"] + POSITIVE + NEGATIVE + NOUNS + VERBS + FILLER
TOKEN = {w: i for i, w in enumerate(VOCAB)}
PAD, BOS, EOS = 0, 1, 2
SEQ_LEN = 32


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name, default in PARAMS.items():
        p.add_argument("--" + name, default=None, help="sweep parameter (default %r)" % (default,))
    p.add_argument("--model", default=None, help="a local model directory (or a hub name when online); default: a small Llama built here")
    p.add_argument("--cache_dir", default=None, help="where the built model's pretrained weights are cached")
    p.add_argument("--pretrain_steps", type=int, default=200)
    p.add_argument("--hidden_size", type=int, default=64)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--train_size", type=int, default=512)
    p.add_argument("--val_size", type=int, default=128)
    args, unknown = p.parse_known_args(argv)
    if unknown:
        print("ignoring unknown arguments: %s" % " ".join(unknown), file=sys.stderr)
    return args


def hyperparameters(args):
    """PARAMS, overridden by the trial's parameters, overridden by the command line."""
    hp = dict(PARAMS)
    hp.update({k: v for k, v in anneal.params().items() if k in PARAMS})
    for name, default in PARAMS.items():
        given = getattr(args, name)
        if given is not None:
            hp[name] = type(default)(given) if default is not None and not isinstance(default, str) else given
    if hp["epochs"] is not None:
        hp.pop("max_steps")  # epochs or max_steps: an explicit number of epochs wins
    return hp


# ----------------------------------------------------------------------------- data


def review(rng):
    """Words of a review ending in its verdict, which follows the tone of the last clause."""
    tones = [rng.choice([1, -1]) for _ in range(rng.randint(1, 3))]
    words = []
    for i, tone in enumerate(tones):
        if i:
            words.append("and" if tone == tones[i - 1] else "but")
        negated = rng.random() < 0.3
        words += [rng.choice(["the", "this"]), rng.choice(NOUNS), rng.choice(VERBS)] + (["not"] if negated else [])
        if rng.random() < 0.4:
            words.append(rng.choice(["very", "really", "quite"]))
        words.append(rng.choice(POSITIVE if (tone > 0) != negated else NEGATIVE))
    return words + ["overall", "good" if tones[-1] > 0 else "bad"]


class Encoder:
    """Our word-level vocabulary for the built model; the model's own tokenizer otherwise."""

    def __init__(self, tokenizer=None):
        self.tokenizer = tokenizer
        if tokenizer is not None and tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token

    def __call__(self, texts):
        if self.tokenizer is not None:
            enc = self.tokenizer([" ".join(t) for t in texts], padding="max_length", truncation=True, max_length=SEQ_LEN * 2, return_tensors="pt")
            ids, mask = enc["input_ids"], enc["attention_mask"]
        else:
            rows = [[BOS] + [TOKEN[w] for w in t] + [EOS] for t in texts]
            ids = torch.tensor([r + [PAD] * (SEQ_LEN - len(r)) for r in rows])
            mask = (ids != PAD).long()
        labels = ids.masked_fill(mask == 0, -100)
        return [{"input_ids": i, "attention_mask": m, "labels": l} for i, m, l in zip(ids, mask, labels)]


# ----------------------------------------------------------------------------- model


def cache_dir(args):
    """--cache_dir, else $ANNEAL_HOME/cache or ~/.cache/anneal, else (a trainer user without a
    home, such as nobody) a folder under the system's temporary directory."""
    candidates = [args.cache_dir] if args.cache_dir else []
    if os.environ.get("ANNEAL_HOME"):
        candidates.append(os.path.join(os.environ["ANNEAL_HOME"], "cache"))
    candidates += [os.path.join(os.path.expanduser("~"), ".cache", "anneal"), os.path.join(tempfile.gettempdir(), "anneal-cache-%d" % os.getuid())]
    for path in candidates:
        try:
            os.makedirs(path, exist_ok=True)
            if os.access(path, os.W_OK):
                return path
        except OSError:
            continue
    raise SystemExit("no writable cache folder among %s; pass --cache_dir" % candidates)


@contextlib.contextmanager
def locked(path):
    """One pretraining per setup even when several trials start at once: the others wait for it
    (on a GPU, two runs of the same pretraining differ in the last bits, and a PBT child must
    load its parent's adapter onto the very same base)."""
    import fcntl

    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def built_model(args, device):
    """A small Llama, pretrained on generated reviews once and cached."""
    config = transformers.LlamaConfig(
        vocab_size=len(VOCAB), hidden_size=args.hidden_size, intermediate_size=args.hidden_size * 4, num_hidden_layers=args.layers,
        num_attention_heads=args.heads, num_key_value_heads=args.heads, max_position_embeddings=SEQ_LEN * 2,
        pad_token_id=PAD, bos_token_id=BOS, eos_token_id=EOS, tie_word_embeddings=True,
    )
    key = hashlib.sha256(json.dumps([config.to_dict(), VOCAB, args.pretrain_steps, 1], sort_keys=True, default=str).encode()).hexdigest()[:16]
    path = os.path.join(cache_dir(args), "hf-lora-example-%s" % key)
    with locked(path):
        if os.path.exists(os.path.join(path, "config.json")):
            print("pretrained weights from the cache %s" % path)
            return transformers.LlamaForCausalLM.from_pretrained(path)
        torch.manual_seed(1234)
        model = transformers.LlamaForCausalLM(config).to(device)
        opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
        rng = random.Random(7)
        encode = Encoder()
        started = time.time()
        loss = float("nan")
        for _ in range(args.pretrain_steps):
            batch = encode([review(rng)[: -2 if rng.random() < 0.5 else None] for _ in range(32)])
            ids = torch.stack([b["input_ids"] for b in batch]).to(device)
            out = model(input_ids=ids, attention_mask=(ids != PAD).long(), labels=torch.stack([b["labels"] for b in batch]).to(device))
            opt.zero_grad(set_to_none=True)
            out.loss.backward()
            opt.step()
            loss = out.loss.item()
        tmp = "%s.%d.tmp" % (path, os.getpid())
        model.save_pretrained(tmp)
        os.replace(tmp, path)
        print("pretrained %d steps in %.1f s (loss %.3f), cached in %s" % (args.pretrain_steps, time.time() - started, loss, path))
        return model.cpu()


def base_model(args, device):
    if args.model:
        tokenizer = transformers.AutoTokenizer.from_pretrained(args.model)
        return transformers.AutoModelForCausalLM.from_pretrained(args.model, torch_dtype=torch.float32), Encoder(tokenizer)
    return built_model(args, device), Encoder()


def optimizer(model, hp):
    """AdamW over the trainable (LoRA) weights, one group per layer (whatever layer_decay is, so a
    PBT child's optimizer loads its parent's state even when their layer_decay differs)."""
    named = {n: p for n, p in model.named_parameters() if p.requires_grad}
    layers = model.config.num_hidden_layers
    groups = layer_decay_groups([(n, p.ndim) for n, p in named.items()], layers, float(hp["learning_rate"]), float(hp["weight_decay"]), float(hp["layer_decay"]), per_layer=True)
    return torch.optim.AdamW([{"params": [named[n] for n in g["names"]], "lr": g["lr"], "weight_decay": g["weight_decay"]} for g in groups], lr=float(hp["learning_rate"]))


class StepTimer(transformers.TrainerCallback):
    """perf/step_seconds: wall time per optimizer step between logs (CUDA synchronised), for the
    GPU check's bf16-vs-fp32 and overhead figures."""

    def __init__(self):
        self.mark = None

    def on_step_begin(self, args, state, control, **kwargs):
        if self.mark is None:
            self.mark = (time.perf_counter(), state.global_step)

    def on_log(self, args, state, control, logs=None, **kwargs):
        if self.mark is None or state.global_step <= self.mark[1]:
            return
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        now = time.perf_counter()
        anneal.report(step=state.global_step, **{"perf/step_seconds": (now - self.mark[0]) / (state.global_step - self.mark[1])})
        self.mark = (now, state.global_step)


def main(argv):
    args = parse_args(argv)
    hp = hyperparameters(args)
    started = time.time()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    transformers.set_seed(int(hp["seed"]))
    model, encode = base_model(args, device)
    # On its device before the optimizer is made: the Trainer is handed the optimizer ready-made.
    model = peft.get_peft_model(model, lora_config(hp)).to(device)
    trainable, total = model.get_nb_trainable_parameters()

    rng = random.Random(42)  # the same data for every trial, so trials compare
    train = encode([review(rng) for _ in range(args.train_size)])
    val = encode([review(rng) for _ in range(args.val_size)])
    extra = {"max_steps": int(hp["max_steps"])} if "max_steps" in hp else {"num_train_epochs": float(hp["epochs"])}
    # Only the loss is needed from evaluation; naming the labels spares the Trainer guessing them for a PeftModel.
    extra.update(label_names=["labels"], prediction_loss_only=True)
    targs = training_arguments(hp, eval_steps=int(hp["eval_steps"]), **extra)
    precision = "bf16" if targs.bf16 else "fp16" if targs.fp16 else "fp32"
    anneal.info(model=args.model or "built-llama", trainable_params=trainable, total_params=total, precision=precision, device=str(device), transformers=transformers.__version__, peft=peft.__version__, torch=torch.__version__)
    print("LoRA: %d of %d parameters trainable; %s on %s; checkpoints via %s" % (trainable, total, precision, device, scratch_dir()))

    trainer = transformers.Trainer(
        model=model, args=targs, train_dataset=train, eval_dataset=val, data_collator=transformers.default_data_collator,
        optimizers=(optimizer(model, hp), None), callbacks=[AnnealCallback(causal_lm=True), StepTimer()],
    )
    resume = resume_checkpoint()
    if resume:
        print("resuming from %s (step %s)" % (resume, anneal.restore_step()))
    result = trainer.train(resume_from_checkpoint=resume)
    print("done in %.1f s: %d steps, mean train loss %.4f" % (time.time() - started, result.global_step, result.training_loss))


if __name__ == "__main__":
    main(sys.argv[1:])
