"""The service's CLI: `yidang serve` answers over real HTTP; profile, search and audit commands
call the same functions as the routes, and their reads are audited too."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time

import httpx

from api.cli import main


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_over_http_and_releases_the_store(city, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(city.folder, store)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--store", str(store),
                             "--port", str(port)], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, YIDANG_REFRESH_INTERVAL_S="0"))
    try:
        first = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}" in first and "/docs" in first
        for _ in range(240):
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/ready", timeout=1)
                if r.status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.25)
        assert r.json()["status"] == "ready"
        assert httpx.get(f"http://127.0.0.1:{port}/profiles/P0000000001").status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert main(["status", "--store", str(store)]) == 0  # the server let go of the store


def test_profile_search_and_audit_commands(city, tmp_path, capsys):
    store = tmp_path / "store"
    shutil.copytree(city.folder, store)
    assert main(["profile", city.merged_away, "--store", str(store)]) == 0
    captured = capsys.readouterr()
    assert city.merged_into in captured.err
    found = json.loads(captured.out)
    assert found["eid"] == city.merged_into
    id_number = found["fields"]["id_number"]["value"]
    assert main(["profile", id_number, "--by", "id_number", "--store", str(store)]) == 0
    assert json.loads(capsys.readouterr().out)["eid"] == city.merged_into
    assert main(["search", found["fields"]["name"]["value"], "--store", str(store)]) == 0
    assert city.merged_into in capsys.readouterr().out
    assert main(["audit", "--eid", city.merged_into, "--store", str(store)]) == 0
    trail = capsys.readouterr().out
    assert "cli:" in trail and "profile" in trail and "search" in trail
