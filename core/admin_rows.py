"""The admin change lists' rows: the same HTML as Django's `items_for_result`, made per column once
instead of per cell (issue 15).

Django's admin works out, for every cell of a hundred-row page, which field or method a column
shows, its empty value, its CSS classes and whether it links, and for the linked column reverses
the change URL and resolves it again to keep the list's filters. Those are the same for every row;
the work was a third of a long list's time and the reason a list of 100 rows took twice as long as
the demo's list of a handful. Here each column is prepared once per page and a row only looks up
its values and formats them with Django's own `display_for_field`/`display_for_value`.

Lists with editable columns (a formset) are drawn by Django's own code, unchanged.
`tests/core/test_admin_rows.py` compares the HTML with Django's for every registered admin.
"""

from __future__ import annotations

import datetime
import html
from urllib.parse import quote as url_quote

from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
    quote,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.html import escape, format_html
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe


def _escaped(value) -> str:
    """Django's `conditional_escape` without its lazy-argument wrapper (a few microseconds a
    call, three calls a cell): safe strings as they are, anything else escaped as text."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


_PK = "__row_pk__"  # stands for a row's primary key in the change URL made once per page


class _ChangeUrl:
    """The linked column's href for each row: Django's `url_for_result` + `add_preserved_filters`,
    reversed and resolved once with a stand-in key, then the row's key put in."""

    def __init__(self, cl):
        self.cl = cl
        self.per_row = type(cl).url_for_result is not ChangeList.url_for_result
        self.template = None
        if self.per_row:
            return
        opts = cl.opts
        try:
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=(_PK,),
                current_app=cl.model_admin.admin_site.name,
            )
        except NoReverseMatch:
            return
        url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": opts}, url)
        if url.count(_PK) == 1:
            self.template = escape(url)
        else:  # the stand-in is not where it can be replaced safely
            self.per_row = True

    def __call__(self, result) -> str | None:
        """The escaped href, or None where the admin has no change page for the row."""
        if self.per_row:
            try:
                url = self.cl.url_for_result(result)
            except NoReverseMatch:
                return None
            context = {"preserved_filters": self.cl.preserved_filters, "opts": self.cl.opts}
            return escape(add_preserved_filters(context, url))
        if self.template is None:
            return None
        # As `reverse` puts an argument in a path (Django's `quote` first, for the admin).
        key = url_quote(str(quote(result.pk)), safe=RFC3986_SUBDELIMS + "/~:@")
        return self.template.replace(_PK, html.escape(key))


class _Icons(dict):
    """Django's yes/no/unknown icons, made once a page (each one looks up a static file's hashed
    name)."""

    def __missing__(self, value):
        self[value] = icon = admin_list._boolean_icon(value)
        return icon


class _Column:
    def __init__(self, cl, index, field_name, *, link, first, empty, icons):
        self.cl = cl
        self.icons = icons
        self.name = field_name
        self.link = link
        self.tag = "th" if first else "td"
        self.empty = empty
        self.css = [f"field-{admin_list._coerce_field_name(field_name, index)}"]
        self.field = None
        self.method = None  # an admin method or a callable: called with the row
        try:
            self.field = _get_non_gfk_field(cl.lookup_opts, field_name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            if callable(field_name):
                self.method = field_name
            elif hasattr(cl.model_admin, field_name) and field_name != "__str__":
                self.method = getattr(cl.model_admin, field_name)
        self.plain = self.field is None or self.field.auto_created
        # A yes/no field: Django's `display_for_field` draws the icon (no choices, any value).
        self.yes_no = (
            not self.plain
            and isinstance(self.field, models.BooleanField)
            and not getattr(self.field, "flatchoices", None)
        )
        self.many_to_one = self.field is not None and isinstance(
            self.field.remote_field, models.ManyToOneRel
        )
        if self.field is not None and not self.plain:
            if isinstance(self.field, (models.DateField, models.TimeField, models.ForeignKey)):
                self.css.append("nowrap")

    def _lookup(self, result):
        if self.field is not None:
            return self.field, None, getattr(result, self.name)
        if self.method is not None:
            return None, self.method, self.method(result)
        return lookup_field(self.name, result, self.cl.model_admin)

    def cell(self, result, href: str | None) -> SafeString:
        css = self.css
        try:
            f, attr, value = self._lookup(result)
        except ObjectDoesNotExist:
            result_repr = self.empty
        else:
            empty = getattr(attr, "empty_value_display", self.empty)
            if isinstance(value, str) and value.strip() == "":
                value = ""
            if f is None or f.auto_created:
                if self.name == "action_checkbox":
                    css = ["action-checkbox"]
                boolean = getattr(attr, "boolean", False)
                if isinstance(attr, property) and hasattr(attr, "fget"):
                    boolean = getattr(attr.fget, "boolean", False)
                if boolean and (value is None or isinstance(value, bool)):
                    result_repr = self.icons[value]
                else:
                    result_repr = display_for_value(value, empty, boolean)
                if isinstance(value, (datetime.date, datetime.time)):
                    css = [*css, "nowrap"]
            elif self.many_to_one:
                field_val = getattr(result, f.name)
                result_repr = empty if field_val is None else field_val
            elif self.yes_no and (value is None or isinstance(value, bool)):
                result_repr = self.icons[value]
            else:
                result_repr = display_for_field(value, f, empty, avoid_link=self.link)
        content = _escaped(result_repr)
        if self.link and href is not None:
            popup = ""
            if self.cl.is_popup:
                attname = (
                    str(self.cl.to_field) if self.cl.to_field else self.cl.lookup_opts.pk.attname
                )
                popup = format_html(' data-popup-opener="{}"', result.serializable_value(attname))
            content = f'<a href="{href}"{popup}>{content}</a>'
        return mark_safe(f'<{self.tag} class="{" ".join(css)}">{content}</{self.tag}>')  # noqa: S308  # nosec B308 B703 - every part escaped above


def _columns(cl) -> list[_Column]:
    empty = cl.model_admin.get_empty_value_display()
    icons = _Icons()
    columns, first = [], True
    for index, field_name in enumerate(cl.list_display):
        link = _links(first, field_name, cl)
        columns.append(
            _Column(
                cl, index, field_name, link=link, first=first and link, empty=empty, icons=icons
            )
        )
        if link:
            first = False
    return columns


def _links(is_first, field_name, cl) -> bool:
    """Django's `link_in_col`: does this column link to the row's change page?"""
    if cl.list_display_links is None:
        return False
    if is_first and not cl.list_display_links:
        return True
    return field_name in cl.list_display_links


def results(cl):
    """What Django's `admin_list.results` yields: one list of cells per row."""
    if getattr(cl, "formset", None):
        yield from admin_list.results(cl)
        return
    columns = _columns(cl)
    change_url = _ChangeUrl(cl) if any(column.link for column in columns) else None
    for result in cl.result_list:
        href = change_url(result) if change_url is not None else None
        yield admin_list.ResultList(None, [column.cell(result, href) for column in columns])


def result_list(cl):
    """Django's `admin_list.result_list` with the rows above."""
    headers = list(admin_list.result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(admin_list.result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": list(results(cl)),
    }
