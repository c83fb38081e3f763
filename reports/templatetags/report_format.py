"""``{% load report_format %}``: numbers as the reports and their CSV files write them."""

from django import template

from reports.statistics import coefficient, percent

register = template.Library()


@register.filter(name="percent")
def percent_filter(fraction: float | None) -> str:
    """``0.8333`` → ``83.3%``; nothing → an en dash."""
    text = percent(fraction)
    return f"{text}%" if text else "–"


@register.filter(name="coefficient")
def coefficient_filter(value: float | None) -> str:
    return coefficient(value) or "–"


KIND_LABELS = {
    "choice": "Multiple choice",
    "true_false": "True/false",
    "match": "Match",
    "categorize": "Sort into categories",
    "cloze": "Fill in the blank",
    "ordering": "Put in order",
}


@register.filter
def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)
