"""The COPY writer (loader/common/copy_writer.py) against a real PostgreSQL."""

from __future__ import annotations

import os
import signal
import time

import pytest
from psycopg2 import sql

from loader.common.copy_writer import copy_binary, json_row, json_row_prefix
from tests.python.helpers import query


def test_a_process_that_ignores_ctrl_c_keeps_ignoring_it_during_copy(db):
    """Worker processes ignore SIGINT (their parent stops them); a COPY must not turn a
    Ctrl-C sent to the whole process group into a crash of the worker mid-file."""

    with db.cursor() as cur:
        cur.execute(
            "create temporary table landed (source_file text, line_number bigint, payload jsonb)"
        )
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:

        def rows():
            prefix = json_row_prefix("a.json")
            for number in range(1, 1001):
                if number == 500:
                    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C mid-COPY
                    time.sleep(0.05)
                yield json_row(prefix, number, b'{"n": 1}')

        try:
            with db.cursor() as cur:
                written = copy_binary(
                    cur, sql.Identifier("landed"), ["source_file", "line_number", "payload"], rows()
                )
        except KeyboardInterrupt:
            pytest.fail("the COPY turned an ignored Ctrl-C into KeyboardInterrupt")
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
    assert written == 1000
    assert query(db, "select count(*) from landed") == [(1000,)]
