import json
from pathlib import Path

HERE = Path(__file__).parent
SEEDS = HERE / "seeds"
EXPECTED = HERE / "expected"
SEED_STEMS = sorted(path.stem for path in SEEDS.glob("*.txt"))


def seed_text(stem: str) -> str:
    return (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")


def expected_json(stem: str) -> dict:
    return json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))
