"""The wheel carries the rule packs, and an installed (not editable) package finds them."""

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_installed_wheel_ships_and_finds_the_rule_packs(tmp_path):
    source = tmp_path / "source"  # a clean copy: a build/ folder left in the checkout could hide a mistake
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("cleaner", "rules"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(tmp_path / "site"), str(source)],
        check=True,
        capture_output=True,
    )
    shipped = tmp_path / "site" / "cleaner" / "rules"
    packs = sorted(p.relative_to(shipped) for p in shipped.rglob("*.toml"))
    assert packs == sorted(p.relative_to(ROOT / "rules") for p in (ROOT / "rules").rglob("*.toml"))
    assert Path("lang/de.toml") in packs
    probe = "import cleaner, cleaner.cli; print(cleaner.__file__); print(repr(cleaner.clean('Advertisement\\n\\nThe summit ended.').text))"
    # -S: no site module, so no editable-install hook; the dependencies come from this environment.
    path = os.pathsep.join([str(tmp_path / "site"), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    done = subprocess.run(
        [sys.executable, "-S", "-c", probe],
        cwd=tmp_path,
        env={"PYTHONPATH": path},
        check=True,
        capture_output=True,
        text=True,
    )
    imported_from, cleaned = done.stdout.splitlines()
    assert Path(imported_from).is_relative_to(tmp_path / "site")
    assert cleaned == repr("The summit ended.\n")
