"""The resolution commands of the CLI, end to end on a real store."""

import json

from api.cli import main


def test_resolve_export_evaluate(sample_city, tmp_path, capsys):
    import shutil

    folder, truth = sample_city
    store = tmp_path / "store"
    shutil.copytree(folder, store)
    assert main(["resolve", "--store", str(store), "--kind", "organization"]) == 0
    out = capsys.readouterr().out
    assert "organization: block" in out and "rule" in out and "core_region" in out
    assert main(["export", "--store", str(store), "--out", str(tmp_path / "e.csv")]) == 0
    assert "resolved" in capsys.readouterr().out
    lines = (tmp_path / "e.csv").read_text("utf-8").splitlines()
    assert lines[0] == "source,key,kind,entity_id"
    assert main(["evaluate", "--store", str(store), "--truth", str(truth), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["organization"]["f1"] > 0.99 and scores["person"]["unresolved"] > 0


def test_resolve_with_edited_settings_and_bad_settings(sample_city, tmp_path, capsys):
    import shutil

    folder, _ = sample_city
    store = tmp_path / "store"
    shutil.copytree(folder, store)
    assert main(["settings", "place"]) == 0
    settings = json.loads(capsys.readouterr().out)
    settings["thresholds"]["match"] = 0.999
    path = tmp_path / "place.json"
    path.write_text(json.dumps(settings), "utf-8")
    assert main(["resolve", "--store", str(store), "--kind", "place", "--settings", str(path),
                 "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["kinds"][0]["status"] == "resolved"
    settings["thresholds"]["match"] = 2
    path.write_text(json.dumps(settings), "utf-8")
    assert main(["resolve", "--store", str(store), "--settings", str(path)]) == 1
    assert "place.json" in capsys.readouterr().err
