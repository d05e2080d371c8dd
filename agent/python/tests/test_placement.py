import json
import os
import tempfile
import unittest

from anneal.integrations.placement import MANIFEST, directory_bytes, exploit_learning_rates, place_checkpoint, read_manifest, restore_kind


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(data)


class Placement(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        self.out = os.path.join(self.root, "hf-output")
        self.dest = os.path.join(self.root, "checkpoints")
        os.makedirs(self.dest)

    def tearDown(self):
        self.tmp.cleanup()

    def checkpoint(self, step, files):
        src = os.path.join(self.out, "checkpoint-%d" % step)
        for name, data in files.items():
            write(os.path.join(src, name), data)
        return src

    def test_each_save_replaces_the_files_and_writes_the_manifest_last(self):
        first = self.checkpoint(10, {"adapter_model.safetensors": "a10", "optimizer.pt": "o10", "scheduler.pt": "s10", "trainer_state.json": "{}", "stale.bin": "x"})
        place_checkpoint(first, self.dest, 10, "trial-a")
        inode = os.stat(os.path.join(self.dest, "optimizer.pt")).st_ino
        self.assertEqual(inode, os.stat(os.path.join(first, "optimizer.pt")).st_ino, "hard-linked, not copied")
        second = self.checkpoint(20, {"adapter_model.safetensors": "a20", "optimizer.pt": "o20", "scheduler.pt": "s20", "trainer_state.json": "{}"})
        placed = place_checkpoint(second, self.dest, 20, "trial-a", {"library": "transformers"})
        self.assertEqual(placed, ["adapter_model.safetensors", "optimizer.pt", "scheduler.pt", "trainer_state.json"])
        self.assertEqual(sorted(os.listdir(self.dest)), sorted(placed + [MANIFEST]), "the stale file is gone, no temporary names remain")
        with open(os.path.join(self.dest, "optimizer.pt")) as f:
            self.assertEqual(f.read(), "o20")
        self.assertEqual(read_manifest(self.dest), {"step": 20, "trial_id": "trial-a", "files": placed, "library": "transformers"})
        self.assertEqual(directory_bytes(self.dest), 3 + 3 + 3 + 2 + len(json.dumps(read_manifest(self.dest))))

    def test_whose_checkpoint_it_is(self):
        place_checkpoint(self.checkpoint(5, {"optimizer.pt": "o", "scheduler.pt": "s"}), self.dest, 5, "me", {"learning_rate": 0.01})
        manifest = read_manifest(self.dest)
        self.assertEqual(manifest["learning_rate"], 0.01)
        self.assertEqual(restore_kind(manifest, "me"), "resume", "its own: a lost agent")
        self.assertEqual(restore_kind(manifest, "child"), "exploit", "another trial's: PBT")
        self.assertEqual(restore_kind({}, "child"), "exploit", "a checkpoint without a manifest is someone else's")


class ExploitLearningRates(unittest.TestCase):
    def test_the_childs_rate_at_the_parents_schedule_position_with_group_ratios_kept(self):
        # Parent: lr 0.01 with layer decay 0.5 (two groups), now at half of its schedule.
        base, current = exploit_learning_rates([0.005, 0.01], [0.0025, 0.005], parent_lr=0.01, own_lr=0.002)
        for got, want in zip(base + current, [0.001, 0.002, 0.0005, 0.001]):
            self.assertAlmostEqual(got, want)

    def test_without_the_parents_rate_nothing_changes(self):
        self.assertEqual(exploit_learning_rates([0.1], [0.05], None, 0.2), ([0.1], [0.05]))
