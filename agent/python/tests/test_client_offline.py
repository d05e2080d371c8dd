"""What the client decides before and after talking to the API (the API itself: e2e/src/python-client.test.ts)."""

import json
import os
import tempfile
import unittest
from unittest import mock

from anneal.client import Client, _error_from, config_text, leaderboard_rows, resolve_token
from anneal.errors import AnnealError


class ConfigText(unittest.TestCase):
    def test_dicts_paths_and_text(self):
        self.assertEqual(json.loads(config_text({"method": "random", "parameters": {"x": {"values": [1]}}})), {"method": "random", "parameters": {"x": {"values": [1]}}})
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write("method: grid\n")
        try:
            self.assertEqual(config_text(f.name), "method: grid\n")
            import pathlib

            self.assertEqual(config_text(pathlib.Path(f.name)), "method: grid\n")
        finally:
            os.unlink(f.name)
        self.assertEqual(config_text("method: grid\nparameters: {}\n"), "method: grid\nparameters: {}\n", "YAML text goes as written")
        with self.assertRaises(AnnealError) as e:
            config_text(42)  # type: ignore[arg-type]
        self.assertEqual(e.exception.code, "BAD_ARGUMENT")


class Token(unittest.TestCase):
    def test_order_of_sources(self):
        with tempfile.TemporaryDirectory() as home:
            key_file = os.path.join(home, "key")
            with open(key_file, "w") as f:
                f.write("ank_file\n")
            with open(os.path.join(home, "admin-key"), "w") as f:
                f.write("ank_admin\n")
            env = {"ANNEAL_HOME": home}
            with mock.patch.dict(os.environ, env, clear=True):
                self.assertEqual(resolve_token(), "ank_admin")
                self.assertEqual(resolve_token(token_file=key_file), "ank_file")
                self.assertEqual(resolve_token("ank_arg"), "ank_arg")
            with mock.patch.dict(os.environ, dict(env, ANNEAL_API_KEY="ank_env", ANNEAL_API_KEY_FILE=key_file), clear=True):
                self.assertEqual(resolve_token(), "ank_env")
            with mock.patch.dict(os.environ, dict(env, ANNEAL_API_KEY_FILE=key_file), clear=True):
                self.assertEqual(resolve_token(), "ank_file")
            with mock.patch.dict(os.environ, {"ANNEAL_HOME": os.path.join(home, "none")}, clear=True):
                with self.assertRaises(AnnealError) as e:
                    resolve_token()
                self.assertEqual(e.exception.code, "NO_API_KEY")

    def test_the_key_stays_out_of_reprs(self):
        c = Client("http://127.0.0.1:9", "ank_secret_value")
        self.assertNotIn("ank_secret", repr(c))
        self.assertNotIn("ank_secret", repr(c.sweep("s")))

    def test_an_unreachable_api_says_where_it_looked(self):
        with self.assertRaises(AnnealError) as e:
            Client("http://127.0.0.1:9", "ank_secret_value", timeout=5).projects()
        self.assertEqual(e.exception.code, "API_UNREACHABLE")
        self.assertIn("http://127.0.0.1:9", str(e.exception))
        self.assertNotIn("ank_secret", str(e.exception))


class Errors(unittest.TestCase):
    def test_code_and_problems_come_from_the_graphql_errors(self):
        problems = [{"path": "config.parameters.lr.min", "message": "must be below max"}]
        e = _error_from([{"message": "invalid sweep config (1 problem)", "extensions": {"code": "BAD_USER_INPUT", "problems": problems}}])
        self.assertEqual((e.code, e.problems), ("BAD_USER_INPUT", problems))
        self.assertTrue(str(e).startswith("BAD_USER_INPUT: invalid sweep config"))

    def test_leaderboard_rows_flatten_parameters(self):
        rows = leaderboard_rows([{"number": 2, "status": "COMPLETED", "objective": 0.1, "params": {"optim": {"lr": 0.01}, "bs": 8}}])
        self.assertEqual(rows, [{"number": 2, "status": "COMPLETED", "objective": 0.1, "optim.lr": 0.01, "bs": 8}])
