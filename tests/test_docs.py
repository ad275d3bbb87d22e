"""The documentation holds: every command has help and is in the README."""

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
