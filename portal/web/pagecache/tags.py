"""`{% fragment "card" article.pk article.updated_at %}…{% endfragment %}`: a piece kept per worker.

The arguments name the piece: give everything its HTML depends on that is
not behind a surrogate key declared inside it (the variant of a card, its
heading level, the version of the article). Inside, declare what it shows
(`{% shows article %}` or a view's declarations); see `fragments`.
"""

from django import template

from portal.web.pagecache import fragments
from portal.web.pagecache.declare import surrogate_keys_add

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        if fragments.request_clock(request) is None:
            return self.nodelist.render(context)
        name = fragments.piece_name(request, *(part.resolve(context) for part in self.parts))
        return fragments.render(request, name, lambda: self.nodelist.render(context))


@register.tag("fragment")
def fragment(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError('{% fragment %} needs a name, e.g. {% fragment "card" article.pk %}')
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits])


@register.simple_tag(takes_context=True)
def shows_key(context, *parts):
    """Declare the surrogate key made of `parts` ({% shows_key "list-section" 4 %}: list-section-4)."""
    surrogate_keys_add(context.get("request"), "-".join(str(part) for part in parts))
    return ""
