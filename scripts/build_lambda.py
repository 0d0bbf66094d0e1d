"""Build the AWS Lambda deployment package: ``dist/lambda.zip`` and ``dist/lambda/``.

The package holds, at its root:

- ``lambda_function.py`` (the handler ``lambda_function.lambda_handler``),
- the ``skill`` package with its locale data (``skill/locales/*.json``: the
  market files and the language bases they are merged over),
- the Python dependencies of ``pyproject.toml`` that Lambda needs: all of
  them less ``flask``, ``gunicorn`` and ``ask-sdk-webservice-support`` (the
  web service only). boto3 is bundled too, so that the code runs with the
  versions it was tested with rather than whatever the runtime carries.

What we test is what we ship: every dependency is pinned to the version
installed in the build's virtual environment (the one the test suite runs
in), resolved through the installed packages' own requirements (markers
evaluated for the target runtime). Only pure Python wheels are accepted
(``py3-none-any``), so the package runs on x86_64 and arm64 alike and a
compiled dependency fails the build loudly.

The target is the template's ``Runtime`` (python3.13), not the Python that
runs this script: pip is asked for wheels for that version
(``--python-version 3.13 --implementation cp --abi none --platform any
--only-binary=:all:``), so a 3.11 venv builds a correct 3.13 package.

Lambda's ``/var/task`` is read-only, so Python could not cache bytecode
there and would compile every module at each cold start. The package
therefore ships ``__pycache__/*.cpython-313.pyc`` files in *unchecked-hash*
mode (PEP 552): they are valid whatever the files' modification times after
unzipping. Bytecode is specific to a minor version, so it is compiled by an
interpreter of the target version: this one if it is, else ``--python`` /
``$LAMBDA_PYTHON``, ``python3.13`` on the PATH, or pyenv's
``versions/3.13*``. Without one the package ships sources only (correct,
slower cold start) and the build says so loudly.

The installed and compiled dependencies are cached in
``build/lambda-deps/<key>/`` (key: the pins, the target runtime and the
compiling interpreter), with a ready zip of them beside it; a rebuild with
unchanged pins only adds the skill's own files: about a second.

The lockfile ``requirements-lambda.lock`` (``make lock``) holds those pins
with the sha256 of each wheel; the build installs exactly it (``pip
--require-hashes --no-deps``), and refuses when the venv's pins and the
lock differ, so a commit rebuilds the same zip from the same bytes.

Into the package go two generated files: ``skill/release.json`` (version,
commit, the digest and review status of the clinical content, release or
not: skill/release.py; logged at cold start) and ``skill/centre.json``
(the centre's validated 24-hour numbers and team names: skill/centre.py).
``--release`` (``make package RELEASE=1``) refuses a build whose clinical
content was not reviewed by a clinical safety officer on the centre's list,
a tree with uncommitted changes, and placeholders (scripts/release_gate.py).

Usage: python scripts/build_lambda.py [--out dist/lambda.zip] [--dir dist/lambda] [--runtime python3.13]
       [--python PATH] [--release] | --lock
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata as metadata
import json
import os
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
LOCK = ROOT / "requirements-lambda.lock"
if str(ROOT) not in sys.path:  # scripts.* and reports.* when run as a script
    sys.path.insert(0, str(ROOT))
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
    """The Lambda runtime named like this interpreter (the build's own Python)."""
    return f"python{sys.version_info.major}.{sys.version_info.minor}"


def runtime_version(runtime: str) -> tuple[int, int]:
    """``python3.13`` -> ``(3, 13)``."""
    found = re.fullmatch(r"python(\d+)\.(\d+)", runtime)
    if not found:
        raise SystemExit(f"not a Python Lambda runtime: {runtime!r} (expected e.g. python3.13)")
    return int(found[1]), int(found[2])


#: Prints the interpreter's version: "3 13 <sys.version>".
_PROBE = "import sys; print(sys.version_info[0], sys.version_info[1], sys.version.split()[0])"


def probe(python: str) -> tuple[int, int, str] | None:
    """``(major, minor, full version)`` of the interpreter ``python``, or None if it does not run."""
    try:
        result = subprocess.run([python, "-I", "-c", _PROBE], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    parts = result.stdout.split()
    if result.returncode != 0 or len(parts) != 3:
        return None
    return int(parts[0]), int(parts[1]), parts[2]


def _pyenv_candidates(major: int, minor: int) -> list[str]:
    """pyenv's interpreters of that minor version, newest first (no free-threaded builds)."""
    roots = [Path(os.environ["PYENV_ROOT"])] if os.environ.get("PYENV_ROOT") else []
    roots += [Path("~/.pyenv").expanduser(), Path("/root/.pyenv")]
    found: dict[tuple[int, ...], str] = {}
    for root in roots:
        for folder in (root / "versions").glob(f"{major}.{minor}.*"):
            if re.fullmatch(r"\d+\.\d+\.\d+", folder.name) and (folder / "bin" / "python3").exists():
                found.setdefault(tuple(map(int, folder.name.split("."))), str(folder / "bin" / "python3"))
    return [found[v] for v in sorted(found, reverse=True)]


def find_interpreter(runtime: str, explicit: str | None = None) -> str | None:
    """An interpreter of ``runtime``'s version to compile the bytecode with:
    ``explicit`` (or ``$LAMBDA_PYTHON``), which must be of that version;
    else this one if it is; else ``python3.X`` on the PATH, else pyenv's."""
    want = runtime_version(runtime)
    explicit = explicit or os.environ.get("LAMBDA_PYTHON") or None
    if explicit:
        found = probe(explicit)
        if found is None or found[:2] != want:
            raise SystemExit(
                f"{explicit} is not a Python {want[0]}.{want[1]} (found {found}): it cannot compile for {runtime}"
            )
        return explicit
    if sys.version_info[:2] == want:
        return sys.executable
    candidates = [shutil.which(f"python{want[0]}.{want[1]}"), *_pyenv_candidates(*want)]
    for candidate in filter(None, candidates):
        found = probe(candidate)  # a pyenv shim on the PATH may not run: check
        if found is not None and found[:2] == want:
            return candidate
    return None


def template_runtime(template: Path = ROOT / "infrastructure" / "template.yaml") -> str | None:
    """The ``Runtime:`` the SAM template names (a plain-text read: no YAML needed)."""
    if not template.exists():
        return None
    found = re.findall(r"^\s+Runtime:\s*(python3\.\d+)\s*$", template.read_text(encoding="utf-8"), re.M)
    return found[0] if found else None


def lambda_requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[Requirement]:
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    return [r for r in map(Requirement, deps) if canonicalize_name(r.name) not in WEB_ONLY]


def target_environment(runtime: str) -> dict[str, str]:
    """Marker values of the Lambda runtime (Amazon Linux, CPython ``runtime``)."""
    major, minor = runtime_version(runtime)
    return {
        "extra": "", "python_version": f"{major}.{minor}", "python_full_version": f"{major}.{minor}.0",
        "implementation_name": "cpython", "platform_python_implementation": "CPython",
        "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
    }


def pinned_closure(requirements: list[Requirement], runtime: str | None = None) -> list[str]:
    """``name==version`` for the requirements and everything they need, as
    installed in this environment (markers evaluated for the target runtime,
    by default this interpreter)."""
    environment = target_environment(runtime) if runtime else {"extra": ""}
    pins: dict[str, str] = {}
    todo = list(requirements)
    while todo:
        req = todo.pop()
        if req.marker is not None and not req.marker.evaluate(environment):
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


#: Run by the target interpreter: compile argv[1] as if it were at argv[2].
_COMPILE = (
    "import compileall, py_compile, sys; sys.exit(0 if compileall.compile_dir("
    "sys.argv[1], quiet=2, workers=0, ddir=sys.argv[2], "
    "invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH) else 1)"
)


def _compile(folder: Path, python: str | None) -> None:
    """Compile with ``python`` (an interpreter of the target version; None:
    no bytecode) and the paths the files have on Lambda (``/var/task/...``):
    tracebacks read right, and the bytes do not depend on a temp dir's name."""
    if python is None:
        return
    # Old escapes in the SDK's docstrings: SyntaxWarnings since 3.12, harmless.
    command = [python, "-I", "-W", "ignore::SyntaxWarning", "-c", _COMPILE, str(folder), LAMBDA_TASK_ROOT]
    result = subprocess.run(command)
    if result.returncode != 0:
        raise SystemExit(f"bytecode compilation by {python} failed in {folder}")


def _zip_folder(folder: Path, zf: zipfile.ZipFile) -> None:
    """Add ``folder``'s files in sorted order with fixed dates and modes."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16  # readable by Lambda's sandbox user
        zf.writestr(info, path.read_bytes(), compresslevel=6)


LOCK_HEADER = (
    "# The Lambda package's dependencies, pinned to the venv the suite runs in, with the sha256 of each\n"
    "# pure-Python wheel. Generated by `make lock` (scripts/build_lambda.py --lock): do not edit.\n"
    "# `make package` installs exactly these (pip --require-hashes --no-deps). Target: {runtime}.\n"
)


def _pip_target(runtime: str) -> list[str]:
    major, minor = runtime_version(runtime)
    return ["--only-binary=:all:", "--implementation", "cp", "--abi", "none", "--platform", "any",
            "--python-version", f"{major}.{minor}"]


def write_lock(pins: list[str], runtime: str, lock: Path = LOCK, log=print) -> str:
    """Download the pinned wheels for ``runtime`` and write their hashes to ``lock``."""
    with tempfile.TemporaryDirectory(prefix="lock-") as tmp:
        pip = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
               "--dest", tmp, *_pip_target(runtime), *pins]
        subprocess.run(pip, check=True)
        wheels = {}
        for wheel in Path(tmp).glob("*.whl"):
            name = canonicalize_name(wheel.name.split("-")[0])
            wheels.setdefault(name, []).append(hashlib.sha256(wheel.read_bytes()).hexdigest())
    lines = [LOCK_HEADER.format(runtime=runtime)]
    for pin in pins:
        name = canonicalize_name(pin.split("==")[0])
        if name not in wheels:
            raise SystemExit(f"no wheel downloaded for {pin}")
        hashes = " ".join(f"--hash=sha256:{h}" for h in sorted(wheels[name]))
        lines.append(f"{pin} {hashes}\n")
    text = "".join(lines)
    lock.write_text(text, encoding="utf-8")
    log(f"wrote {lock.name}: {len(pins)} pins with hashes, for {runtime}")
    return text


def read_lock(lock: Path = LOCK) -> tuple[list[str], str]:
    """The pins of the lockfile, and its text; refuses a missing one or a pin without a hash."""
    if not lock.exists():
        raise SystemExit(f"{lock.name} is missing: run `make lock`")
    text = lock.read_text(encoding="utf-8")
    pins = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            pin, _, hashes = line.partition(" ")
            if "--hash=sha256:" not in hashes:
                raise SystemExit(f"{lock.name}: {pin} has no hash")
            pins.append(pin)
    return pins, text


def locked_pins(pins: list[str], runtime: str, lock: Path = LOCK) -> str:
    """The lock's text, after checking it pins exactly what the venv has."""
    locked, text = read_lock(lock)
    if locked != pins or f"Target: {runtime}." not in text:
        changed = sorted(set(locked) ^ set(pins))
        raise SystemExit(f"{lock.name} does not match the venv the suite runs in ({', '.join(changed) or runtime}):"
                         " run `make lock` and commit it")
    return text


def dependencies(pins: list[str], cache: Path, log=print, runtime: str | None = None,
                 python: str | None = None, lock: Path | None = None) -> Path:
    """The dependencies for ``pins``, installed for ``runtime`` and compiled by
    ``python`` (None: sources only), cached under a key of all three. With
    ``lock``, exactly its wheels, their hashes checked."""
    runtime = runtime or runtime_name()
    major, minor = runtime_version(runtime)
    compiler = probe(python) if python else None
    if python and compiler is None:
        raise SystemExit(f"{python} does not run")
    compiled_by = f"compiled by {compiler[2]}" if compiler else "sources only"
    locked = lock.read_text(encoding="utf-8") if lock else ""
    key = hashlib.sha256("\n".join([runtime, compiled_by, *pins, locked]).encode()).hexdigest()[:16]
    folder = cache / key
    if (folder / ".complete").exists():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    for stale in cache.iterdir():  # one cached set at a time
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    work = Path(tempfile.mkdtemp(prefix="deps-", dir=cache))
    log(f"installing {len(pins)} pinned dependencies for {runtime} (pure-Python wheels only)")
    requirements = ["--require-hashes", "--no-deps", "-r", str(lock)] if lock else pins
    pip = [
        sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "--target", str(work), "--no-compile", *_pip_target(runtime), *requirements,
    ]
    subprocess.run(pip, check=True)
    for name in DROP_TOP_LEVEL:
        shutil.rmtree(work / name, ignore_errors=True)
    compiled = [p for p in work.rglob("*") if p.suffix in (".so", ".pyd", ".dylib")]
    if compiled:
        raise SystemExit(f"compiled files in the dependencies (the package must be pure Python): {compiled[:5]}")
    _compile(work, python)
    with zipfile.ZipFile(work.with_suffix(".zip"), "w") as zf:
        _zip_folder(work, zf)
    (work / ".complete").write_text("\n".join(pins) + "\n")
    work.rename(folder)
    work.with_suffix(".zip").rename(folder.with_suffix(".zip"))
    return folder


def _own_files(stage: Path, python: str | None, generated: dict[str, bytes] | None = None) -> None:
    """``lambda_function.py`` and the ``skill`` package: its sources and every
    data file in it, and the ``generated`` files (path -> bytes)."""
    shutil.copy2(ROOT / "lambda" / "lambda_function.py", stage / "lambda_function.py")
    for path in sorted((ROOT / "skill").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            target = stage / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    for relative, data in (generated or {}).items():
        (stage / relative).write_bytes(data)
    _compile(stage, python)


NO_BYTECODE = (
    "WARNING: no Python {version} found to compile the bytecode: the package ships sources only "
    "and every cold start compiles them (slower). Install Python {version} or name it: "
    "LAMBDA_PYTHON=/path/to/python{version} make package"
)


def generated_files(release: bool = False) -> tuple[dict[str, bytes], dict]:
    """``skill/release.json`` and ``skill/centre.json`` for the package, and
    the stamp; with ``release``, refuse what may not go live."""
    from scripts import centre_config, release_gate

    try:
        centre = centre_config.load()
    except centre_config.ConfigError as e:
        raise SystemExit(f"centre config: {e}") from None
    stamp = release_gate.stamp(centre, release)
    if release:
        problems = release_gate.release_problems(centre, release_gate.clinical_state(centre), stamp["commit"])
        if problems:
            raise SystemExit("refusing a release build:\n  " + "\n  ".join(problems))

    def as_json(value: dict) -> bytes:
        return (json.dumps(value, indent=1, sort_keys=True) + "\n").encode()

    files = {"skill/release.json": as_json(stamp),
             "skill/centre.json": as_json(centre_config.runtime_markets(centre))}
    return files, stamp


def build(out: Path, folder: Path | None = None, cache: Path = ROOT / "build" / "lambda-deps", log=print,
          runtime: str | None = None, python: str | None = None, release: bool = False) -> dict:
    """Write ``out`` (the zip) and, if given, ``folder`` (the same files
    unpacked) for ``runtime`` (default: the template's), the bytecode
    compiled by ``python`` (default: :func:`find_interpreter`). ``release``:
    refuse unless the build may go live (scripts/release_gate.py)."""
    started = time.monotonic()
    runtime = runtime or template_runtime() or runtime_name()
    python = python or find_interpreter(runtime)
    if python is None:
        print(NO_BYTECODE.format(version=runtime.removeprefix("python")), file=sys.stderr)
    pins = pinned_closure(lambda_requirements(), runtime)
    locked_pins(pins, runtime)
    generated, stamp = generated_files(release)
    deps = dependencies(pins, cache, log, runtime, python, lock=LOCK)
    with tempfile.TemporaryDirectory(prefix="lambda-own-") as tmp:
        own = Path(tmp)
        _own_files(own, python, generated)
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
        "runtime": runtime,
        "bytecode": python,
        "pins": pins,
        "stamp": stamp,
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
        "seconds": round(time.monotonic() - started, 1),
    }
    compiled = f"bytecode by {python}" if python else "no bytecode"
    log(f"built {out} ({size / 2**20:.1f} MiB, {len(pins)} dependencies, {runtime}, {compiled})"
        f" in {report['seconds']} s\n  version {stamp['version']}, commit {stamp['commit']}, clinical content"
        f" {stamp['fingerprint']} ({stamp['review']}), {'RELEASE' if release else 'not for release'};"
        f" sha256 {report['sha256'][:16]}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "lambda.zip")
    parser.add_argument("--dir", type=Path, default=None, help="also unpack the package here (ASK CLI code src)")
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "lambda-deps")
    parser.add_argument("--runtime", default=None, help="the Lambda runtime to build for (default: the template's)")
    parser.add_argument("--python", default=None,
                        help="an interpreter of the runtime's version to compile the bytecode (default: found)")
    parser.add_argument("--json", action="store_true", help="print the build report as JSON")
    parser.add_argument("--release", action="store_true",
                        help="refuse unless the clinical content was reviewed by a clinical safety officer")
    parser.add_argument("--lock", action="store_true", help=f"write {LOCK.name} from the venv's pins and exit")
    args = parser.parse_args(argv)
    runtime = args.runtime or template_runtime() or runtime_name()
    if args.lock:
        write_lock(pinned_closure(lambda_requirements(), runtime), runtime)
        return 0
    quiet = (lambda *_: None) if args.json else print
    report = build(args.out, args.dir, args.cache, log=quiet, runtime=runtime,
                   python=find_interpreter(runtime, args.python), release=args.release)
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
