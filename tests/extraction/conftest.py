import pytest

from conferences.extraction import extract_conference, to_json
from tests.extraction.helpers import SEED_STEMS, expected_json, seed_text


@pytest.fixture(params=SEED_STEMS)
def seed(request):
    """(stem, extraction, its JSON, the hand-written expected JSON) for every seed article."""
    extraction = extract_conference(seed_text(request.param))
    return request.param, extraction, to_json(extraction), expected_json(request.param)
