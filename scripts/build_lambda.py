"""Build the AWS Lambda deployment package: ``dist/lambda.zip`` and ``dist/lambda/``.

The package holds, at its root:

- ``lambda_function.py`` (the handler ``lambda_function.lambda_handler``),
- the ``skill`` package with its locale data (``skill/locales/*.json``),
- the Python dependencies of ``pyproject.toml`` that Lambda needs: all of
  them less ``flask``, ``gunicorn`` and ``ask-sdk-webservice-support`` (the
  web service only). boto3 is bundled too, so that the code runs with the
  versions it was tested with rather than whatever the runtime carries.

What we test is what we ship: every dependency is pinned to the version
installed in the build's virtual environment (the one the test suite runs
in), resolved through the installed packages' own requirements. Only pure
Python wheels are accepted (``py3-none-any``), so the package runs on
x86_64 and arm64 alike and a compiled dependency fails the build loudly.

Lambda's ``/var/task`` is read-only, so Python could not cache bytecode
there and would compile every module at each cold start. The package
therefore ships ``__pycache__/*.cpython-3XX.pyc`` files compiled by this
interpreter in *unchecked-hash* mode (PEP 552): they are valid whatever
the files' modification times after unzipping. That ties the package to the
interpreter's minor version: the template's ``Runtime`` must name it
(``--runtime`` checks, ``tests/test_deploy_lambda_package.py`` too).

The installed and compiled dependencies are cached in
``build/lambda-deps/<key>/`` (key: the pins and the interpreter), with a
ready zip of them beside it; a rebuild with unchanged pins only adds the
skill's own files: about a second.

Usage: python scripts/build_lambda.py [--out dist/lambda.zip] [--dir dist/lambda] [--runtime python3.11]
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import importlib.metadata as metadata
import json
import os
import py_compile
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
#: Used by the web service only; Lambda never imports them.
WEB_ONLY = {"flask", "gunicorn", "gevent", "ask-sdk-webservice-support"}
#: A fixed date for every zip entry: the same sources give the same zip.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)
#: Lambda's limit for a zip uploaded directly (larger ones go through S3).
DIRECT_UPLOAD_LIMIT = 50 * 1024 * 1024
#: Where Lambda unpacks the package.
LAMBDA_TASK_ROOT = "/var/task"
#: Not needed at run time: pip's console scripts and their caches.
DROP_TOP_LEVEL = {"bin", "__pycache__"}


def runtime_name() -> str:
    return f"python{sys.version_info.major}.{sys.version_info.minor}"


def template_runtime(template: Path = ROOT / "infrastructure" / "template.yaml") -> str | None:
    """The ``Runtime:`` the SAM template names (a plain-text read: no YAML needed)."""
    if not template.exists():
        return None
    found = re.findall(r"^\s+Runtime:\s*(python3\.\d+)\s*$", template.read_text(encoding="utf-8"), re.M)
    return found[0] if found else None


def lambda_requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[Requirement]:
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    return [r for r in map(Requirement, deps) if canonicalize_name(r.name) not in WEB_ONLY]


def pinned_closure(requirements: list[Requirement]) -> list[str]:
    """``name==version`` for the requirements and everything they need, as
    installed in this environment (markers evaluated for this interpreter)."""
    pins: dict[str, str] = {}
    todo = list(requirements)
    while todo:
        req = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        name = canonicalize_name(req.name)
        if name in pins:
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            raise SystemExit(f"{req.name} is not installed in {sys.prefix}: run `make setup` first") from None
        if not req.specifier.contains(dist.version, prereleases=True):
            raise SystemExit(f"installed {req.name} {dist.version} does not satisfy {req}: run `make setup`")
        pins[name] = dist.version
        todo.extend(Requirement(r) for r in dist.requires or [])
    return [f"{name}=={version}" for name, version in sorted(pins.items())]


def _compile(folder: Path) -> None:
    """Compile with the paths the files have on Lambda (``/var/task/...``):
    tracebacks read right, and the bytes do not depend on a temp dir's name."""
    ok = compileall.compile_dir(
        str(folder), quiet=2, workers=0, ddir=LAMBDA_TASK_ROOT,
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
    if not ok:
        raise SystemExit(f"bytecode compilation failed in {folder}")


def _zip_folder(folder: Path, zf: zipfile.ZipFile) -> None:
    """Add ``folder``'s files in sorted order with fixed dates and modes."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16  # readable by Lambda's sandbox user
        zf.writestr(info, path.read_bytes(), compresslevel=6)


def dependencies(pins: list[str], cache: Path, log=print) -> Path:
    """The installed, compiled dependencies for ``pins`` (cached)."""
    key = hashlib.sha256("\n".join([sys.version, *pins]).encode()).hexdigest()[:16]
    folder = cache / key
    if (folder / ".complete").exists():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    for stale in cache.iterdir():  # one cached set at a time
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    work = Path(tempfile.mkdtemp(prefix="deps-", dir=cache))
    log(f"installing {len(pins)} pinned dependencies (pure-Python wheels only)")
    pip = [
        sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "--target", str(work), "--no-compile", "--only-binary=:all:",
        "--implementation", "py", "--abi", "none", "--platform", "any",
        "--python-version", f"{sys.version_info.major}.{sys.version_info.minor}",
        *pins,
    ]
    subprocess.run(pip, check=True)
    for name in DROP_TOP_LEVEL:
        shutil.rmtree(work / name, ignore_errors=True)
    compiled = [p for p in work.rglob("*") if p.suffix in (".so", ".pyd", ".dylib")]
    if compiled:
        raise SystemExit(f"compiled files in the dependencies (the package must be pure Python): {compiled[:5]}")
    _compile(work)
    with zipfile.ZipFile(work.with_suffix(".zip"), "w") as zf:
        _zip_folder(work, zf)
    (work / ".complete").write_text("\n".join(pins) + "\n")
    work.rename(folder)
    work.with_suffix(".zip").rename(folder.with_suffix(".zip"))
    return folder


def _own_files(stage: Path) -> None:
    """``lambda_function.py`` and the ``skill`` package: its sources and every data file in it."""
    shutil.copy2(ROOT / "lambda" / "lambda_function.py", stage / "lambda_function.py")
    for path in sorted((ROOT / "skill").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            target = stage / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    _compile(stage)


def build(out: Path, folder: Path | None = None, cache: Path = ROOT / "build" / "lambda-deps", log=print) -> dict:
    """Write ``out`` (the zip) and, if given, ``folder`` (the same files unpacked)."""
    started = time.monotonic()
    pins = pinned_closure(lambda_requirements())
    deps = dependencies(pins, cache, log)
    with tempfile.TemporaryDirectory(prefix="lambda-own-") as tmp:
        own = Path(tmp)
        _own_files(own)
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_suffix(".zip.partial")
        shutil.copyfile(deps.with_suffix(".zip"), partial)
        with zipfile.ZipFile(partial, "a") as zf:
            _zip_folder(own, zf)
        partial.replace(out)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(deps, folder, ignore=shutil.ignore_patterns(".complete"))
            shutil.copytree(own, folder, dirs_exist_ok=True)
    size = out.stat().st_size
    if size > DIRECT_UPLOAD_LIMIT:
        raise SystemExit(f"{out} is {size / 2**20:.1f} MiB: over Lambda's 50 MiB direct upload limit")
    report = {
        "zip": str(out),
        "bytes": size,
        "runtime": runtime_name(),
        "pins": pins,
        "seconds": round(time.monotonic() - started, 1),
    }
    log(f"built {out} ({size / 2**20:.1f} MiB, {len(pins)} dependencies, {runtime_name()}) in {report['seconds']} s")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "lambda.zip")
    parser.add_argument("--dir", type=Path, default=None, help="also unpack the package here (ASK CLI code src)")
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "lambda-deps")
    parser.add_argument("--runtime", default=None, help="the Lambda runtime to build for (default: the template's)")
    parser.add_argument("--json", action="store_true", help="print the build report as JSON")
    args = parser.parse_args(argv)
    runtime = args.runtime or template_runtime() or runtime_name()
    if runtime != runtime_name():
        raise SystemExit(
            f"the Lambda runtime is {runtime} but this is {runtime_name()}: the bytecode would not match. "
            f"Build with a {runtime} interpreter (PYTHON={runtime} make setup package)."
        )
    quiet = (lambda *_: None) if args.json else print
    report = build(args.out, args.dir, args.cache, log=quiet)
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
