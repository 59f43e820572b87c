"""Write a synthetic, deterministic 九江市 credit export for demos, tests and benchmarks.

The output follows the input contract of DESIGN.md: one folder per kind, Chinese headers, and a
small sprinkling of the quirks real exports have (full-width or lower-case codes, stray spaces,
other date spellings, wrong check characters, duplicates, blank required cells, a GB18030 file
and an XLSX sheet with a title row), so that ingest has real work to do.

Everything is drawn from one ``random.Random(seed)``; the clock is never read, so the same
``(records, seed, end)`` always gives the same bytes. The name lists, departments and text
templates are data files in ``generator/demo/data/``.
"""

from generator.demo.export import Export, write_demo_data

__all__ = ["Export", "write_demo_data"]
