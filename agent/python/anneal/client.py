"""GraphQL from scripts, standard library only.

    import anneal
    client = anneal.Client("http://127.0.0.1:4000")      # key from ANNEAL_API_KEY, or a file
    sweep = client.create_sweep("demo", "sweep.yaml")      # a dict, a YAML path or YAML text
    sweep.wait(timeout=3600)
    for row in sweep.leaderboard()[:5]:
        print(row["number"], row["status"], row["objective"], row["params"])
    df = sweep.to_dataframe()                              # needs pandas

The key never goes into argv, URLs or error messages: pass it, or set ANNEAL_API_KEY, or point
ANNEAL_API_KEY_FILE (or token_file=) at a file holding it, or let `anneal up`'s saved admin key
($ANNEAL_HOME/admin-key) be found.
"""

import json
import os
import re
import time
import urllib.error
import urllib.request
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from .errors import AnnealError, missing_package

FINAL_STATUSES = ("COMPLETED", "FAILED", "STOPPED")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_TRIAL_FIELDS = "id number status objective params parentTrialId restoreStep createdAt startedAt finishedAt error"
_SWEEP_FIELDS = "id name status statusReason method metricName metricGoal projectId createdAt finishedAt trialCounts { total queued running completed pruned stopped failed }"

ConfigLike = Union[Mapping[str, Any], str, "os.PathLike[str]"]


def _default_server() -> str:
    if os.environ.get("ANNEAL_SERVER"):
        return os.environ["ANNEAL_SERVER"]
    return "http://%s:%s" % (os.environ.get("ANNEAL_HOST") or "127.0.0.1", os.environ.get("ANNEAL_API_PORT") or "4000")


def resolve_token(token: Optional[str] = None, token_file: Optional[str] = None) -> str:
    """The API key: `token`, then `token_file`, ANNEAL_API_KEY, ANNEAL_API_KEY_FILE, then the
    admin key `anneal up` saved in $ANNEAL_HOME (~/.anneal)."""
    home = os.environ.get("ANNEAL_HOME") or os.path.join(os.path.expanduser("~"), ".anneal")
    if token:
        return token.strip()
    if not token_file and os.environ.get("ANNEAL_API_KEY"):
        return os.environ["ANNEAL_API_KEY"].strip()
    for path in (token_file, None if token_file else os.environ.get("ANNEAL_API_KEY_FILE"), os.path.join(home, "admin-key")):
        if path and os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                key = f.read().strip()
            if key:
                return key
    raise AnnealError(
        "NO_API_KEY",
        "no API key: pass token= or token_file=, set ANNEAL_API_KEY or ANNEAL_API_KEY_FILE, or run `anneal up` once (it saves the admin key to %s)"
        % os.path.join(home, "admin-key"),
    )


def config_text(config: ConfigLike) -> str:
    """The sweep config as the API takes it (YAML or JSON text), from a dict, a path or text."""
    if isinstance(config, Mapping):
        return json.dumps(config)
    if isinstance(config, os.PathLike):
        with open(config, encoding="utf-8") as f:
            return f.read()
    if isinstance(config, str):
        # A one-line string naming a file is a path; anything else is the config itself (the API
        # parses YAML, so the text goes as it is and is stored exactly as written).
        if "\n" not in config and os.path.isfile(config):
            with open(config, encoding="utf-8") as f:
                return f.read()
        return config
    raise AnnealError("BAD_ARGUMENT", "config must be a dict, a YAML/JSON file path or YAML/JSON text, got %s" % type(config).__name__)


def _error_from(errors: List[Dict[str, Any]]) -> AnnealError:
    first = errors[0] if errors else {}
    ext = first.get("extensions") or {}
    problems = ext.get("problems") or []
    message = "; ".join(str(e.get("message", "")) for e in errors) or "the API answered with an error"
    return AnnealError(str(ext.get("code") or "API_ERROR"), message, problems, errors)


class Client:
    """A connection to an Anneal API. `server` defaults to ANNEAL_SERVER, else http://127.0.0.1:4000."""

    def __init__(self, server: Optional[str] = None, token: Optional[str] = None, *, token_file: Optional[str] = None, timeout: float = 60.0, page_size: int = 100):
        self.server = (server or _default_server()).rstrip("/")
        self._token = resolve_token(token, token_file)
        self.timeout = timeout
        self.page_size = page_size

    def __repr__(self) -> str:  # the key stays out of logs and tracebacks
        return "anneal.Client(%r)" % self.server

    def graphql(self, query: str, variables: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
        """Runs any GraphQL query or mutation; returns `data`, raises AnnealError for `errors`."""
        body = json.dumps({"query": query, "variables": dict(variables or {})}).encode()
        req = urllib.request.Request(
            self.server + "/graphql",
            data=body,
            headers={"content-type": "application/json", "authorization": "Bearer " + self._token},
            method="POST",
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                raw = res.read()
        except urllib.error.HTTPError as e:
            raw = e.read()  # GraphQL errors may come with 400/401: the body says why
            if not raw:
                raise AnnealError("API_ERROR", "the API at %s answered HTTP %d" % (self.server, e.code)) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise AnnealError("API_UNREACHABLE", "cannot reach the Anneal API at %s (%s); is `anneal up` running?" % (self.server, reason)) from None
        try:
            payload = json.loads(raw.decode("utf-8"))
        except ValueError:
            raise AnnealError("BAD_RESPONSE", "the API at %s answered with something that is not JSON: %r" % (self.server, raw[:200])) from None
        if payload.get("errors"):
            raise _error_from(payload["errors"])
        return payload.get("data") or {}

    # ------------------------------------------------------------------ projects

    def projects(self) -> List[Dict[str, Any]]:
        """Projects you can see: dicts with id, name, createdAt."""
        return self.graphql("{ projects { id name createdAt } }")["projects"]

    def create_project(self, name: str, organization_id: Optional[str] = None) -> Dict[str, Any]:
        data: Dict[str, Any] = {"name": name}
        if organization_id:
            data["organizationId"] = organization_id
        return self.graphql("mutation($i: CreateProjectInput!) { createProject(input: $i) { id name createdAt } }", {"i": data})["createProject"]

    def project_id(self, project: Union[str, Mapping[str, Any]]) -> str:
        """A project's id from its id, its name, or a dict from projects()."""
        if isinstance(project, Mapping):
            return str(project["id"])
        if _UUID.match(project):
            return project
        matches = [p for p in self.projects() if p["name"] == project]
        if not matches:
            raise AnnealError("NOT_FOUND", "no project named %r (create it with create_project)" % project)
        return str(matches[0]["id"])

    # ------------------------------------------------------------------ sweeps and trials

    def create_sweep(self, project: Union[str, Mapping[str, Any]], config: ConfigLike, name: Optional[str] = None) -> "Sweep":
        """Starts a sweep. An invalid config raises AnnealError with code BAD_USER_INPUT and
        .problems listing every problem with its path (config.parameters.lr.min, ...)."""
        data: Dict[str, Any] = {"projectId": self.project_id(project), "config": config_text(config)}
        if name:
            data["name"] = name
        created = self.graphql("mutation($i: CreateSweepInput!) { createSweep(input: $i) { %s } }" % _SWEEP_FIELDS, {"i": data})["createSweep"]
        return Sweep(self, created["id"], created)

    def sweep(self, sweep_id: str) -> "Sweep":
        return Sweep(self, sweep_id)

    def trial(self, trial_id: str) -> "Trial":
        return Trial(self, trial_id)


class Sweep:
    """A sweep by id. `.status` and `.info()` ask the API each time."""

    def __init__(self, client: Client, sweep_id: str, info: Optional[Dict[str, Any]] = None):
        self.client = client
        self.id = sweep_id
        self._info = info

    def __repr__(self) -> str:
        return "anneal.Sweep(%r)" % self.id

    def info(self) -> Dict[str, Any]:
        """id, name, status, statusReason, method, metricName, metricGoal, trialCounts, ..."""
        self._info = self.client.graphql("query($id: ID!) { sweep(id: $id) { %s } }" % _SWEEP_FIELDS, {"id": self.id})["sweep"]
        return self._info

    @property
    def status(self) -> str:
        return str(self.info()["status"])

    def wait(self, timeout: Optional[float] = None, poll: float = 2.0) -> str:
        """Waits until the sweep is COMPLETED, FAILED or STOPPED and returns that status; raises
        AnnealError('TIMEOUT') after `timeout` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            status = self.status
            if status in FINAL_STATUSES:
                return status
            if deadline is not None and time.monotonic() >= deadline:
                raise AnnealError("TIMEOUT", "sweep %s is still %s after %.0f s" % (self.id, status, timeout))
            time.sleep(poll if deadline is None else max(0.0, min(poll, deadline - time.monotonic())))

    def _mutate(self, field: str) -> "Sweep":
        self._info = self.client.graphql("mutation($id: ID!) { %s(id: $id) { %s } }" % (field, _SWEEP_FIELDS), {"id": self.id})[field]
        return self

    def stop(self) -> "Sweep":
        return self._mutate("stopSweep")

    def pause(self) -> "Sweep":
        return self._mutate("pauseSweep")

    def resume(self) -> "Sweep":
        return self._mutate("resumeSweep")

    def trials(self, order_by: str = "NUMBER") -> List[Dict[str, Any]]:
        """Every trial (all pages), as dicts: id, number, status, objective, params, parentTrialId,
        restoreStep, createdAt, startedAt, finishedAt, error. order_by: NUMBER or OBJECTIVE."""
        query = (
            "query($id: ID!, $first: Int!, $after: String, $order: TrialOrder!) { sweep(id: $id) {"
            " trials(first: $first, after: $after, orderBy: $order) { edges { node { %s } } pageInfo { hasNextPage endCursor } } } }" % _TRIAL_FIELDS
        )
        out: List[Dict[str, Any]] = []
        after: Optional[str] = None
        while True:
            page = self.client.graphql(query, {"id": self.id, "first": self.client.page_size, "after": after, "order": order_by})["sweep"]["trials"]
            out.extend(edge["node"] for edge in page["edges"])
            if not page["pageInfo"]["hasNextPage"]:
                return out
            after = page["pageInfo"]["endCursor"]

    def leaderboard(self) -> List[Dict[str, Any]]:
        """Trials best first (the API's OBJECTIVE order; no objective yet: last), as dicts with
        number, status, objective, params (and id)."""
        return [{"number": t["number"], "status": t["status"], "objective": t["objective"], "params": t["params"], "id": t["id"]} for t in self.trials("OBJECTIVE")]

    def to_dataframe(self) -> Any:
        """The leaderboard as a pandas DataFrame, one column per parameter."""
        try:
            import pandas
        except ModuleNotFoundError:
            raise missing_package("Sweep.to_dataframe()", "pandas", "pandas") from None
        return pandas.DataFrame(leaderboard_rows(self.leaderboard()))


def leaderboard_rows(board: Iterable[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """Flat rows: number, status, objective, then each parameter under its dotted name."""
    rows = []
    for row in board:
        flat: Dict[str, Any] = {"number": row["number"], "status": row["status"], "objective": row["objective"]}
        flat.update(_flatten(row.get("params") or {}))
        rows.append(flat)
    return rows


def _flatten(d: Mapping[str, Any], prefix: str = "") -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, Mapping):
            out.update(_flatten(v, prefix + k + "."))
        else:
            out[prefix + k] = v
    return out


class Trial:
    def __init__(self, client: Client, trial_id: str):
        self.client = client
        self.id = trial_id

    def __repr__(self) -> str:
        return "anneal.Trial(%r)" % self.id

    def info(self) -> Dict[str, Any]:
        return self.client.graphql("query($id: ID!) { trial(id: $id) { %s sweepId } }" % _TRIAL_FIELDS, {"id": self.id})["trial"]

    def metrics(self, keys: Optional[Iterable[str]] = None, max_points: Optional[int] = None) -> Dict[str, List[Tuple[int, float]]]:
        """Reported series as {key: [(step, value), ...]} in step order. Long series are
        downsampled by the server to max_points (its default 500, at most 5000), keeping the
        extremes of each bucket and the first and last points."""
        args = "(maxPoints: $max)" if max_points is not None else ""
        query = "query($id: ID!, $keys: [String!]%s) { trial(id: $id) { metrics(keys: $keys) { key points%s { step value } } } }" % (
            ", $max: Int!" if max_points is not None else "",
            args,
        )
        variables: Dict[str, Any] = {"id": self.id, "keys": list(keys) if keys is not None else None}
        if max_points is not None:
            variables["max"] = int(max_points)
        series = self.client.graphql(query, variables)["trial"]["metrics"]
        return {s["key"]: [(p["step"], p["value"]) for p in s["points"]] for s in series}

    def logs(self, last: int = 200) -> List[str]:
        return self.client.graphql("query($id: ID!, $last: Int!) { trial(id: $id) { logs(last: $last) } }", {"id": self.id, "last": last})["trial"]["logs"]
