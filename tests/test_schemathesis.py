"""schemathesis against /openapi.json of a real server: no 5xx, and every answer as the schema says."""

import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from ingest.settings import Settings
from tests.liveserver import live_server

PROJECT = Path(__file__).resolve().parent.parent  # where schemathesis.toml is


@pytest.mark.slow
def test_schemathesis_with_every_check_finds_nothing(corpus_data_dir):
    """The command the README gives, with the server's address filled in, run from the project."""
    cli = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    with live_server(Settings(data_dir=corpus_data_dir, reload_interval=0)) as url:
        # one worker: CPython 3.11's compiler is not thread-safe (gh-106905), and schemathesis compiles
        # hypothesis's lambdas from several threads with --workers 2 ("AST constructor recursion depth mismatch")
        operations = sum(len(methods) for methods in httpx.get(f"{url}/openapi.json").json()["paths"].values())
        result = subprocess.run(
            [cli, "run", f"{url}/openapi.json", "--checks", "all", "--max-examples", "50", "--workers", "1", "--seed", "1"],
            capture_output=True,
            text=True,
            timeout=900,
            cwd=PROJECT,
        )
    summary = result.stdout[-3000:]
    assert result.returncode == 0, summary
    assert "passed" in summary and f"Tested: {operations}" in summary.replace("  ", " ")  # every operation, none skipped
