"""The list of the models recognized by a decision."""

from danvan.models import Document, Organization
from danvan.scoping import subtree_paths
from models_registry.models import Recognition
from reports.figures.common import decision_wording, recognized_rows, scoped_models


def recognized_models(user, organization: Organization, decision: Document) -> dict:
    models = scoped_models(user, subtree_paths(organization))
    recognitions = Recognition.objects.filter(decision=decision, emulation_model__in=models)
    deciding = recognitions.values_list("deciding_organization__name", flat=True).first()
    return {
        "decision": decision_wording(decision.code, decision.issued_on),
        "deciding_body": deciding or decision.issuer_name,
        "rows": recognized_rows(recognitions),
    }
