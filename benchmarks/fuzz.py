"""More mutants than the test suite runs (issue 13): python benchmarks/fuzz.py [COUNT] [SEED]

Uses the mutations of ``tests/test_fuzz.py``; prints how often each exit code was seen and
stops at the first mutant that breaks a promise (the assertion names seed and number).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_fuzz import run_mutants  # noqa: E402 - the tests folder is not a package


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else int(time.time())
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        seen = run_mutants(seed, count, Path(folder))
    print(
        f"seed {seed}: {count} mutants in {time.perf_counter() - start:.0f} s, exit codes {dict(sorted(seen.items()))}"
    )


if __name__ == "__main__":
    main()
