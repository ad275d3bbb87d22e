"""The analyst notebooks run clean against the built graph, and are committed without outputs."""

import pytest

from ingest.settings import PROJECT_ROOT, Settings
from tests.liveserver import live_server

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_the_three_analyst_notebooks():
    assert [n.stem for n in NOTEBOOKS] == ["01-explore-with-sparql", "02-coverage-heatmap", "03-crosswalk-network"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_committed_without_outputs(path):
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs before committing"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_clean_against_the_built_graph(path, corpus_data_dir, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    monkeypatch.setenv("RSKG_DATA_DIR", str(corpus_data_dir))
    with live_server(Settings(data_dir=corpus_data_dir, reload_interval=0)) as url:
        monkeypatch.setenv("RSKG_ENDPOINT", f"{url}/sparql")  # the notebook's HTTP section runs too
        NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for cell in notebook.cells for o in cell.get("outputs", []) if o.output_type == "error"]
    assert not errors
    printed = "".join(o.get("text", "") for cell in notebook.cells for o in cell.get("outputs", []) if o.output_type == "stream")
    assert "skipped" not in printed
