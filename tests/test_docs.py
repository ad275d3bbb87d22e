"""The documentation holds: every command has help and is in the README, and its examples run."""

import os
import re
import subprocess
import sys
import textwrap

import pytest
from typer.testing import CliRunner

from api.cli import app
from ingest.settings import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text()
COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands]


def test_there_are_commands():
    assert set(COMMANDS) >= {"ingest", "serve", "search", "query"}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_documented(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "--data-dir" in result.output
    assert f"rskg {command}" in README


def test_readme_install_pins_cpu_torch_before_the_project():
    for line in [line for line in README.splitlines() if "pip install -e" in line]:
        assert line.index("torch==2.13.0") < line.index("pip install -e")


def test_the_configuration_reference_lists_every_setting_as_it_is():
    result = CliRunner().invoke(app, ["settings", "--markdown"])
    assert result.exit_code == 0
    rows = [line for line in result.output.splitlines() if line.startswith("| `RSKG_")]
    assert len(rows) >= 30
    missing = [row for row in rows if row not in README]
    assert not missing, "run `rskg settings --markdown` and paste its table into the README's configuration reference"


def readme_section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end]


def code_blocks(text: str, language: str) -> list[str]:
    return [textwrap.dedent(block) for block in re.findall(rf"^[ ]*```{language}\n(.*?)^[ ]*```", text, re.S | re.M)]


def test_the_sidecar_example_is_a_valid_sidecar(tmp_path):
    from ingest.manifest import entry_for

    (sidecar,) = code_blocks(readme_section("Adding your own documents"), "toml")
    (tmp_path / "report.pdf.toml").write_text(sidecar)
    entry = entry_for(tmp_path / "report.pdf")
    assert entry.jurisdiction == "Netherlands" and entry.source.startswith("https://") and entry.date == "2022-01"


@pytest.mark.slow
def test_the_adding_your_own_documents_example_runs(tmp_path):
    (script,) = code_blocks(readme_section("Adding your own documents"), "bash")
    shell = f'rskg() {{ "{sys.executable}" -m api.cli "$@"; }}\n{script}'  # this checkout's rskg, whatever is installed
    env = {**os.environ, "RSKG_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(PROJECT_ROOT)}
    run = subprocess.run(["bash", "-eu", "-c", shell], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "added     safeguarding (my-guidance/safeguarding.txt)" in run.stdout
    assert "source: https://science.gc.ca/site/science/en/safeguarding-your-research" in run.stdout
    assert "ok: registry: 1 documents" in run.stdout


def readme_curl_commands() -> list[str]:
    """Every curl command of the README's bash blocks, continuation lines joined."""
    readme = (PROJECT_ROOT / "README.md").read_text()
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", readme, re.S):
        for command in block.replace("\\\n", " ").splitlines():
            if command.strip().startswith("curl "):
                commands.append(command.split("  #")[0].strip())
    return commands


def test_the_readme_curl_examples_run_against_a_real_server(corpus_data_dir, tmp_path):
    """Each curl line of the README, against `rskg serve`, fails on no HTTP error (curl --fail)."""
    from tests.liveserver import served

    commands = readme_curl_commands()
    assert len(commands) >= 4
    (tmp_path / "ontology").symlink_to(PROJECT_ROOT / "ontology")
    with served(corpus_data_dir) as (url, _):
        for command in commands:
            run = command.replace("http://127.0.0.1:8000", url).replace("curl ", "curl --fail --silent --show-error ", 1)
            done = subprocess.run(["bash", "-c", run], cwd=tmp_path, capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, (command, done.stderr)
            assert done.stdout or (tmp_path / "rskg.ttl").exists(), command
