"""The Lambda zip (``make package``) holds everything the skill needs, and
nothing from this machine: unpacked alone, in a fresh interpreter that sees
no site-packages, it answers a whole conversation.

The zip targets the template's runtime (python3.13) whatever Python runs the
suite: its wheels are for that version, its bytecode compiled by an
interpreter of that version, and the conversation runs under that
interpreter when the machine has one (pyenv's, on ours and CI's)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from skill.envelopes import Device
from tests.conftest import Talk, lambda_transport_for

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ("emergency", "urgent", "soon", "routine")
WEB_ONLY_MODULES = ("flask", "werkzeug", "gunicorn", "ask_sdk_webservice_support", "oscrypto", "cryptography")

pytestmark = pytest.mark.slow  # builds the zip: a few seconds, ~15 s with a cold pip cache


def _build_module():
    spec = importlib.util.spec_from_file_location("build_lambda", ROOT / "scripts" / "build_lambda.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build_lambda():
    return _build_module()


@pytest.fixture(scope="module")
def runtime(build_lambda) -> str:
    """The template's Lambda runtime, e.g. ``python3.13``."""
    return build_lambda.template_runtime()


@pytest.fixture(scope="module")
def runtime_python(build_lambda, runtime) -> str | None:
    """An interpreter of the runtime's version (this one, python3.X on the PATH, pyenv's), or None."""
    return build_lambda.find_interpreter(runtime)


@pytest.fixture(scope="module")
def package(build_lambda, tmp_path_factory) -> Path:
    """The zip, built exactly as ``make package`` builds it (into a temp dir)."""
    out = tmp_path_factory.mktemp("dist") / "lambda.zip"
    build_lambda.build(out, log=lambda *_: None)
    return out


@pytest.fixture(scope="module")
def task_root(package, tmp_path_factory) -> Path:
    """The zip unpacked, as Lambda unpacks it into /var/task."""
    folder = tmp_path_factory.mktemp("var-task")
    with zipfile.ZipFile(package) as zf:
        zf.extractall(folder)
    return folder


# A conversation driven through lambda_handler, run by a fresh interpreter
# with -I -S: no site-packages, no PYTHONPATH, no current directory.
DRIVER = r"""
import json, os, sys, time
root = sys.argv[1]
sys.path.insert(0, root)
started = time.perf_counter()
import lambda_function
from skill.envelopes import Device
device = Device(skill_id=os.environ.get("SKILL_ID") or Device().skill_id)
def send(envelope):
    return device.absorb(json.loads(json.dumps(lambda_function.lambda_handler(json.loads(json.dumps(envelope)), None))))
reply = send(device.launch())
first = time.perf_counter() - started
turns = [reply["response"]["outputSpeech"]["ssml"]]
while (reply.get("sessionAttributes") or {}).get("triage", {}).get("question"):
    reply = send(device.intent("AMAZON.NoIntent"))
    turns.append(reply["response"]["outputSpeech"]["ssml"])
stdlib = (os.path.realpath(sys.base_prefix), os.path.realpath(sys.base_exec_prefix))
foreign = sorted({
    name for name, module in list(sys.modules.items())
    if getattr(module, "__file__", None)
    and not os.path.realpath(module.__file__).startswith((os.path.realpath(root) + os.sep, *stdlib))
})
try:
    import flask  # noqa
    flask_importable = True
except ImportError:
    flask_importable = False
print(json.dumps({
    "turns": turns,
    "urgency": (reply.get("sessionAttributes") or {}).get("triage", {}).get("urgency"),
    "foreign_modules": foreign,
    "flask_importable": flask_importable,
    "site_packages_on_path": [p for p in sys.path if "site-packages" in p],
    "ask_sdk_core": __import__("ask_sdk_core").__file__,
    "first_reply_seconds": first,
}))
"""


def run_in_package(task_root: Path, tmp_path: Path, python: str | None, **env: str) -> dict:
    """Run DRIVER under ``python`` (the runtime's version), or, without one,
    under this interpreter with -B: the package's bytecode is not its own."""
    clean_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "LANG": "C.UTF-8", **env}
    command = [python, "-I", "-S"] if python else [sys.executable, "-B", "-I", "-S"]
    result = subprocess.run(
        [*command, "-c", DRIVER, str(task_root)],
        cwd=tmp_path, env=clean_env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_the_zip_has_the_handler_at_its_root_and_the_skill_with_its_locale_data(package):
    names = set(zipfile.ZipFile(package).namelist())
    assert "lambda_function.py" in names
    assert "skill/__init__.py" in names and "skill/alexa/builder.py" in names
    data = sorted(p.name for p in (ROOT / "skill" / "locales").glob("*.json"))  # the bases (en.json) too
    assert "en.json" in data and "en-GB.json" in data
    assert all(f"skill/locales/{name}" in names for name in data)
    for module in ("ask_sdk_core", "ask_sdk_model", "ask_sdk_dynamodb", "boto3", "botocore"):
        assert f"{module}/__init__.py" in names, module


def test_the_zip_leaves_out_the_web_service_and_anything_compiled(package):
    names = zipfile.ZipFile(package).namelist()
    tops = {n.split("/")[0] for n in names}
    assert not tops & set(WEB_ONLY_MODULES), tops & set(WEB_ONLY_MODULES)
    assert not [n for n in names if n.endswith((".so", ".pyd", ".dylib"))], "the package must be pure Python"
    assert "bin" not in tops


def test_the_zip_fits_a_direct_upload_and_is_reproducible(build_lambda, package, tmp_path):
    assert package.stat().st_size < build_lambda.DIRECT_UPLOAD_LIMIT
    again = tmp_path / "again.zip"
    build_lambda.build(again, log=lambda *_: None)
    assert again.read_bytes() == package.read_bytes()


def test_the_zip_ships_bytecode_valid_whatever_the_file_dates(package, build_lambda, runtime, runtime_python):
    """Lambda's /var/task is read-only: without valid .pyc files every cold
    start would compile every module. Unchecked-hash .pyc (PEP 552) stay
    valid after unzipping with any modification times. They are compiled by
    an interpreter of the runtime's version; a machine without one builds a
    package of sources only (and says so), never bytecode for another Python."""
    major, minor = build_lambda.runtime_version(runtime)
    tag = f"cpython-{major}{minor}"
    with zipfile.ZipFile(package) as zf:
        others = [n for n in zf.namelist() if n.endswith(".pyc") and f".{tag}." not in n]
        assert others == [], f"bytecode for another Python: {others[:3]}"
        if runtime_python is None:
            assert not [n for n in zf.namelist() if n.endswith(".pyc")]
            return
    magic = subprocess.run(
        [runtime_python, "-I", "-c", "import importlib.util, sys; sys.stdout.write(importlib.util.MAGIC_NUMBER.hex())"],
        capture_output=True, text=True, check=True,
    ).stdout
    with zipfile.ZipFile(package) as zf:
        sources = [n for n in zf.namelist() if n.endswith(".py")]
        pycs = set(n for n in zf.namelist() if n.endswith(".pyc"))
        for source in ("lambda_function.py", "skill/alexa/handlers.py", "ask_sdk_model/request_envelope.py"):
            folder, _, name = source.rpartition("/")
            pyc = f"{folder + '/' if folder else ''}__pycache__/{name[:-3]}.{tag}.pyc"
            assert pyc in pycs, pyc
            header = zf.read(pyc)[:16]
            assert header[:4].hex() == magic, f"compiled for another Python than {runtime}"
            assert int.from_bytes(header[4:8], "little") == 0b01, "not an unchecked-hash pyc"
        assert len(pycs) >= 0.95 * len(sources)


def test_the_zip_is_built_for_the_template_runtime_whatever_python_builds_it(build_lambda, package, runtime):
    """The template names a supported runtime, and every wheel in the zip
    installs on it (pure Python: ``py3``/``cp3XX``/``abi3`` tags, platform
    ``any``), whichever Python runs the build."""
    from packaging.tags import Tag, compatible_tags, cpython_tags

    assert runtime == "python3.13"
    assert build_lambda.template_runtime() == runtime
    major, minor = build_lambda.runtime_version(runtime)
    supported = set(cpython_tags((major, minor), platforms=["any"])) | set(
        compatible_tags((major, minor), f"cp{major}{minor}", platforms=["any"])
    )
    with zipfile.ZipFile(package) as zf:
        wheels = [n for n in zf.namelist() if n.endswith(".dist-info/WHEEL")]
        assert len(wheels) >= 10, wheels
        for wheel in wheels:
            tags = [line.split(":", 1)[1].strip() for line in zf.read(wheel).decode().splitlines()
                    if line.startswith("Tag:")]
            assert tags, wheel
            assert any(Tag(*tag.split("-")) in supported for tag in tags), (wheel, tags)


def test_the_build_pins_for_the_target_runtime_not_the_build_interpreter(build_lambda, monkeypatch):
    """Markers are evaluated for the target: a requirement only for Pythons
    older than 3.12 is left out of a python3.13 build even when 3.11 builds."""
    from packaging.requirements import Requirement

    env = build_lambda.target_environment("python3.13")
    assert env["python_version"] == "3.13"
    assert not Requirement('tomli; python_version < "3.12"').marker.evaluate(env)
    assert build_lambda.runtime_version("python3.13") == (3, 13)
    with pytest.raises(SystemExit):
        build_lambda.runtime_version("nodejs20.x")
    # An interpreter named for the bytecode must be of the runtime's version.
    if sys.version_info[:2] != (3, 13):
        with pytest.raises(SystemExit, match="is not a Python 3.13"):
            build_lambda.find_interpreter("python3.13", sys.executable)


def test_the_unpacked_zip_alone_answers_a_whole_conversation(task_root, tmp_path, monkeypatch, runtime_python):
    before = files_under(task_root)
    result = run_in_package(
        task_root, tmp_path, runtime_python,
        SKILL_STORE=f"sqlite:///{tmp_path}/x.db", SKILL_ID="amzn1.ask.skill.0a-bb",
    )
    assert result["site_packages_on_path"] == []
    assert result["foreign_modules"] == [], "imported from outside the package"
    assert result["ask_sdk_core"].startswith(str(task_root))
    assert not result["flask_importable"]
    turns = result["turns"]
    assert "Welcome" in turns[0] and len(turns) > 5
    assert result["urgency"] in LEVELS
    # The same conversation through the repository's lambda entry says the same.
    talk = Talk(lambda_transport_for(monkeypatch, f"sqlite:///{tmp_path}/repo.db"), Device())
    talk.open()
    said = [talk.ssml]
    while talk.triage.get("question"):
        said.append(talk.answer("no").ssml)
    assert said == turns
    # Nothing was written into the package: every module came from its .pyc.
    assert files_under(task_root) == before
    assert (tmp_path / "x.db").exists()


def test_the_unpacked_zip_keeps_records_in_dynamodb_with_its_own_boto3(task_root, tmp_path, dynamo_store,
                                                                         runtime_python):
    result = run_in_package(
        task_root, tmp_path, runtime_python, SKILL_STORE=dynamo_store, SKILL_RETAIN_ANSWERS="on",
        AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
    )
    assert result["foreign_modules"] == []
    assert result["urgency"] in LEVELS and len(result["turns"]) > 5


def test_make_package_builds_the_zip_where_the_template_expects_it():
    makefile = (ROOT / "Makefile").read_text()
    assert "\npackage:" in makefile and "scripts/build_lambda.py" in makefile
    template = (ROOT / "infrastructure" / "template.yaml").read_text()
    assert "CodeUri: ../dist/lambda.zip" in template

