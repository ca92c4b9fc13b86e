import pytest

from loaders.errors import SourceFileError
from loaders.mapping import load_mapping
from loaders.readers import ROW_NO, read_source
from tests.factories import PERSON_ROWS


def _read(mapping_path, file):
    return read_source(file, load_mapping(mapping_path))


@pytest.mark.parametrize("fmt, encoding", [
    ("csv", "utf-8"), ("csv", "gb18030"), ("csv", "utf-8-sig"), ("tsv", "utf-8"),
    ("jsonl", "utf-8"), ("json", "utf-8"), ("xlsx", "utf-8"), ("parquet", "utf-8"),
])
def test_every_format_reads_the_same_text(source_files, fmt, encoding):
    rows = _read(*source_files(fmt=fmt, encoding=encoding))
    frame = rows.frame
    assert rows.bad == [] and rows.rows_in == len(PERSON_ROWS)
    assert frame["xm"].tolist() == [r["xm"] for r in PERSON_ROWS]
    assert frame["sfzh"].tolist() == [r["sfzh"] for r in PERSON_ROWS]
    assert frame["dwmc"].tolist()[1] is None  # empty cells are None, not '' or NaN


def test_utf8_bom_is_detected_even_when_mapping_says_utf8(source_files):
    mapping, file = source_files(encoding="utf-8")
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    assert _read(mapping, file).columns[0] == "grbh"


def test_gb18030_file_declared_utf8_stops_with_the_fix(source_files):
    mapping, file = source_files(encoding="utf-8")
    file.write_bytes(file.read_text(encoding="utf-8").encode("gb18030"))
    with pytest.raises(SourceFileError) as err:
        _read(mapping, file)
    assert str(file) in str(err.value)
    assert "it decodes as GB18030" in str(err.value)
    assert "set `encoding:`" in str(err.value) and "(gb18030)" in str(err.value)


def test_utf8_file_declared_gb18030_stops_instead_of_garbling(source_files):
    mapping, file = source_files(encoding="gb18030")
    file.write_bytes(file.read_text(encoding="gb18030").encode("utf-8"))
    with pytest.raises(SourceFileError, match="it decodes as UTF-8"):
        _read(mapping, file)
    # short UTF-8 text can also be valid GB18030 bytes: caught before it is garbled
    mapping, file = source_files(encoding="gb18030", fields={"name": "xm"}, values={},
                                 raw_text="grbh,xm\nS1,张伟\n")
    file.write_bytes("grbh,xm\nS1,张伟\n".encode("utf-8"))
    with pytest.raises(SourceFileError, match="is declared gb18030 but is UTF-8 text"):
        _read(mapping, file)


def test_mapped_column_missing_names_file_column_and_fix(source_files):
    rows = [{k: v for k, v in r.items() if k != "sfzh"} | {"sfz_hm": r["sfzh"]} for r in PERSON_ROWS]
    mapping, file = source_files(rows=rows)
    with pytest.raises(SourceFileError) as err:
        _read(mapping, file)
    msg = str(err.value)
    assert err.value.column == "sfzh"
    assert f"file {file}" in msg and "has no column 'sfzh'" in msg and "field 'id_number'" in msg
    assert "did you mean 'sfz_hm'" in msg and "columns: grbh, xm" in msg


def test_csv_row_with_wrong_field_count_is_a_bad_row_with_its_line(source_files):
    text = "grbh,xm,sfzh,xb,csrq,lxdh,dwmc,tyshxydm\nS1,张伟,1,1,1,1,,\nS2,王芳,extra,1,1,1,1,,,\nS3,李娜,1,1,1,1,,\n"
    rows = _read(*source_files(raw_text=text))
    assert rows.frame[ROW_NO].tolist() == [2, 4]
    assert len(rows.bad) == 1 and rows.bad[0].row_no == 3
    assert "row has 10 fields, the header has 8" in rows.bad[0].reason
    assert rows.rows_in == 3


def test_jsonl_line_that_is_not_json_is_a_bad_row(source_files):
    text = '{"grbh": "S1", "xm": "张伟"}\n{"grbh": "S2", "xm": \n[1, 2]\n{"grbh": 3, "xm": "李娜", "sfzh": 110105194912310021}\n'
    mapping, file = source_files(fmt="jsonl", raw_text=text, fields={"name": "xm"}, values={})
    rows = _read(mapping, file)
    assert [b.row_no for b in rows.bad] == [2, 3]
    assert "not valid JSON" in rows.bad[0].reason and "not an object" in rows.bad[1].reason
    assert rows.frame["grbh"].tolist() == ["S1", "3"]
    assert rows.frame["sfzh"].tolist()[1] == "110105194912310021"  # numbers keep every digit


def test_duplicate_header_stops(source_files):
    text = "grbh,xm,xm\nS1,a,b\n"
    with pytest.raises(SourceFileError, match="names column 'xm' twice"):
        _read(*source_files(raw_text=text, fields={"name": "xm"}, values={}))


def test_empty_file_stops(source_files):
    with pytest.raises(SourceFileError, match="is empty"):
        _read(*source_files(raw_text=""))


def test_corrupt_xlsx_stops_with_the_fix(source_files):
    mapping, file = source_files(fmt="xlsx")
    file.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(SourceFileError, match="cannot be read as XLSX"):
        _read(mapping, file)


def test_xlsx_dates_and_numbers_come_out_as_text(tmp_path):
    import datetime as dt

    from tests.factories import write_source

    rows = [{"grbh": 1001, "xm": "张伟", "csrq": dt.datetime(1985, 3, 2), "lxdh": 13800138000}]
    mapping, file = write_source(tmp_path, rows=rows, fmt="xlsx",
                                 fields={"name": "xm", "birth_date": "csrq", "phone": "lxdh"}, values={})
    frame = _read(mapping, file).frame
    assert frame.iloc[0][["grbh", "csrq", "lxdh"]].tolist() == ["1001", "1985-03-02", "13800138000"]
