"""Safe updates: one ingest at a time, kills leave the served state alone, servers reload."""

import os
import signal
import subprocess
import sys
import time

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from ingest.errors import RskgError
from ingest.pipeline import ingest, remove
from ingest.settings import Settings
from ingest.storage import current_state, ingest_lock
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow
EXPORT = {"q": "Which guidance covers export control in teaching?", "k": 1}
NEW_PAGE = """<html><body><main><h1>Open access policy</h1>
<p>Researchers deposit the accepted manuscript of every journal article in the institutional repository within three months.</p>
</main></body></html>"""


def test_a_killed_ingest_leaves_the_previous_state_serving_and_the_next_one_completes(data_copy, tmp_path):
    big = tmp_path / "workshop-copy.txt"  # new text, so the model has a few seconds of embedding to do
    big.write_text((CORPUS / "001_7074dd3c33786a85.txt").read_text().replace("research", "scholarly research"))
    before = current_state(data_copy)
    with TestClient(create_app(Settings(data_dir=data_copy, reload_interval=0.2))) as client:
        top = client.get("/search", params=EXPORT).json()["results"][0]["id"]
        child = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "ingest", str(big), "--data-dir", str(data_copy)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while len(list((data_copy / "states").iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)  # the new state's folder exists: the ingest is under way
        time.sleep(1.0)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()

        assert current_state(data_copy) == before
        assert client.get("/search", params=EXPORT).json()["results"][0]["id"] == top
        assert client.get("/health").json()["documents"] == 5

    report = ingest([big], Settings(data_dir=data_copy))
    assert report.state is not None and report.total_documents == 6
    leftovers = [p for p in (data_copy / "states").iterdir() if not (p / "state.json").exists()]
    assert leftovers == [], "the killed ingest's unfinished state is swept"


def test_a_running_server_picks_up_a_new_state_without_a_restart(data_copy, tmp_path):
    page = tmp_path / "open-access.html"
    page.write_text(NEW_PAGE)
    question = {"q": "where do I deposit my accepted manuscript?", "k": 1}
    with TestClient(create_app(Settings(data_dir=data_copy, reload_interval=0.1))) as client:
        assert "accepted manuscript" not in client.get("/search", params=question).json()["results"][0]["text"]
        ingest([page], Settings(data_dir=data_copy))
        deadline = time.monotonic() + 10
        while client.get("/health").json()["documents"] != 6 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "accepted manuscript" in client.get("/search", params=question).json()["results"][0]["text"]

        remove(["open-access"], Settings(data_dir=data_copy))
        deadline = time.monotonic() + 10
        while client.get("/health").json()["documents"] != 5 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "accepted manuscript" not in client.get("/search", params=question).json()["results"][0]["text"]


def test_states_a_server_reads_are_not_pruned(data_copy, tmp_path):
    with TestClient(create_app(Settings(data_dir=data_copy, reload_interval=0))) as client:
        served = current_state(data_copy)
        for n in range(3):
            page = tmp_path / f"page-{n}.html"
            page.write_text(NEW_PAGE.replace("three months", f"{n + 4} months"))
            ingest([page], Settings(data_dir=data_copy, keep_states=1))
        assert served.exists()
        assert client.get("/search", params=EXPORT).json()["count"] == 1
    finished = [p for p in (data_copy / "states").iterdir() if (p / "state.json").exists()]
    assert len(finished) <= 3


def test_remove_rejects_an_unknown_id_and_names_the_known_ones(data_copy):
    with pytest.raises(RskgError, match="no document nope in the index; its documents are: cambridge-safeguarding-research"):
        remove(["nope"], Settings(data_dir=data_copy))


def test_a_second_ingest_waits_its_turn(data_copy):
    with ingest_lock(data_copy), pytest.raises(RskgError, match=r"another ingest .* is writing"):
        ingest([CORPUS], Settings(data_dir=data_copy))


def test_no_request_fails_while_a_new_state_is_swapped_in(data_copy, tmp_path):
    import threading

    page = tmp_path / "open-access.html"
    page.write_text(NEW_PAGE)
    statuses: list[int] = []
    done = threading.Event()
    with TestClient(create_app(Settings(data_dir=data_copy, reload_interval=0.05))) as client:

        def ask() -> None:
            while not done.is_set():
                statuses.append(client.get("/search", params=EXPORT).status_code)

        asker = threading.Thread(target=ask)
        asker.start()
        ingest([page], Settings(data_dir=data_copy))
        deadline = time.monotonic() + 10
        while client.get("/health").json()["documents"] != 6 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        done.set()
        asker.join()
    assert len(statuses) > 10 and set(statuses) == {200}
