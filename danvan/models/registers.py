"""The shared registers: the people and the documents an organization keeps."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.models.organizations import Organization
from danvan.scoping import ScopedQuerySet
from danvan.text import fold


class PersonQuerySet(ScopedQuerySet):
    """People are kept by the organization whose record first named them, and scoped by it."""

    scope_path_field = "organization__path"

    def search(self, text: str) -> "PersonQuerySet":
        return self.filter(search_name__contains=fold(text))


class Person(models.Model):
    """An official known to the portal, recognized across the records of one line of the hierarchy.

    A position is not kept here: it belongs to the record that states it (an
    attendee on the day of a conference, the individual of a model), so one
    province's record never changes what another province's record says.
    """

    full_name = models.CharField(_("full name"), max_length=120)
    search_name = models.CharField(max_length=120, db_index=True, editable=False)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("kept by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)


class DocumentSystem(models.TextChoices):
    PARTY = "party", _("party document")
    STATE = "state", _("state document")


class DocumentQuerySet(ScopedQuerySet):
    """Documents are kept by the organization that issued (a decision) or cited them, and scoped by it."""


class Document(models.Model):
    """A document reviewed or cited by a conference, or a recognition decision.

    `code` is the normalized number ("09-NQ/TU", "16/CT-TTg"). Party numbers
    restart with each committee term and every commune numbers its own
    decisions, so a document is identified by the organization that keeps it
    (the issuer of a decision, or the body whose record cites it), its number
    and its date.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("kept by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_("The issuing body of a decision; for a cited document, the body whose record cites it."),
    )
    code = models.CharField(_("number and symbol"), max_length=60, db_index=True)
    system = models.CharField(_("system"), max_length=5, choices=DocumentSystem.choices)
    type_code = models.CharField(_("type code"), max_length=10)
    number = models.CharField(_("number"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year in the number"), null=True, blank=True)
    issuer_code = models.CharField(_("issuer code"), max_length=20)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuer_name = models.CharField(_("issued by"), max_length=200, blank=True)
    title = models.CharField(_("subject"), max_length=500, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code", "issued_on"], name="document_unique_keeper_code_date"
            ),
        ]

    def __str__(self) -> str:
        if self.issued_on:
            return f"{self.code} ({self.issued_on:%d/%m/%Y})"
        return self.code
