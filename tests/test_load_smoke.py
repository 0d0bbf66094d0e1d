"""A short smoke of the load test (``make load`` runs the full one)."""

from bench.load import main


def test_a_short_load_run_has_no_error_and_loses_no_finished_check(capsys):
    assert main(["--users", "8", "--seconds", "4", "--workers", "3"]) == 0
    out = capsys.readouterr().out
    assert "errors: 0" in out and "(lost: 0)" in out
