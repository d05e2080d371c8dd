"""A PEP 517 build backend for the `anneal` package, standard library only.

Why not setuptools or hatchling: pip builds in an isolated environment and installs the backend
there first, which needs an index. A backend that lives here and requires nothing lets
`pip install --no-deps --no-index ./agent/python` work on a machine with no network (a GPU box).
It packs a pure-Python wheel: the `anneal` package, the `anneal_report` shim, and metadata read
from pyproject.toml.
"""

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "anneal"
MODULES = ["anneal_report.py"]
SKIP = re.compile(r"(__pycache__|\.pyc$|\.pyo$)")


def _project():
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - older Pythons
        tomllib = None
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        text = f.read()
    if tomllib is not None:
        return tomllib.loads(text.decode("utf-8"))["project"]
    return _tiny_toml_project(text.decode("utf-8"))


def _tiny_toml_project(text):
    """The few [project] keys we use, for Pythons without tomllib (3.8-3.10)."""
    project = {"optional-dependencies": {}}
    section = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line.strip("[]")
            continue
        m = re.match(r'^([\w-]+)\s*=\s*(.+)$', line)
        if not m:
            continue
        key, value = m.group(1), m.group(2)
        if section == "project" and value.startswith('"'):
            project[key] = value.strip('"')
        elif section == "project.optional-dependencies":
            project["optional-dependencies"][key] = re.findall(r'"([^"]+)"', value)
    return project


def _files():
    """(path in the wheel, path on disk) of everything that ships."""
    out = []
    for base, dirs, files in os.walk(os.path.join(ROOT, PACKAGE)):
        dirs[:] = sorted(d for d in dirs if not SKIP.search(d))
        for name in sorted(files):
            if SKIP.search(name):
                continue
            full = os.path.join(base, name)
            out.append((os.path.relpath(full, ROOT).replace(os.sep, "/"), full))
    for name in MODULES:
        out.append((name, os.path.join(ROOT, name)))
    return out


def _metadata(project):
    lines = [
        "Metadata-Version: 2.1",
        "Name: %s" % project["name"],
        "Version: %s" % project["version"],
        "Summary: %s" % project.get("description", ""),
        "Requires-Python: %s" % project.get("requires-python", ">=3.8"),
    ]
    for extra, reqs in sorted(project.get("optional-dependencies", {}).items()):
        lines.append("Provides-Extra: %s" % extra)
        for req in reqs:
            lines.append('Requires-Dist: %s; extra == "%s"' % (req, extra))
    return "\n".join(lines) + "\n"


def _dist_info(project):
    return "%s-%s.dist-info" % (project["name"], project["version"])


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (path, digest, len(data))


def _write_wheel(wheel_directory, entries, project):
    name = "%s-%s-py3-none-any.whl" % (project["name"], project["version"])
    info = _dist_info(project)
    entries = list(entries) + [
        (info + "/METADATA", _metadata(project).encode()),
        (info + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: anneal_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
        (info + "/top_level.txt", b"anneal\nanneal_report\n"),
    ]
    record = [_record_line(p, d) for p, d in entries] + [info + "/RECORD,,"]
    entries.append((info + "/RECORD", ("\n".join(record) + "\n").encode()))
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in entries:
            z.writestr(zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0)), data)
    return name


def get_requires_for_build_wheel(config_settings=None):
    return []


get_requires_for_build_sdist = get_requires_for_build_wheel
get_requires_for_build_editable = get_requires_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    entries = []
    for arc, full in _files():
        with open(full, "rb") as f:
            entries.append((arc, f.read()))
    return _write_wheel(wheel_directory, entries, _project())


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # A .pth file puts this folder on sys.path: edits take effect without reinstalling.
    return _write_wheel(wheel_directory, [("anneal_editable.pth", (ROOT + "\n").encode())], _project())


def build_sdist(sdist_directory, config_settings=None):
    project = _project()
    base = "%s-%s" % (project["name"], project["version"])
    name = base + ".tar.gz"
    files = _files() + [("pyproject.toml", os.path.join(ROOT, "pyproject.toml"))]
    files.append(("_build/anneal_build.py", os.path.abspath(__file__)))
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as tar:
        for arc, full in files:
            tar.add(full, arcname=base + "/" + arc)
        data = _metadata(project).encode()
        ti = tarfile.TarInfo(base + "/PKG-INFO")
        ti.size = len(data)
        tar.addfile(ti, io.BytesIO(data))
    return name
