"""Readers nobody here wrote, run on our outputs: LibreOffice headless converts files as a person
opening them would, pdfinfo reads a PDF's tags. Missing on a developer's machine: the test is
skipped; with CITEDUC_REQUIRE_ALL=1 (CI) it fails."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def required(program: str, package: str) -> str:
    found = shutil.which(program)
    if found:
        return found
    message = f"{program} est nécessaire (paquet Debian {package})"
    if os.environ.get("CITEDUC_REQUIRE_ALL") == "1":
        pytest.fail(message)
    pytest.skip(message)


def libreoffice_convert(files: list[Path], target: str, out: Path) -> list[Path]:
    """Convert every file in one LibreOffice run (its start is the cost), with a profile of its
    own so that test processes do not share one; the converted files, in the same order."""
    soffice = required("soffice", "libreoffice-calc-nogui et libreoffice-writer-nogui")
    out.mkdir(parents=True, exist_ok=True)
    profile = out / "profil-libreoffice"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    extension = target.split(":")[0]
    converted = [out / f"{f.stem}.{extension}" for f in files]
    missing = [p.name for p in converted if not p.exists()]
    assert done.returncode == 0 and not missing, (done.stdout, done.stderr, missing)
    return converted


def pdf_info(path: Path) -> dict[str, str]:
    """What pdfinfo (poppler) says of a PDF, field by field."""
    pdfinfo = required("pdfinfo", "poppler-utils")
    text = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, check=True).stdout
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in text.splitlines())
        if value
    }


# LibreOffice's CSV filter: comma, double quotes, UTF-8 (76), first sheet, cells as shown.
CSV_UTF8 = "csv:Text - txt - csv (StarCalc):44,34,76,1"
