"""Demo records of the registry, made through the workflow services as the demo users of each level.

- `seed_communes`: the communes of the seed articles (Phú Lợi, Sơn Lâm), at the levels the articles give;
- `tuyen_quang`: the province of the leadership demo user, with models at every stage in both eras;
- `generated`: a few hundred generated models, marked as such, so that the province's movement
  summary is big enough to be printed by the background worker;
- `rubrics`: two provinces' scoring rubrics, marked as demo data, loaded after the models' decisions.

Each part loads once: run again, it finds its records and adds nothing.
"""

from models_registry.demo_data.generated import load as load_generated
from models_registry.demo_data.rubrics import load as load_rubrics
from models_registry.demo_data.seed_communes import load as load_seed_communes
from models_registry.demo_data.tuyen_quang import load as load_tuyen_quang


def load(stdout) -> None:
    load_seed_communes(stdout)
    load_tuyen_quang(stdout)
    load_generated(stdout)
    load_rubrics(stdout)
