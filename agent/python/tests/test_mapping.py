import math
import unittest

from anneal.errors import AnnealError
from anneal.integrations.mapping import fit_to_signature, hf_log_metrics, lightning_metrics, lora_config_kwargs, training_arguments_kwargs
from anneal.layer_decay import layer_decay_groups, layer_index
from anneal.precision import precision_plan


class MetricNames(unittest.TestCase):
    def test_trainer_logs(self):
        self.assertEqual(
            hf_log_metrics({"loss": 2.5, "learning_rate": 1e-4, "grad_norm": 0.7, "epoch": 0.5, "total_flos": 1e12, "train_runtime": 3.0, "note": "text"}),
            {"train/loss": 2.5, "train/lr": 1e-4, "train/grad_norm": 0.7, "train/epoch": 0.5},
        )

    def test_evaluation_with_perplexity_for_causal_lms(self):
        m = hf_log_metrics({"eval_loss": 2.0, "eval_accuracy": 0.5, "eval_runtime": 1.0, "eval_samples_per_second": 9.0, "epoch": 1.0})
        self.assertEqual(set(m), {"val/loss", "val/accuracy", "val/perplexity", "train/epoch"})
        self.assertAlmostEqual(m["val/perplexity"], math.exp(2.0))
        self.assertNotIn("val/perplexity", hf_log_metrics({"eval_loss": 2.0}, causal_lm=False))
        self.assertEqual(hf_log_metrics({"eval_loss": 1000.0}), {"val/loss": 1000.0}, "an overflowing perplexity is left out")
        self.assertEqual(hf_log_metrics({"eval_loss": float("nan")}), {})
        self.assertEqual(hf_log_metrics(None), {})

    def test_lightning_names_and_stages(self):
        logged = {"train_loss": 1.5, "train_loss_step": 1.4, "val_loss": 2.0, "val_acc": 0.8, "lr-AdamW": 0.001, "custom/x": 3}
        self.assertEqual(lightning_metrics(logged, stage="train"), {"train/loss": 1.4, "train/lr": 0.001})
        self.assertEqual(lightning_metrics(logged, causal_lm=True, stage="val"), {"val/loss": 2.0, "val/acc": 0.8, "val/perplexity": math.exp(2.0)})


class TrainingArguments(unittest.TestCase):
    def test_a_lora_sweeps_parameters(self):
        p = {"learning_rate": 2e-4, "weight_decay": 0.01, "warmup_ratio": 0.05, "batch_size": 8, "gradient_accumulation_steps": 4, "max_steps": 300, "mixed_precision": "bf16", "seed": 3}
        kw = training_arguments_kwargs(p, "/tmp/out", "cuda", True, eval_steps=25)
        self.assertEqual(kw["learning_rate"], 2e-4)
        self.assertEqual((kw["per_device_train_batch_size"], kw["per_device_eval_batch_size"], kw["gradient_accumulation_steps"]), (8, 8, 4))
        self.assertEqual((kw["warmup_ratio"], kw["max_steps"], kw["seed"]), (0.05, 300, 3))
        self.assertEqual((kw["bf16"], kw["fp16"]), (True, False))
        self.assertEqual((kw["eval_steps"], kw["save_steps"], kw["logging_steps"]), (25, 25, 25))
        self.assertEqual((kw["output_dir"], kw["save_total_limit"], kw["report_to"]), ("/tmp/out", 1, []))

    def test_aliases_nesting_epochs_and_warmup_steps(self):
        kw = training_arguments_kwargs({"optim": {"lr": 0.001}, "epochs": 2, "warmup": 10, "grad_accum": 2}, "/o", "cpu", False)
        self.assertEqual((kw["learning_rate"], kw["num_train_epochs"], kw["warmup_steps"], kw["gradient_accumulation_steps"]), (0.001, 2.0, 10, 2))
        self.assertNotIn("warmup_ratio", kw)
        self.assertNotIn("max_steps", kw)

    def test_keywords_follow_the_installed_transformers(self):
        kw = {"warmup_ratio": 0.1, "eval_strategy": "steps", "seed": 1}
        self.assertEqual(fit_to_signature(kw, ["warmup_ratio", "warmup_steps", "eval_strategy", "seed"]), kw)
        self.assertEqual(fit_to_signature(kw, ["warmup_steps", "eval_strategy", "seed"]), {"warmup_steps": 0.1, "eval_strategy": "steps", "seed": 1}, "transformers 5")
        self.assertEqual(fit_to_signature(kw, ["warmup_ratio", "evaluation_strategy", "seed"]), {"warmup_ratio": 0.1, "evaluation_strategy": "steps", "seed": 1}, "transformers < 4.41")

    def test_precision_follows_the_hardware(self):
        self.assertEqual((training_arguments_kwargs({"mixed_precision": "fp16"}, "/o", "cpu", False)["fp16"]), False)
        self.assertEqual((training_arguments_kwargs({"mixed_precision": "fp16"}, "/o", "cuda", True)["fp16"]), True)
        with self.assertRaises(AnnealError) as e:
            training_arguments_kwargs({"mixed_precision": "fp8"}, "/o")
        self.assertIn("no|fp16|bf16", str(e.exception))

    def test_lora_config(self):
        self.assertEqual(
            lora_config_kwargs({"lora_r": 16, "lora_alpha": 32, "lora_dropout": 0.05, "target_modules": "q_proj,v_proj"}),
            {"task_type": "CAUSAL_LM", "bias": "none", "r": 16, "lora_alpha": 32.0, "lora_dropout": 0.05, "target_modules": ["q_proj", "v_proj"]},
        )
        nested = lora_config_kwargs({"lora": {"r": 4, "alpha": 8, "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj"]}})
        self.assertEqual((nested["r"], nested["lora_alpha"], nested["target_modules"]), (4, 8.0, ["q_proj", "k_proj", "v_proj", "o_proj"]))
        self.assertEqual(lora_config_kwargs({"target_modules": "all-linear"})["target_modules"], "all-linear")
        with self.assertRaises(AnnealError):
            lora_config_kwargs({"target_modules": " , "})


class Precision(unittest.TestCase):
    def test_plans(self):
        self.assertEqual(precision_plan("no", "cuda", True), (None, False, None))
        self.assertEqual(precision_plan(None, "cpu", False).name, "no")
        self.assertEqual(precision_plan("fp16", "cuda", True), ("float16", True, None))
        self.assertEqual(precision_plan("bf16", "cuda", True), ("bfloat16", False, None))
        self.assertEqual(precision_plan("bf16", "cpu", False).name, "bf16")
        fallback = precision_plan("fp16", "cpu", False)
        self.assertEqual(fallback.name, "no")
        self.assertIn("needs a CUDA GPU", fallback.note)
        self.assertEqual(precision_plan("bf16", "cuda", False).name, "fp16")


class LayerDecay(unittest.TestCase):
    NAMES = [
        ("model.embed_tokens.weight", 2),
        ("model.layers.0.self_attn.q_proj.lora_A.default.weight", 2),
        ("model.layers.0.input_layernorm.weight", 1),
        ("model.layers.1.mlp.down_proj.weight", 2),
        ("model.norm.weight", 1),
        ("lm_head.weight", 2),
    ]

    def test_layer_indices(self):
        self.assertEqual([layer_index(n, 2) for n, _ in self.NAMES], [0, 1, 1, 2, 3, 3])
        self.assertEqual(layer_index("blocks.1.qkv.weight", 2), 2, "the PyTorch example's names")

    def test_groups_scale_by_depth_and_skip_decay_for_vectors(self):
        groups = layer_decay_groups(self.NAMES, 2, lr=1.0, weight_decay=0.1, decay=0.5)
        by_name = {n: g for g in groups for n in g["names"]}
        self.assertEqual(by_name["model.embed_tokens.weight"]["lr"], 0.125)
        self.assertEqual(by_name["model.layers.0.self_attn.q_proj.lora_A.default.weight"]["lr"], 0.25)
        self.assertEqual(by_name["model.layers.1.mlp.down_proj.weight"]["lr"], 0.5)
        self.assertEqual(by_name["lm_head.weight"]["lr"], 1.0)
        self.assertEqual(by_name["model.layers.0.input_layernorm.weight"]["weight_decay"], 0.0)
        self.assertEqual(by_name["lm_head.weight"]["weight_decay"], 0.1)
        self.assertEqual(sum(len(g["names"]) for g in groups), len(self.NAMES))

    def test_no_decay_is_two_groups_and_bad_values_are_refused(self):
        self.assertEqual(len(layer_decay_groups(self.NAMES, 2, 1.0, 0.1, 1.0)), 2)
        with self.assertRaises(ValueError):
            layer_decay_groups(self.NAMES, 2, 1.0, 0.1, 1.5)

    def test_per_layer_groups_keep_their_shape_across_decays(self):
        shape = lambda d: [(sorted(g["names"]), g["weight_decay"]) for g in layer_decay_groups(self.NAMES, 2, 1.0, 0.1, d, per_layer=True)]
        self.assertEqual(shape(1.0), shape(0.5), "an optimizer state saved under one decay loads under another")
        self.assertEqual([g["lr"] for g in layer_decay_groups(self.NAMES, 2, 1.0, 0.1, 0.5, per_layer=True)], [g["lr"] for g in sorted(layer_decay_groups(self.NAMES, 2, 1.0, 0.1, 0.5, per_layer=True), key=lambda g: g["lr"])])
