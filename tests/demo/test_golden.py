"""The repository's data/ folder is the demo export of 3,000 records with seed 7, byte for byte."""

from __future__ import annotations

from pathlib import Path

from generator.demo import write_demo_data

ROOT = Path(__file__).parents[2]


def file_bytes(out: Path) -> dict[str, bytes]:
    """Return every file under out by relative path."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_data_folder_is_the_demo_export_of_3000_records_seed_7(tmp_path: Path) -> None:
    # The demo build and the golden tree are made from data/: a change to the synthesiser's
    # draws must be a deliberate regeneration of data/, never an accident.
    write_demo_data(tmp_path, 3000, seed=7)
    assert file_bytes(tmp_path) == file_bytes(ROOT / "data")
