"""``{{ line.look.tags|look_words }}``: looks and skills in the reader's language."""

from django import template

from actors.looks import look_words as _look_words

register = template.Library()


@register.filter
def look_words(codes) -> str:
    return _look_words(codes or ())
