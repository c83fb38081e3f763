"""``{% cachedpart name value… %}…{% endcachedpart %}``: a part of the page kept in the cache.

For the parts every page repeats (the site's header and footer): rendered once per
``name``, the values given (all the part shows of the request or the user), the
template's source, the static files' manifest and the interface language; the CSRF token
is rendered as a stand-in and each response gets its own (``with_csrf_token``).
Nothing in such a part may depend on anything else: what it shows, it names.
"""

from django import template
from django.contrib.staticfiles.storage import staticfiles_storage

from briefing.content_cache import (
    TOKEN_STAND_IN,
    cached_object,
    interface,
    part_in_context,
    templates_digest,
)

register = template.Library()


class CachedPartNode(template.Node):
    def __init__(self, name: str, values: list[template.base.FilterExpression], nodelist):
        self.name, self.values, self.nodelist = name, values, nodelist

    def render(self, context: template.Context) -> str:
        shown = [value.resolve(context) for value in self.values]
        signature = (
            "page-part",
            self.name,
            shown,
            templates_digest(self.origin.template_name),
            getattr(staticfiles_storage, "manifest_hash", ""),
            interface(),
        )
        html = cached_object(signature, lambda: self.render_with_stand_in(context))
        return part_in_context(html, context)

    def render_with_stand_in(self, context: template.Context) -> str:
        with context.push(csrf_token=TOKEN_STAND_IN):
            return self.nodelist.render(context)


@register.tag
def cachedpart(parser, token) -> CachedPartNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cachedpart needs a name, then the values it shows.")
    nodelist = parser.parse(("endcachedpart",))
    parser.delete_first_token()
    return CachedPartNode(bits[1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist)
