"""One real standalone Spark cluster for the whole test run: a master, two workers and the
Thrift server, each its own process, on free loopback ports, with a warehouse and a
metastore of its own in a temporary directory. Started once, stopped at the end.

The Spark suite is part of `make test`; the `spark` extra must be installed (make
install-spark). SPARKIFY_SKIP_SPARK=1 skips it, for a machine without the extra.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest

from loader.dbt_profile import write_profile
from tests.python.helpers import environment
from tests.python.spark.warehouse import SparkWarehouse


def _free_run(length: int, taken: set[int]) -> int:
    """The first of `length` consecutive free ports, none of them in `taken`."""
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        run = set(range(base, base + length))
        if not run & taken and all(_is_free(port) for port in run):
            taken.update(run)
            return base


def _is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _pg_password_present():
    """A PGPASSWORD in our environment while the cluster starts (a dummy one if none is
    set), so test_spark_security can show that no daemon inherits it. Only while it
    starts: a PGPASSWORD would override a PostgreSQL test's own credentials."""
    return environment(PGPASSWORD=os.environ.get("PGPASSWORD") or "sparkify-test-dummy-pg-password")


@pytest.fixture(scope="session")
def spark_cluster(tmp_path_factory) -> Iterator[dict[str, str]]:
    if os.environ.get("SPARKIFY_SKIP_SPARK") == "1":
        pytest.skip("SPARKIFY_SKIP_SPARK=1")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        pytest.fail("the spark extra is not installed: make install-spark")
    from loader.spark import cluster

    taken: set[int] = set()
    ui = _free_run(3, taken)  # the master's web UI, then one per worker
    master, thrift = _free_run(1, taken), _free_run(1, taken)
    env = {
        "SPARKIFY_SPARK_DIR": str(tmp_path_factory.mktemp("spark")),
        "SPARKIFY_SPARK_UI_PORT": str(ui),
        "SPARKIFY_SPARK_MASTER_PORT": str(master),
        "SPARKIFY_SPARK_THRIFT_PORT": str(thrift),
    }
    write_profile()  # the profile's spark targets as the example has them (keeps the socket)
    with environment(**env):
        settings = cluster.ClusterSettings(workers=2)  # reads the ports and folder set here
        try:
            with _pg_password_present():
                cluster.up(settings)
            yield env
        finally:
            cluster.down(settings)


@pytest.fixture(scope="module")
def spark(spark_cluster, tmp_path_factory) -> SparkWarehouse:
    """The cluster with every database of a previous test module dropped."""
    warehouse = SparkWarehouse(tmp_path_factory.mktemp("spark_dbt"))
    warehouse.reset()
    return warehouse
