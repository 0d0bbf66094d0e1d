"""Lambda's cold start stays light (issue 13): its import at most 1.5x a
hello-world ASK SDK skill's (bench/hello_world.py: same SDK, same store),
measured in the same run as a ratio, fastest of a few fresh interpreters
each (the least disturbed by a busy machine); and what only some requests
need is not imported up front."""

import os
import subprocess
import sys

from bench.run import IMPORT_TARGET, cold_start
from tests.conftest import ROOT


def test_lambdas_import_is_at_most_1_5x_a_hello_world_skills(tmp_path):
    results = cold_start(tmp_path, runs=5)
    ours, hello = min(results["ours"]["import"]), min(results["hello"]["import"])
    assert ours / hello <= IMPORT_TARGET, f"import {ours:.0f} ms vs hello world {hello:.0f} ms"


def test_service_clients_and_other_stores_are_imported_only_when_used(tmp_path):
    code = ("import sys, runpy; runpy.run_path('lambda/lambda_function.py');"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'requests', 'boto3', 'botocore', "
            "'ask_sdk_dynamodb', 'urllib3'}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "SKILL_STORE": f"sqlite:///{tmp_path}/s.db",
                                 "SKILL_ID": "amzn1.ask.skill.0a"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
