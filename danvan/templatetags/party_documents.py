"""Filters for the fixed wording of party documents (printed as is, never translated)."""

from django import template

from danvan import party_documents

register = template.Library()

# ``{{ report_date|place_date:"Lâm Bình" }}`` → "Lâm Bình, ngày 27 tháng 11 năm 2023".
place_date = register.filter("place_date", party_documents.place_date)
