"""`{% result_list cl %}` drawn with core.admin_rows (the same HTML as Django's, made per column
once); templates/admin/change_list.html loads it in place of Django's."""

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from core import admin_rows

register = template.Library()


@register.tag(name="result_list")
def result_list_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=admin_rows.result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
