"""libical's own iTIP check, compiled from tests/support/c/itip_check.c against the Debian
package libical-dev (gcc and pkg-config), once per test process."""

import functools
import subprocess
import tempfile
from pathlib import Path

from tests.support.office import required

SOURCE = Path(__file__).parent / "c" / "itip_check.c"


@functools.cache
def checker() -> Path:
    gcc = required("gcc", "gcc")
    pkg_config = required("pkg-config", "pkg-config")
    flags = subprocess.run(
        [pkg_config, "--cflags", "--libs", "libical"], capture_output=True, text=True, check=False
    )
    if flags.returncode != 0:
        required("libical-pkg-config-absent", "libical-dev")
    program = Path(tempfile.mkdtemp(prefix="citeduc-itip-")) / "itip_check"
    subprocess.run([gcc, str(SOURCE), "-o", str(program), *flags.stdout.split()], check=True)
    return program


def itip_errors(ics: bytes) -> list[str]:
    """What libical says of a scheduling message: [] when it passes the method's restrictions."""
    with tempfile.NamedTemporaryFile(suffix=".ics") as file:
        file.write(ics)
        file.flush()
        done = subprocess.run([str(checker()), file.name], capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    return [] if done.returncode == 0 else lines
