"""schemathesis against /openapi.json of a real server: no 5xx, and every answer as the schema says."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.settings import Settings
from tests.liveserver import live_server

# The command the README gives, with the server's address filled in.
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_no_schema_violation(corpus_data_dir, tmp_path):
    cli = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    with live_server(Settings(data_dir=corpus_data_dir, reload_interval=0)) as url:
        result = subprocess.run(
            [cli, "run", f"{url}/openapi.json", "--checks", CHECKS, "--max-examples", "50", "--workers", "2", "--seed", "1"],
            capture_output=True,
            text=True,
            timeout=900,
            cwd=tmp_path,
        )
    summary = result.stdout[-3000:]  # 16 operations: 13, and the coverage view as a page, .json and .csv
    assert result.returncode == 0, summary
    assert "passed" in summary and "Tested: 16" in summary.replace("  ", " ")
