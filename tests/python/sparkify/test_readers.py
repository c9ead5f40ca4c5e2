"""Unit tests for reading JSON as real files come (no database needed)."""

from __future__ import annotations

import codecs

from loader.common.bookkeeping import Reject
from loader.sparkify.readers import check_json_object, iter_json_lines, read_json_document


def test_lines_accept_bom_crlf_and_skip_blank_lines(tmp_path):
    path = tmp_path / "events.json"
    path.write_bytes(codecs.BOM_UTF8 + b'{"a": 1}\r\n\r\n   \r\n{"b": 2}')
    assert list(iter_json_lines(path)) == [(1, b'{"a": 1}'), (4, b'{"b": 2}')]


def test_bad_lines_are_rejected_with_their_number_and_reason(tmp_path):
    path = tmp_path / "events.json"
    path.write_bytes(b'{"ok": 1}\n{"broken\n[1, 2]\n{"nul": "\\u0000"}\n{"fine": "\\\\u0000"}\n')
    records = list(iter_json_lines(path))
    rejects = [r for r in records if isinstance(r, Reject)]
    assert [r.line_number for r in rejects] == [2, 3, 4]
    assert rejects[0].reason.startswith("invalid JSON")
    assert "not a JSON object" in rejects[1].reason
    assert "NUL" in rejects[2].reason
    # An escaped backslash followed by u0000 is ordinary text, not a NUL.
    assert (5, b'{"fine": "\\\\u0000"}') in records


def test_quick_mode_leaves_object_shaped_lines_to_the_server(tmp_path):
    path = tmp_path / "events.json"
    path.write_bytes(b'{"ok": 1}\n{"a": nope}\n[1, 2]\n  {"padded": 1}  \n')
    records = list(iter_json_lines(path, thorough=False))
    assert records[:2] == [(1, b'{"ok": 1}'), (2, b'{"a": nope}')]
    assert isinstance(records[2], Reject) and "not a JSON object" in records[2].reason
    assert records[3] == (4, b'  {"padded": 1}  ')


def test_escapes_pass_through_untouched(tmp_path):
    line = b'{"ua": "\\"Mozilla\\/5.0\\"", "name": "Beyonc\\u00e9"}'
    path = tmp_path / "events.json"
    path.write_bytes(line + b"\n")
    assert list(iter_json_lines(path)) == [(1, line)]


def test_invalid_utf8_is_rejected_not_mangled(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"city": "Montréal"}\n{"city": "Paris"}\n'.encode("latin-1"))
    records = list(iter_json_lines(path))
    assert isinstance(records[0], Reject) and "UTF-8" in records[0].reason
    assert records[1] == (2, b'{"city": "Paris"}')


def test_utf16_files_are_transcoded(tmp_path):
    path = tmp_path / "utf16.json"
    path.write_bytes('{"name": "Zoë"}\r\n'.encode("utf-16"))
    assert list(iter_json_lines(path)) == [(1, '{"name": "Zoë"}'.encode())]


def test_pretty_printed_song_file_becomes_one_line(tmp_path):
    path = tmp_path / "TRAAAAA.json"
    path.write_bytes(b'{\n  "title": "A \\"quoted\\" song",\r\n  "year": 0\n}')
    number, payload = read_json_document(path)
    assert number == 1 and b"\n" not in payload and b"\r" not in payload
    assert check_json_object(payload) is None


def test_broken_song_file_is_a_reject(tmp_path):
    path = tmp_path / "TRBROKEN.json"
    path.write_bytes(b'{"title": "unfinished"')
    result = read_json_document(path)
    assert isinstance(result, Reject) and result.reason.startswith("invalid JSON")
